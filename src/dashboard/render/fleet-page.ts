// index.html: every tenant in one sortable, filterable table, the charts, and the current rollout.
import type { DashboardModel, FleetRow, RolloutView } from '../model.ts';
import { COLORS, renderBarChart, type Bar } from './charts.ts';
import { driftCell, driftSortKey, formatDuration, refreshBar } from './health.ts';
import { esc, formatTime, link, NONE, renderPage, text } from './html.ts';
import { FLEET_SCRIPT } from './script.ts';
import { CSS } from './style.ts';

/** The statuses a tenant can hold, in lifecycle order (the registry may hold a subset). */
export const STATUSES = ['pending', 'provisioned', 'live', 'failed', 'suspended', 'decommissioned'] as const;

export function tenantPath(code: string): string {
  return `tenants/${encodeURIComponent(code)}.html`;
}

export function statusBadge(status: string): string {
  const known = (STATUSES as readonly string[]).includes(status) ? status : 'other';
  return `<span class="badge s-${known}">${esc(status)}</span>`;
}

interface Column {
  label: string;
  /** Right-aligned, and sorted as a number. */
  numeric?: boolean;
  /** Sorted as a number (its `sort` key), aligned as text. */
  sortsAsNumber?: boolean;
  cell(row: FleetRow): { html: string; sort?: string | number };
}

const COLUMNS: Column[] = [
  { label: 'Tenant', cell: (r) => ({ html: `<a href="${tenantPath(r.code)}">${esc(r.code)}</a><br><span class="small">${esc(r.name)}</span>`, sort: r.code }) },
  { label: 'Status', cell: (r) => ({ html: `${statusBadge(r.status)}<br><span class="small">${esc(r.lifecycle)}${r.liveAt ? `, live ${formatTime(r.liveAt)}` : r.provisionedAt ? `, provisioned ${formatTime(r.provisionedAt)}` : ''}</span>`, sort: `${STATUSES.indexOf(r.status as never)}` }) },
  { label: 'Isolation', cell: (r) => ({ html: `${esc(r.isolation)}<br><span class="small">${esc(r.cluster)}</span>`, sort: `${r.isolation} ${r.cluster}` }) },
  { label: 'Capacity', cell: (r) => ({ html: text(r.capacity), sort: r.capacity ?? '' }) },
  {
    label: 'Reports',
    numeric: true,
    cell: (r) => ({ html: `${r.reports.deployed} ÷ ${text(r.reports.expected)}`, sort: r.reports.expected ? r.reports.deployed / r.reports.expected : '' }),
  },
  {
    label: 'Last refresh',
    cell: (r) => ({
      html: r.refresh ? `${esc(r.refresh.state)}<br><span class="small">${formatTime(r.refresh.at)}${r.refresh.durationSeconds === undefined ? '' : ` · ${formatDuration(r.refresh.durationSeconds)}`}</span>` : NONE,
      sort: r.refresh?.at ?? '',
    }),
  },
  {
    label: 'Migration',
    cell: (r) => ({ html: `${text(r.migration?.version)} ÷ ${text(r.migration?.latest)}`, sort: r.migration?.version ?? '' }),
  },
  {
    label: 'Last deployment',
    cell: (r) => {
      const d = r.lastDeployment;
      if (!d) return { html: NONE, sort: '' };
      return {
        html: `${formatTime(d.at)} · ${esc(d.status)}<br><span class="small">by ${esc(d.actor)} · ${link(d.runUrl, 'run')} · plan <code>${esc(d.planHash.slice(0, 12))}</code></span>`,
        sort: d.at,
      };
    },
  },
  {
    label: 'Drift',
    sortsAsNumber: true,
    cell: (r) => ({ html: driftCell(r.drift, tenantPath(r.code)), sort: driftSortKey(r.drift) }),
  },
  { label: 'Gate', cell: (r) => ({ html: link(r.gateUrl, 'waiting for approval'), sort: r.gateUrl ? 'waiting' : '' }) },
  { label: 'Rollout wave', cell: (r) => ({ html: text(r.rolloutWave), sort: r.rolloutWave ?? '' }) },
];

export function renderFleetPage(model: DashboardModel): string {
  const body = `<header><h1>Tenant fleet</h1><p>${model.fleet.length} tenants · ${esc(model.source)} · generated ${formatTime(model.generatedAt)}</p></header>
<main id="main">
<h2 id="fleet-heading">Tenants</h2>
${renderControls(model.fleet)}
<div class="table-wrap">${renderTable(model.fleet)}</div>
<h2>Rollout</h2>
${renderRollout(model.rollout)}
<h2>Charts</h2>
<div class="charts">
${renderCharts(model)}
</div>
</main>`;
  return renderPage({ title: 'Tenant fleet — tenantops', body, css: CSS, script: FLEET_SCRIPT });
}

