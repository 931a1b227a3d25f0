// Vitest global setup: one embedded PostgreSQL cluster per test worker, so tests of the two
// workers never share roles (cluster-wide) or connection slots. Clusters live in
// .tenantops/test-pg/<slot> and are reused across runs (initdb only on a fresh clone); a run that
// finds a slot in use by another live run (a second vitest in the same tree) takes the next slot.
// Tests reach their worker's cluster through test/support/pg.ts.

import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ClusterBusyError, type EmbeddedPostgres, startEmbeddedPostgres } from '@tenantops/emulators';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The clusters, indexed by VITEST_POOL_ID - 1: admin URL and the server's own log file. */
    pgClusters: { url: string; logFile: string }[];
  }
}

/** Password of the throwaway test clusters (loopback only, synthetic). */
export const TEST_PASSWORD = 'tenantops-test';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workers = Math.max(1, project.config.maxWorkers || 1);
  const root = path.resolve(project.config.root, '.tenantops', 'test-pg');
  const taken = new Set<number>();
  const started = await Promise.allSettled(
    Array.from({ length: workers }, (_, i) => startInFreeSlot(root, i + 1, workers, taken)),
  );
  const clusters = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = started.find((r) => r.status === 'rejected');
  if (failure) {
    await Promise.all(clusters.map((c) => c.stop()));
    throw (failure as PromiseRejectedResult).reason;
  }
  await Promise.all(clusters.map((c) => resetCluster(c.url)));
  project.provide('pgClusters', clusters.map((c) => ({ url: c.url, logFile: c.logFile })));
  return async () => {
    await Promise.all(clusters.map((c) => c.stop()));
  };
}

/** Slot `first`, else first + workers, first + 2·workers, ...: stable per worker across runs. */
async function startInFreeSlot(root: string, first: number, step: number, taken: Set<number>): Promise<EmbeddedPostgres> {
  for (let slot = first; slot < first + step * 8; slot += step) {
    if (taken.has(slot)) continue;
    taken.add(slot);
    try {
      return await startEmbeddedPostgres({ dataDir: path.join(root, String(slot)), password: TEST_PASSWORD });
    } catch (err) {
      if (!(err instanceof ClusterBusyError)) throw err;
    }
  }
  throw new Error(`no free test PostgreSQL slot under ${root}: are eight other test runs going on?`);
}

/**
 * What a previous run left (databases of tests that crashed before dropping them, roles created
 * by provisioning tests) goes, so every run starts from the same empty cluster.
 */
export async function resetCluster(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'tenantops-test-setup' });
  await client.connect();
  try {
    const dbs = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname NOT IN ('postgres', 'template0', 'template1')`,
    );
    for (const { datname } of dbs.rows) await client.query(`DROP DATABASE ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    const roles = await client.query<{ rolname: string }>(
      `SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' AND oid <> 10`,
    );
    if (roles.rows.length) {
      const names = roles.rows.map((r) => client.escapeIdentifier(r.rolname)).join(', ');
      // Whatever they still own or were granted in the surviving databases goes first.
      await client.query(`DROP OWNED BY ${names} CASCADE`);
      await client.query(`DROP ROLE ${names}`);
    }
    await client.query(`SELECT pg_stat_statements_reset()`);
  } finally {
    await client.end();
  }
}
