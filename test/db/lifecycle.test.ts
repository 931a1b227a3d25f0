// Lifecycle: suspended roles lose their login until active again; decommissioned + retain keeps
// the data; decommissioned + delete plans the drop and performs it only when forced; byod data is
// never dropped; a live tenant's store never moves in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/index.ts';
import { readDbCredentials } from '../../src/db/index.ts';
import { UnsafePlanError } from '../../src/errors/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { planOnline } from '../../src/run/index.ts';
import { openRegistry, parseKeyring } from '../../src/registry/index.ts';
import { adminUrl, connectAs, sqlstate, superQuery } from '../support/pg.ts';
import { snapshotTenant } from '../support/db-snapshot.ts';
import { createDbWorld, type DbWorld } from '../support/db-world.ts';

let world: DbWorld;

beforeAll(async () => {
  world = await createDbWorld();
}, 60_000);

afterAll(async () => {
  await world?.cleanup();
});

const plan = async (t: TenantConfig) => {
  const services = world.services();
  try {
    return await planOnline(world.inputs([t]), services, { only: ['db'] });
  } finally {
    await services.close();
  }
};

async function credentials(code: string) {
  const registry = openRegistry(world.registry.url, createMemoryLogger());
  try {
    return await readDbCredentials(registry, parseKeyring(world.env), code, createMemoryLogger());
  } finally {
    await registry.end();
  }
}

async function canLogIn(code: string, purpose: 'app' | 'bi'): Promise<string | undefined> {
  const c = await credentials(code);
  return sqlstate(connectAs(c[purpose].user, c[purpose].password, c.database).then((client) => client.end()));
}

async function storeStatus(code: string): Promise<string | undefined> {
  const { rows } = await superQuery(world.registry.name, 'SELECT status FROM data_stores WHERE tenant = $1', [code]);
  return rows[0]?.status as string | undefined;
}


const snapshot = (t: TenantConfig, databases: string[] = []) =>
  snapshotTenant({ superUrl: adminUrl(), databases: [world.shared.name, ...databases], registryDatabase: world.registry.name, tenant: t.code });

