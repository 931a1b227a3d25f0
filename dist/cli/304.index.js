export const id = 304;
export const ids = [304];
export const modules = {

/***/ 98304:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dashboardCommand: () => (/* binding */ dashboardCommand)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/powerbi/index.ts + 29 modules
var powerbi = __webpack_require__(41700);
// EXTERNAL MODULE: ./src/registry/index.ts + 24 modules
var src_registry = __webpack_require__(25470);
// EXTERNAL MODULE: ./src/run/index.ts + 53 modules
var src_run = __webpack_require__(86684);
// EXTERNAL MODULE: ./src/catalog/index.ts + 6 modules
var catalog = __webpack_require__(44046);
// EXTERNAL MODULE: ./src/db/index.ts + 29 modules
var db = __webpack_require__(40919);
;// CONCATENATED MODULE: ./src/dashboard/collect.ts
// The adapter: fills the dashboard's view model from the registry (through its index, the same
// functions `status --json` reads) and the repository's inputs (tenant files, catalog, latest
// migration). It is the one file to touch when the registry records more — fields that do not
// exist yet are read tolerantly (`optionalText`) and stay undefined, which the pages show as "—".
// Only names, ids, times and links leave here: never a connection string, a role password or an
// audit row's before/after payload.




const POWERBI_APP = 'https://app.powerbi.com';
async function collectDashboard(registry, options) {
    const latest = options.inputs ? latestMigration(options.inputs.root) : undefined;
    const pages = [];
    for (const tenant of await (0,src_registry/* listTenants */._X)(registry)) {
        pages.push(await collectTenant(registry, tenant, options, latest));
    }
    return {
        generatedAt: (options.now?.() ?? new Date()).toISOString(),
        source: options.source,
        fleet: pages.map((p) => p.row),
        tenants: pages,
        ...(options.rollout ? { rollout: options.rollout } : {}),
    };
}
async function collectTenant(registry, tenant, options, latest) {
    const code = tenant.code;
    const config = options.inputs?.tenants.find((t) => t.config.code === code)?.config;
    const resources = new Map((await (0,src_registry/* listResources */.U2)(registry, code)).map((r) => [r.key, r]));
    const mappings = await (0,src_registry/* listReportMappings */.UJ)(registry, code, 'active');
    const audit = await (0,src_registry/* listAudit */._u)(registry, code);
    const timeline = (await (0,src_registry/* listDeployments */.Jn)(registry, code)).map(toDeploymentView);
    const refreshes = (await (0,src_registry/* listRefreshRuns */.U8)(registry, code, RECENT_REFRESHES)).map(toRefreshView);
    const expected = config && options.inputs
        ? (0,catalog/* matchReports */.X9)({ providers: config.providers, modules: config.modules }, options.inputs.catalog, (0,catalog/* pinsOf */.cz)(options.inputs.pins ?? [], code))
        : undefined;
    const applied = resources.get('db/migrations')?.state?.applied;
    const workspaceId = resources.get(powerbi/* POWERBI_KEYS */.o1.workspace)?.externalId ?? undefined;
    const approval = [...audit].reverse().find((a) => a.action === 'approve');
    const row = {
        code,
        name: tenant.name,
        status: tenant.status,
        lifecycle: tenant.lifecycle,
        isolation: tenant.isolation,
        cluster: tenant.cluster,
        capacity: config?.powerbi.capacity,
        provisionedAt: optionalTime(tenant, 'provisionedAt'),
        liveAt: optionalTime(tenant, 'liveAt'),
        approvedBy: optionalText(tenant, 'approvedBy') ?? approval?.actor.replace(/^github:/, ''),
        reports: { deployed: mappings.length, expected: expected?.length },
        refresh: refreshes[0] ?? refreshOfResource(resources.get(powerbi/* POWERBI_KEYS */.o1.refresh)),
        migration: Array.isArray(applied) || latest ? { version: Array.isArray(applied) ? migrationVersion(applied.at(-1)) : undefined, latest } : undefined,
        lastDeployment: timeline.at(-1),
        drift: toDriftView(await (0,src_registry/* getDriftCheck */.ml)(registry, code)),
        // A provisioned tenant waits at the go-live gate of the run that provisioned it.
        gateUrl: optionalText(tenant, 'gateUrl') ?? (tenant.status === 'provisioned' ? timeline.at(-1)?.runUrl : undefined),
        rolloutWave: options.rollout?.waves.find((w) => w.tenants.includes(code))?.name,
    };
    const users = await (0,src_registry/* listUsers */.ZZ)(registry, code);
    const invitations = invitationsByEmail(await (0,src_registry/* listInvitations */.J1)(registry, code));
    return {
        row,
        links: {
            workspace: workspaceId ? `${POWERBI_APP}/groups/${encodeURIComponent(workspaceId)}` : undefined,
            login: options.inputs ? `https://${tenant.subdomain}.${options.inputs.platform.dns.zone}/` : undefined,
        },
        checks: options.checks?.get(code)?.map((c) => ({ ...c })),
        refreshes,
        timeline,
        audit: audit.map(toAuditView),
        superUsers: users.map((u) => ({
            email: u.email,
            name: `${u.firstName} ${u.lastName}`,
            invitedAt: invitations.get(u.email)?.createdAt.toISOString(),
            redeemedAt: invitations.get(u.email)?.redeemedAt?.toISOString(),
        })),
        modules: modulesWithReports(await (0,src_registry/* listModules */.su)(registry, code), mappings, expected),
    };
}
/** Per email, the invitation that counts: a redeemed one, else the newest not revoked. */
function invitationsByEmail(invitations) {
    const out = new Map();
    for (const i of invitations) {
        const current = out.get(i.email);
        if (current?.redeemedAt)
            continue;
        if (i.redeemedAt || !i.revokedAt)
            out.set(i.email, i);
    }
    return out;
}
/** Each enabled module with the reports deployed for it (a report's module comes from the catalog). */
function modulesWithReports(modules, mappings, expected) {
    const moduleOf = new Map((expected ?? []).map((r) => [(0,catalog/* templateBaseName */.Jk)(r), r.module]));
    const out = new Map(modules.map((m) => [m, { name: m, reports: [] }]));
    for (const m of mappings) {
        const module = moduleOf.get(m.templateName) ?? 'unassigned';
        if (!out.has(module))
            out.set(module, { name: module, reports: [] });
        out.get(module).reports.push({
            name: `${m.templateName} v${m.templateVersion}`,
            url: `${POWERBI_APP}/groups/${encodeURIComponent(m.workspaceId)}/reports/${encodeURIComponent(m.tenantReportId)}`,
        });
    }
    return [...out.values()];
}
function toDeploymentView(d) {
    return {
        at: new Date(d.startedAt).toISOString(),
        finishedAt: d.finishedAt ? new Date(d.finishedAt).toISOString() : undefined,
        actor: d.actor,
        status: d.status,
        planHash: d.planHash,
        runUrl: httpUrl(d.githubRunUrl),
    };
}
/** Refreshes on a tenant's page and in its chart. */
const RECENT_REFRESHES = 10;
function toRefreshView(r) {
    return {
        state: r.state,
        at: (r.endedAt ?? r.startedAt).toISOString(),
        startedAt: r.startedAt.toISOString(),
        durationSeconds: r.durationMs === null ? undefined : r.durationMs / 1000,
    };
}
// A tenant refreshed before refresh_runs existed: its refresh resource knows the state, not the times.
function refreshOfResource(record) {
    if (!record)
        return undefined;
    const status = record.state?.status;
    return { state: typeof status === 'string' ? status : 'Unknown', at: new Date(record.updatedAt).toISOString() };
}
function toDriftView(check) {
    if (!check)
        return undefined;
    return { checkedAt: check.checkedAt.toISOString(), resources: [...check.resources], runUrl: httpUrl(check.runUrl) };
}
// before/after payloads stay out: they are for auditors with registry access, not a page.
function toAuditView(a) {
    return {
        at: new Date(a.at).toISOString(),
        actor: a.actor,
        action: a.action,
        target: a.target ?? undefined,
        runUrl: httpUrl(a.githubRun),
    };
}
function latestMigration(root) {
    return (0,db/* readTenantMigrations */.Sk)(root).at(-1)?.version;
}
/** `0003_x.sql#abcd…` → `0003`. */
function migrationVersion(id) {
    return typeof id === 'string' ? /^(\d+)/.exec(id)?.[1] : undefined;
}
/** Only http(s) links become hrefs: a `javascript:` URL in a record must never be clickable. */
function httpUrl(value) {
    return value && /^https?:\/\//i.test(value) ? value : undefined;
}
// Fields other branches add to the registry's records (provisionedAt, liveAt, approvedBy, …):
// read when present, without requiring them of today's types.
function optionalText(record, field) {
    const value = record[field];
    return typeof value === 'string' && value ? value : undefined;
}
function optionalTime(record, field) {
    const value = record[field];
    if (value instanceof Date)
        return value.toISOString();
    return typeof value === 'string' && value ? value : undefined;
}
/**
 * The QA checklist from verify's results: today's `{name, ok, detail}` and the coming
 * `{id, ok, evidence}` alike.
 */
function toCheckViews(checks) {
    return checks.map((c) => ({ id: c.id ?? c.name ?? 'check', ok: c.ok, evidence: c.evidence ?? c.detail ?? '' }));
}
function toRolloutView(r) {
    const count = (w, ...states) => w.tenants.filter((t) => states.includes(t.state)).length;
    return {
        name: `${r.reason ?? 'rollout'} ${r.id.slice(0, 8)}`,
        status: r.status,
        waves: r.waves.map((w) => {
            const succeeded = count(w, 'applied', 'skipped');
            const failed = count(w, 'failed');
            const pending = count(w, 'pending');
            return {
                name: w.name,
                tenants: w.tenants.map((t) => t.tenant),
                succeeded,
                failed,
                pending,
                status: r.haltedAt === w.name ? 'halted' : pending === w.tenants.length ? 'waiting' : pending ? 'running' : failed ? 'done, with failures' : 'done',
            };
        }),
    };
}
/**
 * The QA checklist of every tenant that has something to verify: active, with a tenant file, and a
 * workspace in the registry (whatever its status says: a failed tenant's checks say why). One
 * tenant's failure is that tenant's failed check, not a missing dashboard.
 */
async function collectChecks(registry, tenants, verify, log) {
    const checks = new Map();
    for (const record of await (0,src_registry/* listTenants */._X)(registry)) {
        const loaded = tenants.find((t) => t.config.code === record.code);
        if (!loaded || record.lifecycle !== 'active')
            continue;
        if (!(await (0,src_registry/* listResources */.U2)(registry, record.code)).some((r) => r.key === powerbi/* POWERBI_KEYS */.o1.workspace))
            continue;
        try {
            checks.set(record.code, toCheckViews((await verify(loaded.config)).checks));
        }
        catch (err) {
            log.warn(`${record.code}: verification failed: ${err.message}`);
            checks.set(record.code, [{ id: 'verify', ok: false, evidence: err.message }]);
        }
    }
    return checks;
}

;// CONCATENATED MODULE: ./src/dashboard/build.ts
// The dashboard of a run, the one way the CLI and `npm start` build it: the registry through the
// adapter, each tenant's QA checklist from the same verification as `tenantops verify`, and the
// newest rollout as `tenantops rollout status` reports it.




async function buildDashboard(run, options) {
    const { inputs, services, log } = run;
    const registry = await services.registry();
    const checks = options.verify === false ? undefined : await collectChecks(registry, inputs.tenants, (t) => (0,powerbi/* verifyPowerBiTenant */.IB)(services, t), log);
    const rollout = (await (0,src_registry/* getRollout */.g1)(registry)) ? toRolloutView(await (0,src_run/* rolloutStatus */.OI)(services)) : undefined;
    return collectDashboard(registry, { source: options.source, inputs, checks, rollout });
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/dashboard/render/html.ts
// The pieces every page shares: escaping (every value from the registry goes through `esc`), the
// page shell with a Content-Security-Policy that forbids loading anything at all, and the small
// formatters that turn an absent value into "—".

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function esc(value) {
    return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
const NONE = '—';
/** `2026-12-05 13:04 UTC`, or "—". */
function formatTime(iso) {
    if (!iso)
        return NONE;
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? esc(iso) : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
function html_text(value) {
    return value === undefined || value === null || value === '' ? NONE : esc(value);
}
/** A link whose text and href are both escaped; "—" without a URL. */
function html_link(url, label) {
    return url ? `<a href="${esc(url)}">${esc(label)}</a>` : NONE;
}
// Hash-pinned inline style and script, nothing else: the page needs no server and the browser
// refuses any request it would make (images, fonts, fetch), even one injected by bad data.
function renderPage(p) {
    const hash = (s) => `'sha256-${(0,external_node_crypto_.createHash)('sha256').update(s).digest('base64')}'`;
    const csp = [`default-src 'none'`, `style-src ${hash(p.css)}`, p.script ? `script-src ${hash(p.script)}` : `script-src 'none'`, `img-src data:`, `base-uri 'none'`, `form-action 'none'`].join('; ');
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(p.title)}</title>
<style>${p.css}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${p.body}
${p.script ? `<script>${p.script}</script>` : ''}
</body>
</html>
`;
}

;// CONCATENATED MODULE: ./src/dashboard/render/charts.ts
// Inline SVG bar charts, drawn from counts the caller already made. Each is an image with a title
// and a description that says in words what the bars show, so a screen reader gets the same.

const WIDTH = 420;
const LABEL = 150;
const ROW = 26;
const BAR = 18;
const COLORS = { blue: '#0969da', green: '#1a7f37', red: '#cf222e', grey: '#6e7781', amber: '#9a6700', purple: '#8250df' };
function renderBarChart(spec) {
    const total = (b) => b.segments.reduce((n, s) => n + s.value, 0);
    const bars = spec.bars.filter((b) => total(b) > 0);
    if (bars.length === 0)
        return figure(spec, `<p>${esc(spec.empty)}</p>`);
    const max = Math.max(...bars.map(total));
    const span = WIDTH - LABEL - 40;
    const height = bars.length * ROW + 8;
    const rows = bars.map((b, i) => {
        const y = 4 + i * ROW;
        let x = LABEL;
        const rects = b.segments.filter((s) => s.value > 0).map((s) => {
            const w = Math.max(2, (s.value / max) * span);
            const r = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" fill="${s.color}"><title>${esc(`${b.label}: ${s.value} ${s.label}`)}</title></rect>`;
            x += w;
            return r;
        });
        return `<text x="${LABEL - 6}" y="${y + 13}" text-anchor="end">${esc(clip(b.label))}</text>${rects.join('')}<text x="${(x + 4).toFixed(1)}" y="${y + 13}">${formatNumber(total(b))}</text>`;
    });
    const description = bars.map((b) => `${b.label}: ${describe(b, spec.unit)}`).join('; ');
    const legend = legendOf(bars);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${WIDTH} ${height}" width="100%" aria-labelledby="${spec.id}-title ${spec.id}-desc">
