// The isolation suite, run by test/db/isolation.test.ts on the worker's cluster (the newest
// supported PostgreSQL major) and by test/db/isolation-oldest.test.ts on the oldest.
// Done when: for two tenants in each isolation mode, the BI and application roles of one cannot
// read, write or connect to the other's data. The catalog says so first (every role × object
// pair of the six tenants sharing the cluster, test/support/catalog-isolation.ts); then the test
// logs in as those roles (with the passwords the registry holds) and asserts PostgreSQL's own
// "permission denied", SQLSTATE 42501.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/index.ts';
import type { DbCredentials } from '../../src/db/index.ts';
import { createDbWorld, readWorldCredentials, type DbWorld } from './db-world.ts';
import { describeLeaks, findCatalogLeaks } from './catalog-isolation.ts';
import { connectAs, sqlstate, superQuery } from './pg.ts';

/** Registers the suite's hooks and tests in the enclosing test file. */
export function describeIsolationSuite(): void {
  let world: DbWorld;
  const tenants: Record<string, TenantConfig> = {};
  const creds: Record<string, DbCredentials> = {};

  beforeAll(async () => {
    world = await createDbWorld();
    const withRoles = await world.customer('cust_a', { createRole: true });
    const ownRoles = await world.customer('cust_b');
    const biRole = await world.customerRole('cust_b_bi');
    Object.assign(world.env, { CUST_A_URL: withRoles.url, CUST_B_URL: ownRoles.url, CUST_B_BI_URL: biRole.url });
    tenants.schemaA = world.tenant('sa', { isolation: 'schema', cluster: 'main' });
    tenants.schemaB = world.tenant('sb', { isolation: 'schema', cluster: 'main' });
    tenants.databaseA = world.tenant('da', { isolation: 'database', cluster: 'main' });
    tenants.databaseB = world.tenant('db', { isolation: 'database', cluster: 'main' });
    // One customer lets tenantops create roles (CREATEROLE); the other brings its own BI role.
    tenants.byodA = world.tenant('ba', { isolation: 'byod', connectionSecret: 'CUST_A_URL' });
    tenants.byodB = world.tenant('bb', { isolation: 'byod', connectionSecret: 'CUST_B_URL', biConnectionSecret: 'CUST_B_BI_URL' });
    await world.apply(Object.values(tenants));
    Object.assign(creds, await readWorldCredentials(world, tenants));
  }, 120_000);

  afterAll(async () => {
    await world?.cleanup();
  });

  describe('the catalog', () => {
    const codes = () => Object.values(tenants).map((t) => t.code);
    // A byod database is on the customer's own server in production; here it shares the test
    // cluster, where the customer's default (PUBLIC may connect) is the customer's, not ours to
    // change. Everything inside it is still audited.
    const customerDatabases = () => [creds.byodA.database, creds.byodB.database].map((d) => `database ${d}`);
    const leaks = async () => (await findCatalogLeaks(world.registry.url, codes())).filter((l) => !customerDatabases().includes(l.object));

    it("gives no role of any tenant a privilege on another tenant's database, schema, table, sequence, function, large object, default privileges or role", async () => {
      expect(describeLeaks(await leaks())).toEqual([]);
    });

    it('finds a schema grant that permission-denied errors miss (USAGE alone reads nothing yet)', async () => {
      const { schema } = creds.schemaB;
      const leak = `GRANT USAGE ON SCHEMA ${schema} TO ${creds.schemaA.app.user}, ${creds.schemaA.bi.user}`;
      await superQuery(world.shared.name, leak);
      try {
        expect(describeLeaks(await leaks())).toEqual([
          `${creds.schemaA.app.user} (${tenants.schemaA.code}) has USAGE on schema ${schema} of ${tenants.schemaB.code}`,
          `${creds.schemaA.bi.user} (${tenants.schemaA.code}) has USAGE on schema ${schema} of ${tenants.schemaB.code}`,
        ]);
      } finally {
        await superQuery(world.shared.name, leak.replace('GRANT', 'REVOKE').replace(' TO ', ' FROM '));
      }
    });
  });

  async function as(tenant: string, purpose: 'app' | 'bi', database = creds[tenant].database): Promise<pg.Client> {
    const { user, password } = creds[tenant][purpose];
    return connectAs(user, password, database);
  }

  const pairs = [
    ['schemaA', 'schemaB'],
    ['databaseA', 'databaseB'],
    ['byodA', 'byodB'],
  ] as const;

  describe.each(pairs)('%s and %s', (a, b) => {
    it('each reaches its own data: the app writes rows marked with its code, the BI role reads them and cannot write', async () => {
      for (const t of [a, b]) {
        const { schema } = creds[t];
        const app = await as(t, 'app');
        try {
          // Qualified: a byod customer's own role keeps its own search_path.
          await app.query(`INSERT INTO ${schema}.learners (first_name, last_name, uln) VALUES ('Ada', 'Lovelace', '1234567890') ON CONFLICT DO NOTHING`);
        } finally {
          await app.end();
        }
        const bi = await as(t, 'bi');
        try {
          const { rows } = await bi.query(`SELECT DISTINCT tenant_marker FROM ${schema}.learners`);
          expect(rows).toEqual([{ tenant_marker: tenants[t].code }]);
          // Read-only twice over: by default (25006; a customer's own BI role has no such default),
          // and by privilege once that default is lifted (42501).
          const readOnly = tenants[t].database.biConnectionSecret ? '42501' : '25006';
          expect(await sqlstate(bi.query(`INSERT INTO ${schema}.learners (first_name, last_name) VALUES ('x', 'y')`))).toBe(readOnly);
          await bi.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE');
          expect(await sqlstate(bi.query(`INSERT INTO ${schema}.learners (first_name, last_name) VALUES ('x', 'y')`))).toBe('42501');
        } finally {
          await bi.end();
        }
      }
    });

    it.each([
      [a, b],
      [b, a],
    ])("%s's app and BI roles get 42501 reading, writing or connecting to %s's data", async (from, to) => {
      const target = creds[to];
      for (const purpose of ['app', 'bi'] as const) {
        let client: pg.Client;
        try {
          client = await as(from, purpose, target.database);
        } catch (err) {
          // Database isolation: CONNECT is refused before any table is reached.
          expect({ purpose, code: (err as { code?: string }).code }).toEqual({ purpose, code: '42501' });
          expect(tenants[to].database.isolation).toBe('database');
          continue;
        }
        try {
          expect(tenants[to].database.isolation, `${from}'s ${purpose} role connected to ${to}'s own database`).not.toBe('database');
          await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE');
          expect(await sqlstate(client.query(`SELECT * FROM ${target.schema}.learners`))).toBe('42501');
          expect(await sqlstate(client.query(`INSERT INTO ${target.schema}.learners (first_name, last_name) VALUES ('x', 'y')`))).toBe('42501');
          expect(await sqlstate(client.query(`UPDATE ${target.schema}.crm_contacts SET owner = 'x'`))).toBe('42501');
          expect(await sqlstate(client.query(`SELECT ${target.schema}.tenant_marker()`))).toBe('42501');
        } finally {
          await client.end();
        }
      }
    });
  });

  it('grants nothing to PUBLIC and keeps the migration table to the owner', async () => {
    const c = await as('schemaA', 'app');
    try {
      const { schema } = creds.schemaA;
      const { rows } = await c.query(
        `SELECT c.relname, a.privilege_type FROM pg_class c, aclexplode(c.relacl) a
          WHERE c.relnamespace = $1::regnamespace AND a.grantee = 0`,
        [schema],
      );
      expect(rows).toEqual([]);
      expect(await sqlstate(c.query(`SELECT * FROM ${schema}.tenantops_migrations`))).toBe('42501');
      const { rows: path } = await c.query(`SELECT current_setting('search_path') AS p`);
      expect(path[0].p).toBe(schema);
    } finally {
      await c.end();
    }
  });
}