describe('lifecycle', () => {
  it('suspended: the roles may not log in (28000) until the tenant is active again, with the same password', async () => {
    const active = world.tenant('susp', { isolation: 'schema', cluster: 'main' });
    await world.apply([active]);
    expect(await canLogIn(active.code, 'app')).toBeUndefined();
    const suspended = { ...active, lifecycle: 'suspended' as const };
    const result = await world.apply([suspended]);
    expect(result.tenants[0].applied).toEqual(['db/role/app', 'db/role/bi', 'db/route']);
    expect(await canLogIn(active.code, 'app')).toBe('28000');
    expect(await canLogIn(active.code, 'bi')).toBe('28000');
    expect(await storeStatus(active.code)).toBe('suspended');
    await world.apply([active]);
    expect(await canLogIn(active.code, 'app')).toBeUndefined();
    expect(await canLogIn(active.code, 'bi')).toBeUndefined();
    expect(await storeStatus(active.code)).toBe('ready');
  });

  it('decommissioned with retain: no login, the data stays', async () => {
    const t = world.tenant('retain', { isolation: 'database', cluster: 'main' });
    await world.apply([t]);
    const c = await credentials(t.code);
    const app = await connectAs(c.app.user, c.app.password, c.database);
    await app.query(`INSERT INTO learners (first_name, last_name) VALUES ('Kept', 'Row')`);
    await app.end();
    await world.apply([{ ...t, lifecycle: 'decommissioned' }]);
    expect(await canLogIn(t.code, 'app')).toBe('28000');
    expect(await storeStatus(t.code)).toBe('decommissioned');
    const { rows } = await superQuery(c.database, `SELECT first_name FROM ${c.schema}.learners`);
    expect(rows).toEqual([{ first_name: 'Kept' }]);
  });

  it.each(['schema', 'database'] as const)('decommissioned with delete (%s): the plan shows the drop, apply refuses it unforced and performs it forced', async (isolation) => {
    const t = world.tenant(`del-${isolation.slice(0, 2)}`, { isolation, cluster: 'main' });
    await world.apply([t]);
    const gone: TenantConfig = { ...t, lifecycle: 'decommissioned', deletionPolicy: 'delete' };
    const planned = (await plan(gone)).tenants[0];
    const store = planned.changes.find((c) => c.key === 'db/store');
    expect(store).toMatchObject({ action: 'delete', destroysData: true });
    const deletes = planned.changes.filter((c) => c.action === 'delete').map((c) => c.key);
    expect([...deletes].sort()).toEqual(['db/grants', 'db/migrations', 'db/role/app', 'db/role/bi', 'db/role/owner', 'db/store']);
    // The store goes before the roles that own it and hold grants on it.
    for (const role of ['db/role/owner', 'db/role/app', 'db/role/bi']) expect(deletes.indexOf('db/store')).toBeLessThan(deletes.indexOf(role));
    expect(planned.unsafe.map((u) => u.message)).toEqual([expect.stringContaining(`tenant ${t.code}: db/store: delete destroys data: deletionPolicy is delete`)]);

    const ownDb = isolation === 'database' ? [`tenant_${t.code.replaceAll('-', '_')}`] : [];
    const before = await snapshot(t, ownDb);
    await expect(world.apply([gone])).rejects.toThrow(UnsafePlanError);
    expect(await snapshot(t, ownDb)).toEqual(before);

    await world.apply([gone], { force: true });
    const after = await snapshot(t, ownDb);
    expect(after.roles).toEqual([]);
    expect((after.databases as { datname: string }[]).map((d) => d.datname)).toEqual([world.shared.name]);
    expect((after[`db:${world.shared.name}`] as { schema: unknown }).schema).toBeNull();
    expect((after.registry as { secrets: unknown[] }).secrets).toEqual([]);
    expect(await storeStatus(t.code)).toBe('decommissioned');
    const again = await world.apply([gone], { force: true });
    expect(again.tenants[0].applied).toEqual([]);
  });

  it('byod with delete is never dropped: the roles lose their login, the schema stays', async () => {
    const customer = await world.customer('cust_keep', { createRole: true });
    world.env.KEEP_URL = customer.url;
    const t = world.tenant('byodkeep', { isolation: 'byod', connectionSecret: 'KEEP_URL' });
    await world.apply([t]);
    const gone: TenantConfig = { ...t, lifecycle: 'decommissioned', deletionPolicy: 'delete' };
    const planned = (await plan(gone)).tenants[0];
    expect(planned.changes.filter((c) => c.action === 'delete')).toEqual([]);
    expect(planned.unsafe).toEqual([]);
    await world.apply([gone]);
    const snap = await snapshot(t, [customer.database]);
    expect((snap[`db:${customer.database}`] as { schema: unknown }).schema).not.toBeNull();
    expect((snap.roles as { rolcanlogin: boolean }[]).map((r) => r.rolcanlogin)).toEqual([false, false]);
  });

  it.each([
    ['isolation', { isolation: 'database', cluster: 'main' }, 'isolation "schema" → "database"'],
    ['cluster', { isolation: 'schema', cluster: 'other' }, 'cluster "main" → "other"'],
  ] as const)("a live tenant's %s change is refused with the reason, and nothing changes", async (_field, database, change) => {
    world.platform.clusters.other = { ...world.platform.clusters.main };
    const t = world.tenant(`move-${_field.slice(0, 3)}`, { isolation: 'schema', cluster: 'main' });
    await world.apply([t]);
    const moved: TenantConfig = { ...t, database };
    const planned = (await plan(moved)).tenants[0];
    expect(planned.unsafe.map((u) => u.message)).toContain(
      `tenant ${t.code}: db/store: ${change} forces replacement, which destroys data: changing a live tenant's store would strand its data in the old one (moving data between stores is out of scope); re-run with --force to allow it`,
    );
    const before = await snapshot(t);
    await expect(world.apply([moved])).rejects.toThrow(/forces replacement, which destroys data: changing a live tenant's store would strand its data/);
    expect(await snapshot(t)).toEqual(before);
  });
});