<title id="${spec.id}-title">${esc(spec.title)}</title><desc id="${spec.id}-desc">${esc(description)}</desc>
${rows.join('\n')}
</svg>`;
    return figure(spec, svg + (legend ? `<p>${legend}</p>` : ''));
}
function figure(spec, inner) {
    return `<figure id="${spec.id}"><figcaption>${esc(spec.title)}</figcaption>${inner}</figure>`;
}
function describe(b, unit) {
    const parts = b.segments.filter((s) => s.value > 0);
    if (parts.length === 1 && !parts[0].label)
        return `${formatNumber(parts[0].value)} ${unit}`;
    return parts.map((s) => `${formatNumber(s.value)} ${s.label}`).join(', ');
}
// A legend only when segments carry names; the swatch is decorative, the words carry the meaning.
function legendOf(bars) {
    const seen = new Map();
    for (const b of bars)
        for (const s of b.segments)
            if (s.label && !seen.has(s.label))
                seen.set(s.label, s.color);
    if (seen.size < 2)
        return '';
    return [...seen].map(([label, color]) => `<svg aria-hidden="true" width="10" height="10"><rect width="10" height="10" fill="${color}"/></svg> ${esc(label)}`).join(' &nbsp; ');
}
function clip(label) {
    return label.length > 20 ? `${label.slice(0, 19)}…` : label;
}
function formatNumber(n) {
    return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

;// CONCATENATED MODULE: ./src/dashboard/render/health.ts


/** Plain words (HTML-escaped) for the drift of a tenant. */
function driftSummary(drift) {
    if (!drift)
        return 'never checked';
    if (drift.resources.length === 0)
        return `in sync (checked ${formatTime(drift.checkedAt)})`;
    return `drifted: ${drift.resources.length} resource(s)`;
}
/** The table's cell: the summary, and when it was checked on a second, smaller line (the text reads the same). */
function driftCell(drift, pageHref) {
    if (!drift)
        return driftSummary(drift);
    const checked = `<span class="small">(checked ${formatTime(drift.checkedAt)})</span>`;
    if (drift.resources.length === 0)
        return `in sync <br>${checked}`;
    return `<a href="${esc(pageHref)}#drift">${driftSummary(drift)}</a> <br>${checked}`;
}
/** How many resources drifted (0: in sync); never checked sorts last either way, as "—" does. */
function driftSortKey(drift) {
    return drift ? drift.resources.length : '';
}
/** `42 s`, `3 min 04 s`, `1 h 02 min`, or "—". */
function formatDuration(seconds) {
    if (seconds === undefined || !Number.isFinite(seconds))
        return NONE;
    const s = Math.round(seconds);
    if (s < 60)
        return `${s} s`;
    if (s < 3600)
        return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
    return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
/** `Completed, 2026-12-05 05:12 UTC, 3 min 04 s`. */
function refreshSummary(refresh) {
    if (!refresh)
        return NONE;
    return [esc(refresh.state), formatTime(refresh.at), ...(refresh.durationSeconds === undefined ? [] : [formatDuration(refresh.durationSeconds)])].join(', ');
}
/** One bar of a refresh-durations chart: its duration in seconds, coloured and named by its state. */
function refreshBar(label, refresh) {
    const color = refresh.state === 'Completed' ? COLORS.green : refresh.state === 'Failed' ? COLORS.red : COLORS.grey;
    return { label, segments: [{ label: refresh.state, value: Math.round(refresh.durationSeconds ?? 0), color }] };
}

;// CONCATENATED MODULE: ./src/dashboard/render/script.ts
// The index page's only script: sort the fleet table by any column (a button in each header,
// aria-sort on the header) and filter it by text and status, announcing how many rows remain.
// Plain DOM, no library, inlined and hash-pinned by the page's Content-Security-Policy.
const FLEET_SCRIPT = `(() => {
  const table = document.getElementById('fleet');
  if (!table) return;
  const body = table.tBodies[0];
  const headers = Array.from(table.tHead.rows[0].cells);
  const rows = Array.from(body.rows);
  const filter = document.getElementById('filter');
  const status = document.getElementById('status-filter');
  const count = document.getElementById('count');
  const keyOf = (row, i) => {
    const cell = row.cells[i];
    return cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
  };
  headers.forEach((th, i) => {
    const button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', () => {
      const dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      headers.forEach((h) => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', dir);
      const numeric = th.dataset.type === 'number';
      const sign = dir === 'ascending' ? 1 : -1;
      rows.sort((a, b) => {
        const x = keyOf(a, i), y = keyOf(b, i);
        // Unknown values ("—") go last whichever way the column is sorted.
        if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1;
        const c = numeric ? Number(x) - Number(y) : x.localeCompare(y, 'en');
        return c * sign;
      });
      rows.forEach((r) => body.appendChild(r));
    });
  });
  const apply = () => {
    const q = filter.value.trim().toLowerCase();
    const s = status.value;
    let shown = 0;
    rows.forEach((r) => {
      const match = (!q || r.textContent.toLowerCase().includes(q)) && (!s || r.dataset.status === s);
      r.hidden = !match;
      if (match) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' tenants shown';
  };
  filter.addEventListener('input', apply);
  status.addEventListener('change', apply);
})();`;

;// CONCATENATED MODULE: ./src/dashboard/render/style.ts
// The one stylesheet, inlined into every page. Colours keep WCAG AA contrast (4.5:1 for text) on
// white; a status is always written out, never told by colour alone.
const CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --line: #d0d7de; --head: #f3f5f8; --accent: #0a4fa3; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
header { padding: 16px 24px 8px; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: var(--muted); }
main { padding: 16px 24px 32px; }
h2 { font-size: 17px; margin: 24px 0 8px; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus { outline: 2px solid var(--accent); outline-offset: 2px; }
.chart-alone { max-width: 480px; margin-bottom: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figure p { margin: 4px 0 0; color: var(--muted); }
svg text { fill: var(--ink); font-size: 12px; }
.controls { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.controls input, .controls select { font: inherit; padding: 4px 6px; border: 1px solid #6e7781; border-radius: 4px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
thead th { background: var(--head); position: sticky; top: 0; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: var(--ink); }
th button::after { content: " ↕"; color: var(--muted); }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.small { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; border: 1px solid; }
.s-live, .ok { color: #0f5323; background: #dafbe1; border-color: #2da44e; }
.s-provisioned { color: #0a3069; background: #ddf4ff; border-color: #54aeff; }
.s-pending { color: #4d2d00; background: #fff8c5; border-color: #d4a72c; }
.s-failed, .fail { color: #82071e; background: #ffebe9; border-color: #ff8182; }
.s-suspended, .s-decommissioned, .s-other { color: #24292f; background: #eaeef2; border-color: #8c959f; }
ul.checks { list-style: none; padding: 0; }
ul.checks li { margin: 6px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

;// CONCATENATED MODULE: ./src/dashboard/render/fleet-page.ts





/** The statuses a tenant can hold, in lifecycle order (the registry may hold a subset). */
const STATUSES = ['pending', 'provisioned', 'live', 'failed', 'suspended', 'decommissioned'];
function tenantPath(code) {
    return `tenants/${encodeURIComponent(code)}.html`;
}
function statusBadge(status) {
    const known = STATUSES.includes(status) ? status : 'other';
    return `<span class="badge s-${known}">${esc(status)}</span>`;
}
const COLUMNS = [
    { label: 'Tenant', cell: (r) => ({ html: `<a href="${tenantPath(r.code)}">${esc(r.code)}</a><br><span class="small">${esc(r.name)}</span>`, sort: r.code }) },
    { label: 'Status', cell: (r) => ({ html: `${statusBadge(r.status)}<br><span class="small">${esc(r.lifecycle)}${r.liveAt ? `, live ${formatTime(r.liveAt)}` : r.provisionedAt ? `, provisioned ${formatTime(r.provisionedAt)}` : ''}</span>`, sort: `${STATUSES.indexOf(r.status)}` }) },
    { label: 'Isolation', cell: (r) => ({ html: `${esc(r.isolation)}<br><span class="small">${esc(r.cluster)}</span>`, sort: `${r.isolation} ${r.cluster}` }) },
    { label: 'Capacity', cell: (r) => ({ html: html_text(r.capacity), sort: r.capacity ?? '' }) },
    {
        label: 'Reports',
        numeric: true,
        cell: (r) => ({ html: `${r.reports.deployed} ÷ ${html_text(r.reports.expected)}`, sort: r.reports.expected ? r.reports.deployed / r.reports.expected : '' }),
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
        cell: (r) => ({ html: `${html_text(r.migration?.version)} ÷ ${html_text(r.migration?.latest)}`, sort: r.migration?.version ?? '' }),
    },
    {
        label: 'Last deployment',
        cell: (r) => {
            const d = r.lastDeployment;
            if (!d)
                return { html: NONE, sort: '' };
            return {
                html: `${formatTime(d.at)} · ${esc(d.status)}<br><span class="small">by ${esc(d.actor)} · ${html_link(d.runUrl, 'run')} · plan <code>${esc(d.planHash.slice(0, 12))}</code></span>`,
                sort: d.at,
            };
        },
    },
    {
        label: 'Drift',
        sortsAsNumber: true,
        cell: (r) => ({ html: driftCell(r.drift, tenantPath(r.code)), sort: driftSortKey(r.drift) }),
    },
    { label: 'Gate', cell: (r) => ({ html: html_link(r.gateUrl, 'waiting for approval'), sort: r.gateUrl ? 'waiting' : '' }) },
    { label: 'Rollout wave', cell: (r) => ({ html: html_text(r.rolloutWave), sort: r.rolloutWave ?? '' }) },
];
function renderFleetPage(model) {
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
function renderControls(fleet) {
    const present = [...new Set(fleet.map((r) => r.status))];
    const ordered = [...STATUSES.filter((s) => present.includes(s)), ...present.filter((s) => !STATUSES.includes(s))];
    return `<div class="controls">
<label for="filter">Filter tenants</label> <input id="filter" type="search" placeholder="code, name, cluster…" autocomplete="off">
<label for="status-filter">Status</label> <select id="status-filter"><option value="">all</option>${ordered.map((s) => `<option value="${esc(s)}">${esc(s)}</option>`).join('')}</select>
<span id="count" role="status">${fleet.length} of ${fleet.length} tenants shown</span>
</div>`;
}
function renderTable(fleet) {
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
function renderRollout(rollout) {
    if (!rollout)
        return '<p>No rollout recorded.</p>';
    const rows = rollout.waves.map((w) => `<tr><th scope="row">${esc(w.name)}</th><td>${esc(w.status)}</td><td class="num">${w.succeeded}</td><td class="num">${w.failed}</td><td class="num">${w.pending}</td><td>${w.tenants.map((t) => `<a href="${tenantPath(t)}">${esc(t)}</a>`).join(', ') || NONE}</td><td>${html_link(w.gateUrl, 'gate')}</td></tr>`);
    return `<p><strong>${esc(rollout.name)}</strong>: ${esc(rollout.status)}</p>
<div class="table-wrap"><table><caption class="sr-only">Waves of rollout ${esc(rollout.name)}</caption><thead><tr><th scope="col">Wave</th><th scope="col">Status</th><th scope="col" class="num">Succeeded</th><th scope="col" class="num">Failed</th><th scope="col" class="num">Pending</th><th scope="col">Tenants</th><th scope="col">Gate</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}
function renderCharts(model) {
    const count = (keys) => {
        const m = new Map();
        for (const k of keys)
            m.set(k, (m.get(k) ?? 0) + 1);
        return m;
    };
    const byStatus = count(model.fleet.map((r) => r.status));
    const statusBars = [...STATUSES, ...[...byStatus.keys()].filter((s) => !STATUSES.includes(s))]
        .map((s) => ({ label: s, segments: [{ label: '', value: byStatus.get(s) ?? 0, color: COLORS.blue }] }));
    const byPlace = count(model.fleet.map((r) => `${r.cluster} / ${r.capacity ?? NONE}`));
    const placeBars = [...byPlace].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => ({ label: k, segments: [{ label: '', value: v, color: COLORS.purple }] }));
    const waveBars = (model.rollout?.waves ?? []).map((w) => ({
        label: w.name,
        segments: [
            { label: 'succeeded', value: w.succeeded, color: COLORS.green },
            { label: 'failed', value: w.failed, color: COLORS.red },
            { label: 'pending', value: w.pending, color: COLORS.grey },
        ],
    }));
    const refreshBars = model.fleet.filter((r) => r.refresh?.durationSeconds !== undefined).map((r) => refreshBar(r.code, r.refresh));
    return [
        renderBarChart({ id: 'chart-status', title: 'Tenants by status', bars: statusBars, unit: 'tenants', empty: 'No tenants in the registry.' }),
        renderBarChart({ id: 'chart-placement', title: 'Tenants by cluster and capacity', bars: placeBars, unit: 'tenants', empty: 'No tenants in the registry.' }),
        renderBarChart({ id: 'chart-rollout', title: 'Rollout progress by wave', bars: waveBars, unit: 'tenants', empty: 'No rollout recorded.' }),
        renderBarChart({ id: 'chart-refresh', title: 'Refresh durations (seconds, last refresh of each tenant)', bars: refreshBars, unit: 'seconds', empty: 'No refresh durations recorded yet.' }),
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/dashboard/render/tenant-page.ts





function renderTenantPage(page, generatedAt) {
    const r = page.row;
    const body = `<header><p><a href="../index.html">← All tenants</a></p><h1>${esc(r.name)} <span class="small">(${esc(r.code)})</span></h1>
<p>${statusBadge(r.status)} ${esc(r.lifecycle)} · ${esc(r.isolation)} isolation on ${esc(r.cluster)} · generated ${formatTime(generatedAt)}</p></header>
<main id="main">
<h2>Overview</h2>
<dl class="facts">
<dt>Login</dt><dd>${html_link(page.links.login, page.links.login ?? '')}</dd>
<dt>Workspace</dt><dd>${html_link(page.links.workspace, 'Open in Power BI')}</dd>
<dt>Capacity</dt><dd>${html_text(r.capacity)}</dd>
<dt>Reports</dt><dd>${r.reports.deployed} deployed ÷ ${html_text(r.reports.expected)} expected</dd>
<dt>Migration</dt><dd>${html_text(r.migration?.version)} ÷ ${html_text(r.migration?.latest)}</dd>
<dt>Last refresh</dt><dd>${refreshSummary(r.refresh)}</dd>
<dt>Provisioned</dt><dd>${formatTime(r.provisionedAt)}</dd>
<dt>Live</dt><dd>${formatTime(r.liveAt)}</dd>
<dt>Approved by</dt><dd>${html_text(r.approvedBy)}</dd>
<dt>Drift</dt><dd>${r.drift?.resources.length ? `<a href="#drift">${driftSummary(r.drift)}</a>` : driftSummary(r.drift)}</dd>
<dt>Waiting gate</dt><dd>${html_link(r.gateUrl, 'waiting for approval')}</dd>
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
${tenant_page_renderTable('Super users', ['Email', 'Name', 'Invited', 'Redeemed'], page.superUsers.map((u) => [esc(u.email), esc(u.name), formatTime(u.invitedAt), formatTime(u.redeemedAt)]), 'No super users recorded.')}
<h2>Deployment timeline</h2>
${tenant_page_renderTable('Deployments', ['Started', 'Finished', 'Status', 'By', 'Plan', 'Run'], [...page.timeline].reverse().map((d) => [formatTime(d.at), formatTime(d.finishedAt), esc(d.status), esc(d.actor), `<code>${esc(d.planHash.slice(0, 12))}</code>`, html_link(d.runUrl, 'run')]), 'No deployments recorded.')}
<h2>Audit trail</h2>
${tenant_page_renderTable('Audit trail', ['When', 'Who', 'Action', 'Target', 'Run'], [...page.audit].reverse().map((a) => [formatTime(a.at), esc(a.actor), esc(a.action), html_text(a.target), html_link(a.runUrl, 'run')]), 'No audit entries.')}
</main>`;
    return renderPage({ title: `${r.code} — tenantops`, body, css: CSS });
}
function renderChecklist(page) {
    if (!page.checks)
        return '<p>Not verified for this site (run <code>tenantops verify</code>, or build the site with verification).</p>';
    if (page.checks.length === 0)
        return '<p>No checks.</p>';
    const passed = page.checks.filter((c) => c.ok).length;
    const items = page.checks.map((c) => `<li><span class="badge ${c.ok ? 'ok' : 'fail'}">${c.ok ? 'pass' : 'fail'}</span> <strong>${esc(c.id)}</strong>: ${esc(c.evidence)}${c.link ? ` (${html_link(c.link, 'evidence')})` : ''}</li>`);
    return `<p>${passed} of ${page.checks.length} checks pass.</p><ul class="checks" aria-labelledby="checklist">${items.join('\n')}</ul>`;
}
function renderDrift(page) {
    const drift = page.row.drift;
    if (!drift)
        return '<p>Never checked: the drift workflow has not recorded a check of this tenant.</p>';
    const checked = `Checked ${formatTime(drift.checkedAt)}${drift.runUrl ? ` (${html_link(drift.runUrl, 'run')})` : ''}`;
    if (drift.resources.length === 0)
        return `<p>In sync. ${checked}.</p>`;
    return `<p>${drift.resources.length} resource(s) differ from what the tenant's file and platform.yaml ask for. ${checked}; the run's plan and the drift issue show what differs.</p>
<ul aria-labelledby="drift">${drift.resources.map((key) => `<li><code>${esc(key)}</code></li>`).join('')}</ul>`;
}
function renderRefreshes(page) {
    if (page.refreshes.length === 0)
        return '<p>No refresh recorded.</p>';
    const oldestFirst = [...page.refreshes].reverse().filter((f) => f.durationSeconds !== undefined);
    const chart = renderBarChart({
        id: 'chart-tenant-refresh', title: `Refresh durations of ${page.row.code} (seconds, oldest first)`, unit: 'seconds', empty: 'No refresh has ended yet.',
        bars: oldestFirst.map((f) => refreshBar(formatTime(f.startedAt ?? f.at).replace(' UTC', ''), f)),
    });
    return `<div class="chart-alone">${chart}</div>
${tenant_page_renderTable('Refreshes', ['Started', 'Ended', 'State', 'Duration'], page.refreshes.map((f) => [formatTime(f.startedAt), formatTime(f.at), esc(f.state), formatDuration(f.durationSeconds)]), 'No refresh recorded.')}`;
}
function renderModules(page) {
    if (page.modules.length === 0)
        return '<p>No modules enabled.</p>';
    return page.modules.map((m) => `<h3>${esc(m.name)}</h3>${m.reports.length ? `<ul>${m.reports.map((rep) => `<li>${rep.url ? html_link(rep.url, rep.name) : esc(rep.name)}</li>`).join('')}</ul>` : '<p>No reports deployed.</p>'}`).join('\n');
}
function tenant_page_renderTable(caption, headers, rows, empty) {
    if (rows.length === 0)
        return `<p>${esc(empty)}</p>`;
    return `<div class="table-wrap"><table><caption class="sr-only">${esc(caption)}</caption><thead><tr>${headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}</tbody></table></div>`;
}

;// CONCATENATED MODULE: ./src/dashboard/write.ts
// Writing the site: index.html and one page per tenant under `out`. Renders everything first, so
// a failure leaves the previous site untouched rather than half-replaced.




function renderDashboard(model) {
    const files = new Map([['index.html', renderFleetPage(model)]]);
    for (const page of model.tenants)
        files.set(tenantPath(page.row.code), renderTenantPage(page, model.generatedAt));
    return { files };
}
/** Writes the site; returns the path of its index.html. */
async function writeDashboard(model, out) {
    const site = renderDashboard(model);
    await (0,promises_.mkdir)(external_node_path_default().join(out, 'tenants'), { recursive: true });
    for (const [file, html] of site.files)
        await (0,promises_.writeFile)(external_node_path_default().join(out, decodeURIComponent(file)), html);
    return external_node_path_default().join(out, 'index.html');
}

;// CONCATENATED MODULE: ./src/dashboard/index.ts
// The operator's dashboard: a static site (index.html and tenants/<code>.html) built from a typed
// view model. collect.ts fills the model from the registry and the repository, build.ts adds what a
// run knows (verify, rollout status); the renderers are pure (model in, HTML out); write.ts writes.




// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
// EXTERNAL MODULE: ./src/cli/command.ts + 1 modules
var command = __webpack_require__(90291);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(71604);
// EXTERNAL MODULE: ./src/cli/run.ts
var run = __webpack_require__(94175);
;// CONCATENATED MODULE: ./src/cli/commands/dashboard.ts
// `tenantops dashboard --out <dir>`: the fleet as a static site (src/dashboard), read from the
// registry, with the QA checklist of each tenant that has a workspace (the same verification as
// `tenantops verify`) unless --skip-verify, and the newest rollout.






const dashboardCommand = {
    name: 'dashboard',
    summary: 'Write the fleet dashboard, a static site (index.html, tenants/<code>.html) that needs no server and loads nothing from the network.',
    usage: 'dashboard --out <dir> [--skip-verify]',
    options: { out: { type: 'string' }, 'skip-verify': { type: 'boolean' } },
    help: {
        out: "folder to write the site into (created if needed); it lists customers and their users' emails: keep it private",
        'skip-verify': 'leave out the QA checklists (no Power BI calls; the registry only)',
    },
    async run(args, io) {
        const out = (0,command/* stringOption */.Pp)(args, 'out');
        if (!out)
            throw new errors/* EnvironmentError */.eG(`--out is required\nusage: tenantops ${this.usage}`);
        return (0,run/* withCommandRun */.L)(args, io, async (run) => {
            const model = await buildDashboard(run, { source: (0,command/* flag */.Jt)(args, 'sandbox') ? 'sandbox' : 'live', verify: !(0,command/* flag */.Jt)(args, 'skip-verify') });
            const index = await writeDashboard(model, external_node_path_default().resolve(io.cwd, out)).catch((err) => {
                // A folder we cannot write is the caller's to fix (exit 2), not a bug of ours.
                throw new errors/* EnvironmentError */.eG(`--out ${out}: cannot write the site there (${err.code ?? err.message}); allowed: a folder that is, or can be created, writable`);
            });
            (0,cli_io/* writeLine */.H6)(io.stdout, `dashboard of ${model.fleet.length} tenant(s) written: ${index}`);
            return 0;
        });
    },
};


/***/ }),

/***/ 94175:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ withCommandRun)
/* harmony export */ });
/* harmony import */ var _log_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(53730);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(86684);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(90291);
// How a command opens a run: the repository at --root, the services logging to stderr (stdout
// carries the command's own output, often JSON), secrets from the command's environment, or
// everything from the running sandbox with --sandbox (loaded only then: it is not every run's).



async function withCommandRun(args, io, body) {
    const base = { log: (0,_log_index_js__WEBPACK_IMPORTED_MODULE_2__/* .createConsoleLogger */ .cS)({ stream: io.stderr }), env: io.env };
    if (!(0,_command_js__WEBPACK_IMPORTED_MODULE_1__/* .flag */ .Jt)(args, 'sandbox'))
        return (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .withRun */ .F5)(args.root, base, body);
    const { withSandboxRun } = await __webpack_require__.e(/* import() */ 193).then(__webpack_require__.bind(__webpack_require__, 21193));
    return withSandboxRun(args.root, base, body);
}


/***/ })

};
