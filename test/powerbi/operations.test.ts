// The operations around a deployed tenant: on-demand refreshes (models with the shared-capacity
// budget, Gen1 dataflows followed through their transactions), discovery against the registry
// with list calls only, the catalog sync from the template workspace, and the CLI entry points.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployPowerBi, loadInputs } from '../../src/run/index.ts';
import { discoverPowerBi, refreshTenants, syncCatalog, writeCatalogSync } from '../../src/powerbi/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { listRefreshRuns, listReportMappings } from '../../src/registry/index.ts';
import { cli } from '../support/cli.ts';
import { APP, TENANT_ID, startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';
import { copyRepo } from '../support/repo.ts';

let h: Harness;
let root: string;
const CODE = 'acme-training';
const config = () => h.inputs.tenants.find((t) => t.config.code === CODE)!.config;

beforeAll(async () => {
  root = await copyRepo();
  h = await startHarness({ root });
  // The platform file the CLI reads names the sandbox's app registration.
  const file = join(root, 'platform.yaml');
  const platform = readFileSync(file, 'utf8')
    .replace(/tenantId: .*/, `tenantId: ${TENANT_ID}`)
    .replace(/clientId: .*/, `clientId: ${APP.clientId}`);
  writeFileSync(file, platform);
  writeFileSync(join(root, 'ca.pem'), h.caPem);
  await h.provisionData(CODE);
  await h.apply(CODE);
});
afterAll(async () => {
  await h?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** The CLI on the copy, pointed at the sandbox as a user's environment would point it. */
function cliOnSandbox(argv: string[]) {
  return cli([...argv, '--root', root], root, {
    ...h.env,
    TENANTOPS_POWERBI_URL: h.powerbi.url,
    TENANTOPS_FABRIC_URL: h.fabric.url,
    TENANTOPS_AUTHORITY_HOST: h.entra.authorityHost,
    TENANTOPS_CA_FILE: join(root, 'ca.pem'),
  });
}

describe('refresh', () => {
  it('refreshes the model and waits for its own history entry', async () => {
    const results = await refreshTenants(h.services(), { tenants: [config()], wait: true });
    expect(results).toEqual([expect.objectContaining({ tenant: CODE, target: 'model', status: 'Completed', detail: 'enhanced refresh' })]);
    const model = tenantObjects(h, CODE).models[0];
    const entry = model.semanticModel!.refreshes.find((r) => r.requestId === results[0].requestId)!;
    expect(entry.status).toBe('Completed');
    // The registry keeps it for the dashboard with the history's own times, as it kept the apply's.
    const recorded = await listRefreshRuns(await h.services().registry(), CODE);
    expect(recorded).toHaveLength(2);
    expect(recorded[0]).toMatchObject({ requestId: results[0].requestId!.toLowerCase(), state: 'Completed', startedAt: new Date(entry.startTime), endedAt: new Date(entry.endTime!), durationMs: entry.endTime! - entry.startTime });
  });

  it('keeps to the daily budget of 8 refreshes on shared capacity', async () => {
    const shared = { ...config(), powerbi: { ...config().powerbi, capacity: 'shared' } };
    const statuses: string[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await refreshTenants(h.services(), { tenants: [shared], wait: true }))[0].status);
    const model = tenantObjects(h, CODE).models[0];
    expect(model.semanticModel!.refreshes.length).toBe(8);
    expect(statuses.at(-1)).toBe('Skipped');
  });

  it('refreshes Gen1 dataflows and follows the transaction it started', async () => {
    const objects = tenantObjects(h, CODE);
    const profile = h.world.resolveActor(APP.objectId, objects.profiles[0].id);
    h.world.createItem(profile, objects.workspaces[0].id, { type: 'Dataflow', displayName: 'learner feed' });
    const results = await refreshTenants(h.services(), { tenants: [config()], what: 'dataflows', wait: true });
    expect(results).toEqual([expect.objectContaining({ target: 'dataflow learner feed', status: 'Completed' })]);
  });

  it('skips suspended tenants', async () => {
    const results = await refreshTenants(h.services(), { tenants: [{ ...config(), lifecycle: 'suspended' }], wait: true });
    expect(results[0]).toMatchObject({ status: 'Skipped', detail: 'the tenant is suspended' });
  });
});

describe('discover', () => {
  it('finds nothing amiss right after apply, with list calls only', async () => {
    h.clearLogs();
    const d = await discoverPowerBi(h.services());
    expect(d.discrepancies).toEqual([]);
    expect(d.principalWorkspaces).toBe(2);
    const routes = new Set(h.reads().map((r) => r.route));
    expect([...routes].every((r) => r?.endsWith('.list') || r === 'profiles.list')).toBe(true);
  });

  it('lists unknown, missing and mismatched objects', async () => {
    const objects = tenantObjects(h, CODE);
    const profile = h.world.resolveActor(APP.objectId, objects.profiles[0].id);
    const stray = h.world.createItem(profile, objects.workspaces[0].id, { type: 'Report', displayName: 'Hand made', datasetId: objects.models[0].id });
    const rebound = objects.reports[0];
    const original = rebound.report!.datasetId;
    rebound.report!.datasetId = h.templateModel.id;
    const removed = objects.reports[1];
    h.world.state.items.delete(removed.id);
    try {
      const d = await discoverPowerBi(h.services());
      expect(d.discrepancies).toEqual(expect.arrayContaining([
        expect.objectContaining({ kind: 'unknown', what: 'report', id: stray.id, tenant: CODE }),
        expect.objectContaining({ kind: 'mismatched', what: 'report', id: rebound.id }),
        expect.objectContaining({ kind: 'missing', what: 'report', id: removed.id }),
      ]));
      const cliRun = await cliOnSandbox(['discover', '--json']);
      expect(cliRun.code).toBe(1);
      expect(JSON.parse(cliRun.stdout).discrepancies).toHaveLength(d.discrepancies.length);
    } finally {
      h.world.state.items.delete(stray.id);
      rebound.report!.datasetId = original;
      h.world.state.items.set(removed.id, removed);
    }
  });
});

describe('the action entry (deployPowerBi)', () => {
  const run = (mode: 'plan' | 'apply' | 'verify') =>
    deployPowerBi({
      root, tenant: CODE, mode, actor: 'test', log: createMemoryLogger(), env: h.env,
      powerbi: { ca: h.caPem, authorityHost: h.entra.authorityHost, powerbiUrl: h.powerbi.url, fabricUrl: h.fabric.url, sleep: (ms) => h.clock.sleep(ms), now: () => h.clock.now() },
    });

  it('plans and applies nothing on an unchanged tenant, with five reads, and summarises it', async () => {
    h.clearLogs();
    const planned = await run('apply');
    expect(planned.counts).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(planned.applied).toBe(0);
    expect(planned.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(h.writes()).toEqual([]);
    // Four lists and the model's parameters (a drift only the service knows).
    expect(h.reads().length).toBeLessThanOrEqual(5);
    expect(planned.tenants[0]).toMatchObject({ tenant: CODE, reports: { deployed: 42, expected: 42 }, refresh: 'Completed' });
    expect(planned.markdown).toContain(`| ${CODE} | 42/42 | Completed | [open](https://app.powerbi.com/groups/`);
  });

  it('verifies, counting its read-only POSTs apart', async () => {
    const verified = await run('verify');
    expect(verified.tenants[0].verification).toMatchObject({ ok: true });
    expect(verified.markdown).toContain('| passed |');
  });
});

describe('catalog sync', () => {
  it('shows a template published in Power BI and writes it with the module of its earlier versions', async () => {
    const principal = h.world.resolveActor(APP.objectId);
    h.world.createItem(principal, h.templateWorkspaceId, { type: 'Report', displayName: 'APTEM-BKSB-HUBSPOT - Operations Leader v1.9', datasetId: h.templateModel.id });
    h.world.createItem(principal, h.templateWorkspaceId, { type: 'Report', displayName: 'Quarterly board pack', datasetId: h.templateModel.id });
    const sync = await syncCatalog(h.services(), h.inputs.catalog, h.inputs.providers);
    expect(sync.additions).toEqual([{ name: 'APTEM-BKSB-HUBSPOT - Operations Leader v1.9', module: 'operations' }]);
    expect(sync.diff.unparseable.map((u) => u.name)).toEqual(['Quarterly board pack']);
    expect(sync.diff.removed).toEqual([]);
    const { written } = await writeCatalogSync(root, sync);
    expect(written).toBe(1);
    const reloaded = await loadInputs(root);
    expect(reloaded.inputs!.catalog.map((r) => r.name)).toContain('APTEM-BKSB-HUBSPOT - Operations Leader v1.9');
  });
});

describe('the CLI', () => {
  // The QA checklist: this harness provisions Power BI only (no DNS record, no registry record of
  // the tenant), so those checks fail and the exit is 1; the Power BI ones pass.
  it('verify --json passes the Power BI checks of an onboarded tenant', async () => {
    const { code, stdout: out, stderr: err } = await cliOnSandbox(['verify', '--tenant', CODE, '--json']);
    expect(err).not.toContain('synthetic');
    expect(code, err).toBe(1);
    const parsed = JSON.parse(out);
    expect(parsed).toMatchObject({ tenant: CODE, ok: false });
    expect(parsed.checks.filter((c: { ok: boolean }) => !c.ok).map((c: { id: string }) => c.id)).toEqual(['dns', 'modules', 'super-users']);
    expect((await listReportMappings(h.registry, CODE)).length).toBeGreaterThan(0);
  });

  it('refresh refuses --tenant with --all', async () => {
    const { code, stderr: err } = await cliOnSandbox(['refresh', '--tenant', CODE, '--all']);
    expect(code).toBe(2);
    expect(err).toContain('exactly one of --tenant');
  });
});
