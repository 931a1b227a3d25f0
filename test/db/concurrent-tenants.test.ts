// Tenants applied at once on one shared database. Each run grants its roles CONNECT on that
// database and takes PUBLIC's privileges there and on `postgres`, rewriting the same catalog rows
// as the other runs; db/database-acl serialises them (without it, runs failed with `tuple
// concurrently updated`, SQLSTATE XX000). Each apply has services of its own, as eight workflow
// runs (eight processes) would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/index.ts';
import { describeLeaks, findCatalogLeaks } from '../support/catalog-isolation.ts';
import { createDbWorld, type DbWorld } from '../support/db-world.ts';
import { superQuery } from '../support/pg.ts';

const AT_ONCE = 8;
let world: DbWorld;
let tenants: TenantConfig[];

beforeAll(async () => {
  // A superuser admin (a self-hosted cluster) takes the most from PUBLIC: the shared database's
  // CONNECT and TEMPORARY, the large-object functions there, and the `postgres` database's.
  world = await createDbWorld({ superuserAdmin: true });
  tenants = Array.from({ length: AT_ONCE }, (_, i) => world.tenant(`c${i + 1}`, { isolation: 'schema', cluster: 'main' }));
}, 60_000);

afterAll(async () => {
  await world?.cleanup();
});

/** One line per tenant whose apply did not finish cleanly (empty when all did). */
async function applyAtOnce(configs: TenantConfig[], options: { force?: boolean } = {}): Promise<string[]> {
  const results = await Promise.allSettled(configs.map((t) => world.apply([t], options)));
  return results.flatMap((r, i) => {
    if (r.status === 'rejected') return [`${configs[i].code}: ${(r.reason as Error).message}`];
    const failed = r.value.tenants.flatMap((t) => t.failed);
    return failed.length ? [`${configs[i].code}: ${JSON.stringify(failed)}`] : [];
  });
}

describe(`${AT_ONCE} tenants applied at once on one shared database`, () => {
  it('all succeed; each tenant’s roles connect, PUBLIC does not, nobody reaches another’s objects', async () => {
    expect(await applyAtOnce(tenants)).toEqual([]);
    const { rows } = await superQuery(
      world.shared.name,
      `SELECT r.rolname FROM pg_roles r WHERE r.rolname LIKE ANY($1) AND has_database_privilege(r.oid, current_database(), 'CONNECT') ORDER BY 1`,
      [tenants.map((t) => `tenant_${t.code.replaceAll('-', '_')}\\_%`)],
    );
    const expected = tenants.flatMap((t) => ['app', 'bi'].map((p) => `tenant_${t.code.replaceAll('-', '_')}_${p}`)).sort();
    expect(rows.map((r) => r.rolname)).toEqual(expected);
    const { rows: publicAccess } = await superQuery(
      world.shared.name,
      `SELECT a.privilege_type FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a WHERE d.datname = current_database() AND a.grantee = 0`,
    );
    expect(publicAccess).toEqual([]);
    const leaks = await findCatalogLeaks(world.registry.url, tenants.map((t) => t.code), ['postgres']);
    expect(describeLeaks(leaks)).toEqual([]);
    // Converged: a second round finds nothing to do.
    const again = await Promise.all(tenants.map((t) => world.apply([t])));
    expect(again.flatMap((r) => r.tenants.flatMap((t) => t.applied))).toEqual([]);
  }, 300_000);

  it('decommissioned with delete at once, all succeed and no role of theirs is left', async () => {
    const gone = tenants.map((t): TenantConfig => ({ ...t, lifecycle: 'decommissioned', deletionPolicy: 'delete' }));
    expect(await applyAtOnce(gone, { force: true })).toEqual([]);
    const { rows } = await superQuery('postgres', `SELECT rolname FROM pg_roles WHERE rolname LIKE ANY($1)`, [tenants.map((t) => `tenant_${t.code.replaceAll('-', '_')}\\_%`)]);
    expect(rows).toEqual([]);
  }, 300_000);
});
