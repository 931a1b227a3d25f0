// npm run dashboard:screenshots [-- --site DIR]: screenshots of the fleet page and one tenant page
// in Debian's chromium, saved as docs/images/dashboard-index.png and dashboard-tenant.png for
// people to look at (the README shows one). Without --site it renders a sample fleet (made-up
// customers, no database needed); with it, an existing site such as .tenantops/dashboard from
// `npm start`. The browser may load nothing but file:, as in the tests.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { writeDashboard, type DashboardModel, type FleetRow, type TenantPage } from '../src/dashboard/index.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { site: { type: 'string' }, tenant: { type: 'string' } } });
const executablePath = process.env.TENANTOPS_CHROMIUM ?? '/usr/bin/chromium';

const temp = values.site ? undefined : await mkdtemp(path.join(tmpdir(), 'tenantops-screens-'));
const site = values.site ? path.resolve(values.site) : temp!;
if (temp) await writeDashboard(sampleModel(), temp);
const tenant = values.tenant ?? (await readdir(path.join(site, 'tenants')))[0]?.replace(/\.html$/, '');

const browser = await chromium.launch({ executablePath, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
try {
  const context = await browser.newContext({ viewport: { width: 1680, height: 900 }, deviceScaleFactor: 1 });
  await context.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
  const page = await context.newPage();
  const shots: [string, string][] = [['index.html', 'dashboard-index.png'], ...(tenant ? [[`tenants/${tenant}.html`, 'dashboard-tenant.png'] as [string, string]] : [])];
  for (const [file, image] of shots) {
    await page.goto(pathToFileURL(path.join(site, file)).href);
    const out = path.join(root, 'docs', 'images', image);
    await page.screenshot({ path: out, fullPage: true });
    console.log(`${path.relative(root, out)} ← ${file}`);
  }
} finally {
  await browser.close();
  if (temp) await rm(temp, { recursive: true, force: true });
}

// A made-up fleet in every status, for pictures only.
function sampleModel(): DashboardModel {
  const at = (days: number, h = 9) => new Date(Date.UTC(2026, 11, 5 - days, h, 12)).toISOString();
  const run = (n: number) => `https://github.com/example-org/tenants/actions/runs/${n}`;
  const row = (code: string, name: string, status: string, extra: Partial<FleetRow>): FleetRow => ({
    code, name, status, lifecycle: status === 'suspended' ? 'suspended' : status === 'decommissioned' ? 'decommissioned' : 'active',
    isolation: 'schema', cluster: 'shared-eu', capacity: 'shared', reports: { deployed: 0, expected: 42 }, ...extra,
  });
  const deployed = (days: number, actor: string, n: number, hash: string) => ({ at: at(days), finishedAt: at(days, 10), actor, status: 'succeeded', planHash: hash.repeat(64 / hash.length), runUrl: run(n) });
  const inSync = { checkedAt: at(0, 5), resources: [], runUrl: run(9150) };
  const fleet: FleetRow[] = [
    row('acme-training', 'Acme Training Ltd', 'live', { capacity: 'f64-prod', reports: { deployed: 42, expected: 42 }, refresh: { state: 'Completed', at: at(0, 5), durationSeconds: 184 }, migration: { version: '0003', latest: '0003' }, lastDeployment: deployed(1, 'alice', 9101, 'a1b2c3d4'), drift: inSync, provisionedAt: at(21), liveAt: at(20), approvedBy: 'qa-lead', rolloutWave: 'canary' }),
    row('beta-corp', 'Beta Corp Apprenticeships', 'provisioned', { isolation: 'database', cluster: 'dedicated-beta', capacity: 'f64-prod', reports: { deployed: 42, expected: 42 }, refresh: { state: 'Completed', at: at(0, 5), durationSeconds: 96 }, migration: { version: '0003', latest: '0003' }, lastDeployment: deployed(0, 'bob', 9133, 'e5f6a7b8'), gateUrl: run(9133), provisionedAt: at(0), rolloutWave: 'wave 1' }),
    row('gamma-skills', 'Gamma Skills Academy', 'failed', { isolation: 'byod', cluster: 'byod', reports: { deployed: 30, expected: 36 }, refresh: { state: 'Failed', at: at(0, 5), durationSeconds: 412 }, migration: { version: '0002', latest: '0003' }, lastDeployment: { ...deployed(0, 'carol', 9140, '0c0ffee0'), status: 'failed' }, drift: { checkedAt: at(0, 5), resources: ['powerbi/report/APTEM-BKSB-HUBSPOT - Tutor', 'dns/record'], runUrl: run(9150) }, rolloutWave: 'wave 1' }),
    row('delta-learning', 'Delta Learning', 'pending', { migration: { latest: '0003' } }),
    row('epsilon-ed', 'Epsilon Education', 'live', { reports: { deployed: 36, expected: 36 }, refresh: { state: 'Completed', at: at(0, 5), durationSeconds: 61 }, migration: { version: '0003', latest: '0003' }, lastDeployment: deployed(3, 'alice', 9050, '12345678'), drift: inSync, rolloutWave: 'wave 2' }),
    row('zeta-college', 'Zeta College', 'suspended', { reports: { deployed: 24, expected: 24 }, migration: { version: '0002', latest: '0003' }, lastDeployment: deployed(40, 'dave', 8001, '9abcdef0') }),
    row('eta-providers', 'Eta Training Providers', 'live', { capacity: 'f64-prod', reports: { deployed: 42, expected: 42 }, refresh: { state: 'Completed', at: at(0, 5), durationSeconds: 143 }, migration: { version: '0003', latest: '0003' }, lastDeployment: deployed(2, 'bob', 9077, 'fedcba98'), drift: inSync, rolloutWave: 'wave 2' }),
    row('theta-works', 'Theta Works', 'decommissioned', { reports: { deployed: 0 }, lastDeployment: deployed(90, 'alice', 7000, '55aa55aa') }),
  ];
  const acme: TenantPage = {
    row: fleet[0],
    links: { workspace: 'https://app.powerbi.com/groups/8d1f0c4e-0000-4000-8000-000000000001', login: 'https://acme.tenants.example.com/' },
    checks: [
      { id: 'dns', ok: true, evidence: 'acme.tenants.example.com CNAME and _tenantops TXT owned by acme-training' },
      { id: 'workspace', ok: true, evidence: 'workspace tenant-acme-training on capacity f64-prod' },
      { id: 'model', ok: true, evidence: 'parameters point at tenant_acme_training on shared-eu' },
      { id: 'reports', ok: true, evidence: '42 of 42 reports bound to tenant-acme-training-model' },
      { id: 'modules', ok: true, evidence: 'operations, quality, finance, sales linked' },
      { id: 'super-users', ok: true, evidence: '2 invited, 1 redeemed' },
      { id: 'embed', ok: true, evidence: 'embed token generated for 42 reports' },
      { id: 'isolation', ok: true, evidence: 'executeQueries returned only marker acme-training' },
    ],
    refreshes: [184, 171, 190, 176, 402, 168].map((seconds, i) => ({ state: i === 4 ? 'Failed' : 'Completed', startedAt: at(i, 5), at: new Date(Date.parse(at(i, 5)) + seconds * 1000).toISOString(), durationSeconds: seconds })),
    timeline: [deployed(20, 'alice', 8800, '11112222'), deployed(8, 'bob', 9000, '33334444'), deployed(1, 'alice', 9101, 'a1b2c3d4')],
    audit: [
      { at: at(20), actor: 'alice', action: 'apply', target: 'deployment 1', runUrl: run(8800) },
      { at: at(20, 11), actor: 'github:qa-lead', action: 'approve', target: 'go-live', runUrl: run(8800) },
      { at: at(1), actor: 'alice', action: 'apply', target: 'deployment 3', runUrl: run(9101) },
    ],
    superUsers: [
      { email: 'jo.bloggs@acme.example', name: 'Jo Bloggs', invitedAt: at(20, 11), redeemedAt: at(19) },
      { email: 'sam.smith@acme.example', name: 'Sam Smith', invitedAt: at(20, 11) },
    ],
    modules: ['operations', 'quality'].map((m) => ({ name: m, reports: ['Operations Leader', 'Quality Manager', 'Tutor'].map((p, i) => ({ name: `APTEM-BKSB-HUBSPOT - ${p} (${m}) v1.${i}`, url: `https://app.powerbi.com/groups/8d1f/reports/${m}-${i}` })) })),
  };
  const pages: TenantPage[] = fleet.map((r) => (r.code === acme.row.code ? acme : { row: r, links: {}, refreshes: r.refresh ? [r.refresh] : [], timeline: r.lastDeployment ? [r.lastDeployment] : [], audit: [], superUsers: [], modules: [] }));
  return {
    generatedAt: at(0, 6),
    source: 'sample',
    fleet,
    tenants: pages,
    rollout: {
      name: 'schema_changed 0003',
      status: 'halted',
      waves: [
        { name: 'canary', tenants: ['acme-training'], succeeded: 1, failed: 0, pending: 0, status: 'succeeded' },
        { name: 'wave 1', tenants: ['beta-corp', 'gamma-skills'], succeeded: 1, failed: 1, pending: 0, status: 'halted', gateUrl: run(9140) },
        { name: 'wave 2', tenants: ['epsilon-ed', 'eta-providers'], succeeded: 0, failed: 0, pending: 2, status: 'waiting' },
      ],
    },
  };
}
