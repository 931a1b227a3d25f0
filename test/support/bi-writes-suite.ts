// The BI-writes suite, run by test/db/bi-writes.test.ts on the worker's cluster (the newest
// supported PostgreSQL major) and by test/db/isolation-oldest.test.ts on the oldest.
// Done when: a tenant's BI role cannot write anything anywhere. As each tenant's BI login (schema
// and database isolation on a cluster whose admin is a superuser, so PUBLIC's defaults can be
// taken away), a fixed list of write attempts — the read-only default lifted first — all fail,
// and the cluster's catalogs are unchanged. With an admin that is no superuser, the plan says
// what only a superuser can take from PUBLIC, with the statements to run.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/index.ts';
import type { DbCredentials } from '../../src/db/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { describeLeaks, findCatalogLeaks } from './catalog-isolation.ts';
import { createDbWorld, readWorldCredentials, type DbWorld } from './db-world.ts';
import { connectAs, sqlstate, superQuery } from './pg.ts';

/** Every attempt runs after `SET default_transaction_read_only = off` in the BI role's own database. */
const ATTEMPTS: ((schema: string) => string)[] = [
  () => 'SELECT lo_create(0)',
  () => 'SELECT lo_creat(-1)',
  () => `SELECT lo_from_bytea(0, '\\x00')`,
  () => 'CREATE TEMP TABLE scratch (x int)',
  () => 'CREATE TABLE public.scratch (x int)',
  (s) => `CREATE TABLE ${s}.scratch (x int)`,
  (s) => `INSERT INTO ${s}.learners (first_name, last_name) VALUES ('x', 'y')`,
  (s) => `UPDATE ${s}.learners SET first_name = 'x'`,
  (s) => `DELETE FROM ${s}.learners`,
  (s) => `TRUNCATE ${s}.learners`,
  (s) => `COPY ${s}.learners (first_name, last_name) FROM STDIN`,
  (s) => `SELECT nextval(c.oid) FROM pg_class c WHERE c.relnamespace = '${s}'::regnamespace AND c.relkind = 'S'`,
  (s) => `CREATE FUNCTION ${s}.scratch() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
  () => `CREATE FUNCTION pg_temp.scratch() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
  () => 'CREATE SCHEMA scratch',
  (s) => `CREATE VIEW ${s}.scratch AS SELECT 1 AS x`,
  (s) => `ALTER TABLE ${s}.learners ADD COLUMN scratch int`,
  (s) => `GRANT SELECT ON ${s}.learners TO PUBLIC`,
  // Not attempted: ALTER DEFAULT PRIVILEGES for itself, which PostgreSQL lets every role do; it
  // only concerns objects the role creates, and the attempts above show it can create none.
];

/** Answered with a warning, not an error, by PostgreSQL ("no privileges were granted"): the catalog shows it changed nothing. */
const WARNS_ONLY = /^GRANT /;

/** What a write would leave: relations, functions, schemas, large objects, default privileges, ACLs. */
async function catalog(c: pg.Client): Promise<unknown> {
  const q = async (sql: string) => (await c.query(sql)).rows;
  return {
    classes: await q(`SELECT c.oid, c.relname, c.relacl::text, (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid) AS columns FROM pg_class c ORDER BY c.oid`),
    procs: await q(`SELECT oid, proname, proacl::text FROM pg_proc ORDER BY oid`),
    namespaces: await q(`SELECT oid, nspname, nspacl::text FROM pg_namespace ORDER BY oid`),
    largeObjects: await q(`SELECT oid FROM pg_largeobject_metadata ORDER BY oid`),
    defaults: await q(`SELECT oid, defaclacl::text FROM pg_default_acl ORDER BY oid`),
    databases: await q(`SELECT datname, datacl::text FROM pg_database ORDER BY datname`),
  };
}

