// The registry's record of a tenant as a planned resource (the `registry` capability): created
// from the tenant file, a no-op (no writes) the second time, a rename or a changed super user shown
// in the plan with a new hash, and modules initialised with their features and every report
// linked to one — unlinked when its module is turned off, linked again when it comes back.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log/index.ts';
import { anchorTenant, listAudit, listUsers, readModules, readModuleFeatures } from '../../src/registry/index.ts';
import { applyTenants, createServices, loadValidInputs, planOnline, tenantContext, type Inputs, type Services } from '../../src/run/index.ts';
import { copyRepo, editFile } from '../support/repo.ts';
import { useTestRegistry } from '../support/registry.ts';

const reg = useTestRegistry();
const TENANT = 'acme-training';
let root: string;
let services: Services;

beforeAll(async () => {
  root = await copyRepo();
});
afterAll(async () => {
  await services?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function inputs(): Promise<Inputs> {
  const loaded = await loadValidInputs(root);
  services ??= createServices({ platform: loaded.platform, root, log: createMemoryLogger(), env: { TENANTOPS_REGISTRY_URL: reg.url, USER: 'tester' } });
  return loaded;
}

const plan = async (i: Inputs) => planOnline(i, services, { tenant: TENANT, only: ['registry'] });
const apply = async (i: Inputs) => applyTenants(i, services, { tenant: TENANT, only: ['registry'], actor: 'test' });
/** Rows of the registry that are not the journal's or the audit log's: what a write would change. */
const footprint = async () => (await reg.pool.query(`SELECT (SELECT count(*) FROM tenant_modules) m, (SELECT count(*) FROM tenant_module_features) f, (SELECT count(*) FROM report_feature_links) l, (SELECT count(*) FROM users) u, (SELECT string_agg(name || subdomain || lifecycle || recorded, ',') FROM tenants) t`)).rows[0];

describe('the registry capability', () => {
  it('plans the record of a tenant the registry only anchors, and creates it', async () => {
    const i = await inputs();
    const { config } = i.tenants.find((t) => t.config.code === TENANT)!;
    await anchorTenant(reg.pool, { code: TENANT, name: config.name, subdomain: config.subdomain, isolation: 'schema', cluster: 'shared-eu' });
    const p = await plan(i);
    expect(p.tenants[0].changes.map((c) => [c.key, c.action])).toEqual([
      ['registry/tenant', 'create'],
      ['registry/modules', 'create'],
      ['registry/super-users', 'create'],
    ]);
    const result = await apply(i);
    expect(result.tenants[0]).toMatchObject({ failed: [], skipped: [] });
    expect(await listUsers(reg.pool, TENANT)).toEqual([{ email: 'jane.doe@acme-training.example', firstName: 'Jane', lastName: 'Doe' }]);
    expect((await listAudit(reg.pool, TENANT)).map((a) => a.action)).toEqual(expect.arrayContaining(['registry.tenant.create', 'registry.super-users.create', 'registry.modules.create']));
  });

  it('initialises every enabled module with its features and links every report to the feature naming its persona', async () => {
    const i = await inputs();
    const ctx = tenantContext(i, i.tenants.find((t) => t.config.code === TENANT)!.config);
    const state = await readModules(reg.pool, TENANT);
    const features = readModuleFeatures(root);
    expect(Object.keys(state.modules).sort()).toEqual([...ctx.config.modules].sort());
    for (const m of ctx.config.modules) expect(state.modules[m]).toEqual(Object.fromEntries(features[m].map((f) => [f.name, f.title])));
    expect(Object.keys(state.reports)).toHaveLength(ctx.reports.length);
    expect(state.reports['APTEM-BKSB-HUBSPOT - Operations Leader']).toBe('operations/leadership');
    expect(state.reports['APTEM-BKSB-HUBSPOT - Finance Director']).toBe('finance/overview');
  });

  it('converges: a second plan has no changes and a second apply writes nothing', async () => {
    const i = await inputs();
    const before = { rows: await footprint(), audit: (await listAudit(reg.pool, TENANT)).length };
    expect((await plan(i)).tenants[0].changes).toEqual([]);
    const result = await apply(i);
    expect(result.tenants[0].applied).toEqual([]);
    expect({ rows: await footprint(), audit: (await listAudit(reg.pool, TENANT)).length }).toEqual(before);
  });

  it('shows a rename in the plan, with a new hash, and applies it', async () => {
    const unchanged = await plan(await inputs());
    await editFile(root, `tenants/${TENANT}.yaml`, (t) => t.replace('name: Acme Training Ltd', 'name: Acme Training Group'));
    const renamed = await plan(await inputs());
    expect(renamed.hash).not.toBe(unchanged.hash);
    expect(renamed.tenants[0].changes).toMatchObject([{ key: 'registry/tenant', action: 'update', fields: [{ path: 'name', before: 'Acme Training Ltd', after: 'Acme Training Group' }] }]);
    await apply(await inputs());
    expect((await reg.pool.query('SELECT name FROM tenants WHERE code = $1', [TENANT])).rows).toEqual([{ name: 'Acme Training Group' }]);
  });

  it('shows a super user added and one removed', async () => {
    await editFile(root, `tenants/${TENANT}.yaml`, (t) => t.replace('  - email: jane.doe@acme-training.example\n    firstName: Jane\n    lastName: Doe', '  - email: Raj.Kumar@acme-training.example\n    firstName: Raj\n    lastName: Kumar'));
    const p = await plan(await inputs());
    expect(p.tenants[0].changes).toMatchObject([{ key: 'registry/super-users', action: 'update', fields: [
      { path: 'jane.doe@acme-training.example', before: { firstName: 'Jane', lastName: 'Doe' } },
      { path: 'raj.kumar@acme-training.example', after: { firstName: 'Raj', lastName: 'Kumar' } },
    ] }]);
    await apply(await inputs());
    expect((await listUsers(reg.pool, TENANT)).map((u) => u.email)).toEqual(['raj.kumar@acme-training.example']);
  });

  it('unlinks the reports of a module turned off, and links them again when it comes back', async () => {
    const all = await readModules(reg.pool, TENANT);
    const sales = Object.entries(all.reports).filter(([, target]) => target.startsWith('sales/')).map(([t]) => t);
    expect(sales.length).toBeGreaterThan(0);
    await editFile(root, `tenants/${TENANT}.yaml`, (t) => t.replace('  - sales\n', ''));
    const off = await plan(await inputs());
    const [change] = off.tenants[0].changes;
    expect(change).toMatchObject({ key: 'registry/modules', action: 'update' });
    expect(change.fields.map((f) => f.path).sort()).toEqual(['modules.sales', ...sales.map((t) => `reports.${t}`)].sort());
    expect(change.fields.every((f) => f.after === undefined)).toBe(true);
    await apply(await inputs());
    const after = await readModules(reg.pool, TENANT);
    expect(Object.keys(after.modules)).not.toContain('sales');
    expect(Object.keys(after.reports).filter((t) => sales.includes(t))).toEqual([]);
    expect((await reg.pool.query(`SELECT count(*)::int AS n FROM tenant_module_features WHERE tenant = $1 AND module = 'sales'`, [TENANT])).rows).toEqual([{ n: 0 }]);

    await editFile(root, `tenants/${TENANT}.yaml`, (t) => t.replace('  - compliance\n', '  - sales\n  - compliance\n'));
    await apply(await inputs());
    expect(await readModules(reg.pool, TENANT)).toEqual(all);
    expect((await plan(await inputs())).tenants[0].changes).toEqual([]);
  });
});