function renderControls(fleet: FleetRow[]): string {
  const present = [...new Set(fleet.map((r) => r.status))];
  const ordered = [...STATUSES.filter((s) => present.includes(s)), ...present.filter((s) => !(STATUSES as readonly string[]).includes(s))];
  return `<div class="controls">
<label for="filter">Filter tenants</label> <input id="filter" type="search" placeholder="code, name, cluster…" autocomplete="off">
<label for="status-filter">Status</label> <select id="status-filter"><option value="">all</option>${ordered.map((s) => `<option value="${esc(s)}">${esc(s)}</option>`).join('')}</select>
<span id="count" role="status">${fleet.length} of ${fleet.length} tenants shown</span>
</div>`;
}

function renderTable(fleet: FleetRow[]): string {
  const head = COLUMNS.map((c, i) => `<th scope="col"${i === 0 ? ' aria-sort="ascending"' : ''}${c.numeric || c.sortsAsNumber ? ' data-type="number"' : ''}><button type="button">${esc(c.label)}</button></th>`).join('');
  const rows = fleet.map((r) => {
    const cells = COLUMNS.map((c) => {
      const { html, sort } = c.cell(r);
      return `<td${c.numeric ? ' class="num"' : ''}${sort === undefined ? '' : ` data-sort="${esc(sort)}"`}>${html}</td>`;
    });
    return `<tr data-status="${esc(r.status)}">${cells.join('')}</tr>`;
  });
  return `<table id="fleet" aria-labelledby="fleet-heading"><thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function renderRollout(rollout: RolloutView | undefined): string {
  if (!rollout) return '<p>No rollout recorded.</p>';
  const rows = rollout.waves.map((w) => `<tr><th scope="row">${esc(w.name)}</th><td>${esc(w.status)}</td><td class="num">${w.succeeded}</td><td class="num">${w.failed}</td><td class="num">${w.pending}</td><td>${w.tenants.map((t) => `<a href="${tenantPath(t)}">${esc(t)}</a>`).join(', ') || NONE}</td><td>${link(w.gateUrl, 'gate')}</td></tr>`);
  return `<p><strong>${esc(rollout.name)}</strong>: ${esc(rollout.status)}</p>
<div class="table-wrap"><table><caption class="sr-only">Waves of rollout ${esc(rollout.name)}</caption><thead><tr><th scope="col">Wave</th><th scope="col">Status</th><th scope="col" class="num">Succeeded</th><th scope="col" class="num">Failed</th><th scope="col" class="num">Pending</th><th scope="col">Tenants</th><th scope="col">Gate</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

function renderCharts(model: DashboardModel): string {
  const count = (keys: string[]) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const byStatus = count(model.fleet.map((r) => r.status));
  const statusBars: Bar[] = [...STATUSES, ...[...byStatus.keys()].filter((s) => !(STATUSES as readonly string[]).includes(s))]
    .map((s) => ({ label: s, segments: [{ label: '', value: byStatus.get(s) ?? 0, color: COLORS.blue }] }));
  const byPlace = count(model.fleet.map((r) => `${r.cluster} / ${r.capacity ?? NONE}`));
  const placeBars: Bar[] = [...byPlace].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => ({ label: k, segments: [{ label: '', value: v, color: COLORS.purple }] }));
  const waveBars: Bar[] = (model.rollout?.waves ?? []).map((w) => ({
    label: w.name,
    segments: [
      { label: 'succeeded', value: w.succeeded, color: COLORS.green },
      { label: 'failed', value: w.failed, color: COLORS.red },
      { label: 'pending', value: w.pending, color: COLORS.grey },
    ],
  }));
  const refreshBars: Bar[] = model.fleet.filter((r) => r.refresh?.durationSeconds !== undefined).map((r) => refreshBar(r.code, r.refresh!));
  return [
    renderBarChart({ id: 'chart-status', title: 'Tenants by status', bars: statusBars, unit: 'tenants', empty: 'No tenants in the registry.' }),
    renderBarChart({ id: 'chart-placement', title: 'Tenants by cluster and capacity', bars: placeBars, unit: 'tenants', empty: 'No tenants in the registry.' }),
    renderBarChart({ id: 'chart-rollout', title: 'Rollout progress by wave', bars: waveBars, unit: 'tenants', empty: 'No rollout recorded.' }),
    renderBarChart({ id: 'chart-refresh', title: 'Refresh durations (seconds, last refresh of each tenant)', bars: refreshBars, unit: 'seconds', empty: 'No refresh durations recorded yet.' }),
  ].join('\n');
}
