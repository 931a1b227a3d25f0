// tenants/<code>.html: one tenant's QA checklist with its evidence and links, its deployment
// timeline, audit trail, super users and modules with their reports, its last drift check and its
// refreshes. No script: all static.
import type { TenantPage } from '../model.ts';
import { statusBadge } from './fleet-page.ts';
import { renderBarChart } from './charts.ts';
import { driftSummary, formatDuration, refreshBar, refreshSummary } from './health.ts';
import { esc, formatTime, link, NONE, renderPage, text } from './html.ts';
import { CSS } from './style.ts';

export function renderTenantPage(page: TenantPage, generatedAt: string): string {
  const r = page.row;
  const body = `<header><p><a href="../index.html">← All tenants</a></p><h1>${esc(r.name)} <span class="small">(${esc(r.code)})</span></h1>
<p>${statusBadge(r.status)} ${esc(r.lifecycle)} · ${esc(r.isolation)} isolation on ${esc(r.cluster)} · generated ${formatTime(generatedAt)}</p></header>
<main id="main">
<h2>Overview</h2>
<dl class="facts">
<dt>Login</dt><dd>${link(page.links.login, page.links.login ?? '')}</dd>
<dt>Workspace</dt><dd>${link(page.links.workspace, 'Open in Power BI')}</dd>
<dt>Capacity</dt><dd>${text(r.capacity)}</dd>
<dt>Reports</dt><dd>${r.reports.deployed} deployed ÷ ${text(r.reports.expected)} expected</dd>
<dt>Migration</dt><dd>${text(r.migration?.version)} ÷ ${text(r.migration?.latest)}</dd>
<dt>Last refresh</dt><dd>${refreshSummary(r.refresh)}</dd>
<dt>Provisioned</dt><dd>${formatTime(r.provisionedAt)}</dd>
<dt>Live</dt><dd>${formatTime(r.liveAt)}</dd>
<dt>Approved by</dt><dd>${text(r.approvedBy)}</dd>
<dt>Drift</dt><dd>${r.drift?.resources.length ? `<a href="#drift">${driftSummary(r.drift)}</a>` : driftSummary(r.drift)}</dd>
<dt>Waiting gate</dt><dd>${link(r.gateUrl, 'waiting for approval')}</dd>
</dl>
<h2 id="checklist">QA checklist</h2>
${renderChecklist(page)}
<h2 id="drift">Drift</h2>
${renderDrift(page)}
<h2 id="refreshes">Refreshes</h2>
${renderRefreshes(page)}
<h2>Modules and reports</h2>
${renderModules(page)}
<h2>Super users</h2>
${renderTable('Super users', ['Email', 'Name', 'Invited', 'Redeemed'], page.superUsers.map((u) => [esc(u.email), esc(u.name), formatTime(u.invitedAt), formatTime(u.redeemedAt)]), 'No super users recorded.')}
<h2>Deployment timeline</h2>
${renderTable('Deployments', ['Started', 'Finished', 'Status', 'By', 'Plan', 'Run'], [...page.timeline].reverse().map((d) => [formatTime(d.at), formatTime(d.finishedAt), esc(d.status), esc(d.actor), `<code>${esc(d.planHash.slice(0, 12))}</code>`, link(d.runUrl, 'run')]), 'No deployments recorded.')}
<h2>Audit trail</h2>
${renderTable('Audit trail', ['When', 'Who', 'Action', 'Target', 'Run'], [...page.audit].reverse().map((a) => [formatTime(a.at), esc(a.actor), esc(a.action), text(a.target), link(a.runUrl, 'run')]), 'No audit entries.')}
</main>`;
  return renderPage({ title: `${r.code} — tenantops`, body, css: CSS });
}

function renderChecklist(page: TenantPage): string {
  if (!page.checks) return '<p>Not verified for this site (run <code>tenantops verify</code>, or build the site with verification).</p>';
  if (page.checks.length === 0) return '<p>No checks.</p>';
  const passed = page.checks.filter((c) => c.ok).length;
  const items = page.checks.map((c) =>
    `<li><span class="badge ${c.ok ? 'ok' : 'fail'}">${c.ok ? 'pass' : 'fail'}</span> <strong>${esc(c.id)}</strong>: ${esc(c.evidence)}${c.link ? ` (${link(c.link, 'evidence')})` : ''}</li>`);
  return `<p>${passed} of ${page.checks.length} checks pass.</p><ul class="checks" aria-labelledby="checklist">${items.join('\n')}</ul>`;
}

function renderDrift(page: TenantPage): string {
  const drift = page.row.drift;
  if (!drift) return '<p>Never checked: the drift workflow has not recorded a check of this tenant.</p>';
  const checked = `Checked ${formatTime(drift.checkedAt)}${drift.runUrl ? ` (${link(drift.runUrl, 'run')})` : ''}`;
  if (drift.resources.length === 0) return `<p>In sync. ${checked}.</p>`;
  return `<p>${drift.resources.length} resource(s) differ from what the tenant's file and platform.yaml ask for. ${checked}; the run's plan and the drift issue show what differs.</p>
<ul aria-labelledby="drift">${drift.resources.map((key) => `<li><code>${esc(key)}</code></li>`).join('')}</ul>`;
}

function renderRefreshes(page: TenantPage): string {
  if (page.refreshes.length === 0) return '<p>No refresh recorded.</p>';
  const oldestFirst = [...page.refreshes].reverse().filter((f) => f.durationSeconds !== undefined);
  const chart = renderBarChart({
    id: 'chart-tenant-refresh', title: `Refresh durations of ${page.row.code} (seconds, oldest first)`, unit: 'seconds', empty: 'No refresh has ended yet.',
    bars: oldestFirst.map((f) => refreshBar(formatTime(f.startedAt ?? f.at).replace(' UTC', ''), f)),
  });
  return `<div class="chart-alone">${chart}</div>
${renderTable('Refreshes', ['Started', 'Ended', 'State', 'Duration'], page.refreshes.map((f) => [formatTime(f.startedAt), formatTime(f.at), esc(f.state), formatDuration(f.durationSeconds)]), 'No refresh recorded.')}`;
}

function renderModules(page: TenantPage): string {
  if (page.modules.length === 0) return '<p>No modules enabled.</p>';
  return page.modules.map((m) => `<h3>${esc(m.name)}</h3>${m.reports.length ? `<ul>${m.reports.map((rep) => `<li>${rep.url ? link(rep.url, rep.name) : esc(rep.name)}</li>`).join('')}</ul>` : '<p>No reports deployed.</p>'}`).join('\n');
}

function renderTable(caption: string, headers: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p>${esc(empty)}</p>`;
  return `<div class="table-wrap"><table><caption class="sr-only">${esc(caption)}</caption><thead><tr>${headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}</tbody></table></div>`;
}
