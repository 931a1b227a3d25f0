// The PostgreSQL test plumbing other suites rely on: a database per test, and the server's own
// record of what ran in it (issue 5 proves "no DDL on a second apply" from these).
import fs from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { adminUrl, createTestDatabase, queryRows, serverLogFile, withAdmin } from './pg.ts';

const exists = (name: string) =>
  withAdmin((c) => c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).then((r) => r.rowCount === 1);

describe('test PostgreSQL support', () => {
  it('gives each test a fresh database of its own and drops it, open connections and all', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    expect(a.name).not.toBe(b.name);
    await queryRows(a.url, `CREATE TABLE only_in_a (id int)`);
    expect(await queryRows(b.url, `SELECT to_regclass('only_in_a') AS t`)).toEqual([{ t: null }]);
    const lingering = new pg.Client({ connectionString: a.url });
    lingering.on('error', () => undefined); // its connection is terminated by the drop
    await lingering.connect();
    await a.drop();
    await b.drop();
    expect(await exists(a.name)).toBe(false);
    expect(await exists(b.name)).toBe(false);
    await lingering.end().catch(() => undefined);
    expect(new URL(adminUrl()).hostname).toBe('127.0.0.1');
  });

  it('records what the server executed: statement log per database, and pg_stat_statements', async () => {
    const db = await createTestDatabase();
    try {
      await withAdmin((c) => c.query(`ALTER DATABASE ${c.escapeIdentifier(db.name)} SET log_statement = 'all'`));
      const offset = fs.statSync(serverLogFile()).size;
      await queryRows(db.url, `CREATE TABLE proof_${db.name.replace(/\W/g, '')} (id int)`);
      const logged = fs.readFileSync(serverLogFile(), 'utf8').slice(offset);
      expect(logged).toContain(`@${db.name} LOG:  statement: CREATE TABLE proof_`);

      const seen = await withAdmin((c) =>
        c.query(
          `SELECT query FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = $1 AND query LIKE 'CREATE TABLE proof_%'`,
          [db.name],
        ),
      );
      expect(seen.rowCount).toBe(1);
    } finally {
      await db.drop();
    }
  });
});
