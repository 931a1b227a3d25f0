// Done when: an edited applied migration, an unknown cluster, an unreachable byod database and a
// byod role without the needed privileges each fail with a precise message and change nothing.
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/index.ts';
import { migrateTenants } from '../../src/db/index.ts';
import { adminUrl } from '../support/pg.ts';
import { snapshotTenant } from '../support/db-snapshot.ts';
import { CUSTOMER_PASSWORD, useDbWorldWithMigrations } from '../support/db-world.ts';

const suite = useDbWorldWithMigrations();

const snapshot = (t: TenantConfig, databases: string[] = []) =>
  snapshotTenant({ superUrl: adminUrl(), databases: [suite.world.shared.name, ...databases], registryDatabase: suite.world.registry.name, tenant: t.code });

/** Nothing of the tenant exists: no role, no schema or database, no registry record or secret. */
function expectNothing(snap: Record<string, unknown>) {
  expect(snap.roles).toEqual([]);
  for (const [key, value] of Object.entries(snap)) if (key.startsWith('db:')) expect((value as { schema: unknown }).schema).toBeNull();
  const registry = snap.registry as Record<string, unknown[]>;
  expect([registry.dataStore, registry.secrets, registry.resources]).toEqual([[], [], []]);
}

describe('failures', () => {
  it('an edited, applied migration is an error naming the file, and no migration runs', async () => {
    const t = suite.world.tenant('edit', { isolation: 'schema', cluster: 'main' });
    await suite.world.apply([t], { root: suite.root });
    const dir = path.join(suite.root, 'templates', 'tenant-migrations');
    await writeFile(path.join(dir, '0003_pending.sql'), 'CREATE TABLE pending_one (id int);\n');
    await appendFile(path.join(dir, '0001_learners.sql'), '\n-- an innocent-looking edit\n');
    const before = await snapshot(t);

    const message = new RegExp(
      `^templates/tenant-migrations/0001_learners\\.sql:1:1: migration 0001_learners\\.sql was edited after it was applied to tenant ${t.code} ` +
        `\\(checksum [0-9a-f]{12}…, now [0-9a-f]{12}…\\); restore it and put the change in a new migration$`,
    );
    await expect(suite.world.apply([t], { root: suite.root })).rejects.toThrow(message);
    const services = suite.world.services(undefined, suite.root);
    try {
      const result = await migrateTenants({ tenants: [t], services });
      expect(result.tenants).toEqual([expect.objectContaining({ tenant: t.code, status: 'failed', applied: [], error: expect.stringMatching(message) })]);
    } finally {
      await services.close();
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('an unknown cluster names it and the defined ones', async () => {
    const t = suite.world.tenant('nocluster', { isolation: 'database', cluster: 'nowhere' });
    await expect(suite.world.apply([t])).rejects.toThrow(`tenant ${t.code}: database.cluster "nowhere" is not defined in platform.yaml; defined: main`);
    expectNothing(await snapshot(t));
  });

  it('an unreachable byod database says which secret, where, and why', async () => {
    suite.world.env.UNREACHABLE_URL = `postgres://nobody:${CUSTOMER_PASSWORD}@127.0.0.1:1/nothing`;
    const t = suite.world.tenant('unreach', { isolation: 'byod', connectionSecret: 'UNREACHABLE_URL' });
    const err = await suite.world.apply([t]).catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      new RegExp(`^tenant ${t.code}: cannot connect to its byod database \\(secret UNREACHABLE_URL: 127\\.0\\.0\\.1:1/nothing as nobody\\): connect ECONNREFUSED 127\\.0\\.0\\.1:1.*Nothing was changed\\.$`),
    );
    expect((err as Error).message).not.toContain(CUSTOMER_PASSWORD);
    expectNothing(await snapshot(t));
  });

  it('a byod role without CREATE or CREATEROLE gets every shortfall named, with the fix', async () => {
    const customer = await suite.world.customer('cust_np', { ownsDatabase: false });
    suite.world.env.NO_PRIVS_URL = customer.url;
    const t = suite.world.tenant('noprivs', { isolation: 'byod', connectionSecret: 'NO_PRIVS_URL' });
    const schema = `tenant_${t.code.replaceAll('-', '_')}`;
    const err = await suite.world.apply([t]).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      `tenant ${t.code}: its byod database (secret NO_PRIVS_URL: 127.0.0.1:${new URL(customer.url).port}/${customer.database} as ${customer.role}, role "${customer.role}") lacks what tenantops needs: ` +
        `CREATE on database "${customer.database}" to create schema ${schema} (GRANT CREATE ON DATABASE "${customer.database}" TO "${customer.role}"); ` +
        `CREATEROLE to create the app and BI roles (ALTER ROLE "${customer.role}" CREATEROLE), or database.biConnectionSecret in tenants/${t.code}.yaml naming a secret that holds a read-only BI role's connection string. Nothing was changed.`,
    );
    expectNothing(await snapshot(t, [customer.database]));
  });

  it('a byod BI secret that logs in as the owning role is refused', async () => {
    const customer = await suite.world.customer('cust_same');
    Object.assign(suite.world.env, { SAME_URL: customer.url, SAME_BI_URL: customer.url });
    const t = suite.world.tenant('samebi', { isolation: 'byod', connectionSecret: 'SAME_URL', biConnectionSecret: 'SAME_BI_URL' });
    await expect(suite.world.apply([t])).rejects.toThrow(`lacks what tenantops needs: a BI role other than "${customer.role}" in SAME_BI_URL`);
    expectNothing(await snapshot(t, [customer.database]));
  });
});
