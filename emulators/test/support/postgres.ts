// A real PostgreSQL for the tests that need one (the Power BI emulator's refreshes read it): an
// embedded cluster the package's tests start themselves, kept under emulators/.cache so initdb
// runs once per checkout, with every statement in its log so a test can see what really ran.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { ClusterBusyError, startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/postgres/index.ts';

export interface TestDatabase {
  /** Superuser connection string to the new database. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

export interface TestPostgres {
  server: EmbeddedPostgres;
  /** Runs `fn` on a short-lived superuser connection to the `postgres` database. */
  asAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
  createDatabase(prefix: string): Promise<TestDatabase>;
  stop(): Promise<void>;
}

const CACHE = join(import.meta.dirname, '../../.cache');

/** Another test run (or worker) holding a cluster directory moves this one to the next. */
export async function startTestPostgres(): Promise<TestPostgres> {
  let server: EmbeddedPostgres | undefined;
  for (let slot = 1; !server; slot++) {
    try {
      server = await startEmbeddedPostgres({ dataDir: join(CACHE, `test-pg-${slot}`), password: 'emulators-test', settings: { log_statement: 'all' } });
    } catch (err) {
      if (!(err instanceof ClusterBusyError) || slot === 8) throw err;
    }
  }
  const url = server.url;
  const asAdmin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    server,
    asAdmin,
    async createDatabase(prefix) {
      const name = `${prefix}_${randomBytes(4).toString('hex')}`;
      await asAdmin((c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
      const dbUrl = new URL(url);
      dbUrl.pathname = `/${name}`;
      return { url: dbUrl.toString(), name, drop: () => asAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)).then(() => {}) };
    },
    stop: () => server.stop(),
  };
}