/** Registers the suite's hooks and tests in the enclosing test file. */
export function describeBiWritesSuite(): void {
  describe('a cluster whose admin is a superuser', () => {
    let world: DbWorld;
    const tenants: Record<string, TenantConfig> = {};
    const creds: Record<string, DbCredentials> = {};

    beforeAll(async () => {
      world = await createDbWorld({ superuserAdmin: true });
      tenants.schemaA = world.tenant('sa', { isolation: 'schema', cluster: 'main' });
      tenants.schemaB = world.tenant('sb', { isolation: 'schema', cluster: 'main' });
      tenants.databaseA = world.tenant('da', { isolation: 'database', cluster: 'main' });
      tenants.databaseB = world.tenant('db', { isolation: 'database', cluster: 'main' });
      await world.apply(Object.values(tenants));
      Object.assign(creds, await readWorldCredentials(world, tenants));
    }, 120_000);
    afterAll(async () => world?.cleanup());

    it.each(['schemaA', 'schemaB', 'databaseA', 'databaseB'])("%s's BI role fails every write attempt and leaves the catalog as it was", async (name) => {
      const { schema, database, bi } = creds[name];
      const client = await connectAs(bi.user, bi.password, database);
      try {
        await client.query('SET default_transaction_read_only = off');
        const before = await catalog(client);
        const succeeded: string[] = [];
        for (const attempt of ATTEMPTS) {
          const sql = attempt(schema);
          const code = await sqlstate(client.query(sql));
          if (code === undefined && !WARNS_ONLY.test(sql)) succeeded.push(sql);
        }
        expect(succeeded).toEqual([]);
        expect(await catalog(client)).toEqual(before);
      } finally {
        await client.end();
      }
    });

    it("keeps every tenant's roles out of the shared database unless it lives there, and out of postgres", async () => {
      const codes = Object.values(tenants).map((t) => t.code);
      expect(describeLeaks(await findCatalogLeaks(world.registry.url, codes, ['postgres']))).toEqual([]);
      // A database tenant's BI role cannot even connect to list the schema tenants' schemas.
      const { bi } = creds.databaseA;
      expect(await sqlstate(connectAs(bi.user, bi.password, world.shared.name))).toBe('42501');
      expect(await sqlstate(connectAs(bi.user, bi.password, 'postgres'))).toBe('42501');
    });
  });

  describe('a cluster whose admin is no superuser', () => {
    let world: DbWorld;
    beforeAll(async () => {
      world = await createDbWorld();
    }, 60_000);
    afterAll(async () => world?.cleanup());

    it('closes the shared database it owns, and names what only a superuser can take from PUBLIC, with the statements', async () => {
      const tenant = world.tenant('sa', { isolation: 'schema', cluster: 'main' });
      const log = createMemoryLogger();
      await world.apply([tenant], { log });
      const warning = log.lines.find((l) => l.includes('PUBLIC (any role of the server'));
      expect(warning).toContain('function lo_create(oid): EXECUTE');
      expect(warning).toContain(`Ask the cluster's superuser to run, in database ${world.shared.name}: `);
      expect(warning).toContain('REVOKE EXECUTE ON FUNCTION lo_create(oid) FROM PUBLIC;');
      expect(warning).toContain('REVOKE CONNECT ON DATABASE "postgres" FROM PUBLIC;');
      const { rows } = await superQuery(world.shared.name, `SELECT datacl::text AS acl FROM pg_database WHERE datname = current_database()`);
      expect(rows[0].acl).not.toMatch(/(^|[{,])=/); // no entry for PUBLIC
      // Run what it asks for, as that superuser would: the next plan has nothing to say about PUBLIC.
      const statements = warning!.slice(warning!.indexOf(`${world.shared.name}: `) + world.shared.name.length + 2).split(';').map((x) => x.trim()).filter(Boolean);
      for (const sql of statements) await superQuery(world.shared.name, sql);
      const again = createMemoryLogger();
      await world.apply([tenant], { log: again });
      expect(again.lines.filter((l) => l.includes('PUBLIC (any role of the server'))).toEqual([]);
      await superQuery('postgres', 'GRANT CONNECT, TEMPORARY ON DATABASE postgres TO PUBLIC');
    });
  });
}
