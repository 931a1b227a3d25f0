// The database baselines: psql replaying exactly the tenant SQL our run sent, over k parallel psql
// processes where k is the run's own concurrency (a serial psql against four tenants at once
// would be a reference point, not a bound), and the CPU seconds each side cost, the server's
// included, which a busy machine disturbs far less than wall time.
//
// The recording keeps each transaction whole at its COMMIT (commit order is an order the server
// accepted) and every other statement as it completes, tagged with the tenant it names; stream i
// of k replays the tenants i, i + k, i + 2k, … in their recorded order, as our run takes tenants
// k at a time. SQL that names no tenant runs first, alone. A transaction that names several
// tenants (concurrent tenants' CONNECT grants on their shared database, sent together) is replayed
// as one transaction per tenant, each in its tenant's stream: replayed whole in one stream, it
// would run before another stream had created the other tenants' roles.
//
// What our run serialises, the replay serialises the same way: a transaction that rewrites a
// database's ACL row or what its tenants share (GRANT … ON DATABASE, REVOKE … FROM PUBLIC, DROP
// OWNED) runs under one advisory lock (src/db/database-acl.ts says why: two at once fail with
// `tuple concurrently updated`). Ours is taken in the registry, the replay's in the database the
// psql processes share.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { recordTenantSql } from '../../src/db/index.ts';
import { withClient } from '../../test/support/pg.ts';

/** The psql the machine has (Debian's client); the bench compares against exactly it. */
export const PSQL = '/usr/bin/psql';
/** Linux's clock ticks per second for /proc's CPU times (USER_HZ, 100 on every mainstream build). */
const TICKS = 100;

export interface RecordedSql {
  units: { tenant?: string; sql: string }[];
}

/** Records the tenant SQL sent while `fn` runs; `tenantOf` names the tenant a statement is for. */
export async function recordSql(fn: () => Promise<unknown>, tenantOf: (sql: string) => string | undefined): Promise<RecordedSql> {
  const units: RecordedSql['units'] = [];
  for (const sql of await recordUnits(fn)) units.push(...perTenant(sql, tenantOf));
  return { units };
}

/** sendTransactionOn's separator (src/pg/transaction.ts): one text, statements joined by it. */
const STATEMENT_SEPARATOR = '\n;\n';

/** A unit as one per tenant it names: a transaction of several tenants' statements split by tenant. */
function perTenant(sql: string, tenantOf: (sql: string) => string | undefined): RecordedSql['units'] {
  const statements = sql.split(STATEMENT_SEPARATOR);
  const tenants = new Set(statements.map(tenantOf).filter((t) => t !== undefined));
  if (tenants.size <= 1) return [{ tenant: tenantOf(sql), sql }];
  if (statements[0] !== 'BEGIN' || statements.at(-1) !== 'COMMIT' || statements.slice(1, -1).some((st) => tenantOf(st) === undefined)) {
    throw new Error(`a recorded unit names ${tenants.size} tenants but is not a transaction of per-tenant statements: ${sql.slice(0, 200)}`);
  }
  return [...tenants].map((tenant) => ({
    tenant,
    sql: ['BEGIN', ...statements.slice(1, -1).filter((st) => tenantOf(st) === tenant), 'COMMIT'].join(STATEMENT_SEPARATOR),
  }));
}

/** The tenant SQL sent while `fn` runs: each transaction whole at its COMMIT, other statements as they complete. */
async function recordUnits(fn: () => Promise<unknown>): Promise<string[]> {
  const units: string[] = [];
  const open = new Map<object, string[]>();
  recordTenantSql((sql, session) => {
    if (sql === 'BEGIN') return void open.set(session, ['BEGIN']);
    const tx = open.get(session);
    if (!tx) return void units.push(sql);
    tx.push(sql);
    if (sql === 'COMMIT') {
      units.push(tx.join(STATEMENT_SEPARATOR));
      open.delete(session);
    }
  });
  try {
    await fn();
  } finally {
    recordTenantSql(undefined);
  }
  return units;
}

/** The recording as a prelude (SQL naming no tenant) and k scripts, tenants dealt round-robin. */
export function splitScripts(recorded: RecordedSql, k: number): { prelude: string; streams: string[] } {
  const tenants = [...new Set(recorded.units.flatMap((u) => (u.tenant ? [u.tenant] : [])))];
  const streamOf = new Map(tenants.map((t, i) => [t, i % k]));
  const streams: string[][] = Array.from({ length: Math.min(k, Math.max(1, tenants.length)) }, () => []);
  const prelude: string[] = [];
  for (const u of recorded.units) (u.tenant ? streams[streamOf.get(u.tenant)!] : prelude).push(`${serialised(u.sql)};\n`);
  return { prelude: prelude.join(''), streams: streams.map((s) => s.join('')) };
}

/** The statements src/db/database-acl.ts runs one transaction at a time. */
const ACL_STATEMENT = /\bON DATABASE\b|\bFROM PUBLIC\b|\bDROP OWNED\b/i;
const ACL_LOCK = 'SELECT pg_advisory_xact_lock(7243)';

/** A unit that rewrites shared ACL rows, under the replay's ACL lock (in a transaction of its own if it had none). */
function serialised(sql: string): string {
  if (!ACL_STATEMENT.test(sql)) return sql;
  return /^BEGIN\b/.test(sql) ? `BEGIN;\n${ACL_LOCK}${sql.slice('BEGIN'.length)}` : `BEGIN;\n${ACL_LOCK};\n${sql};\nCOMMIT`;
}

export interface Timed {
  ms: number;
  /** CPU seconds: the client side (our process, or the psql processes) and the PostgreSQL server. */
  clientCpu: number;
  serverCpu: number;
  /** What the server did, from pg_stat_database over the cluster: where its CPU went. */
  activity: Activity;
}

export interface Activity {
  /** Connections made (each a backend forked, authenticated and its caches warmed). */
  sessions: number;
  transactions: number;
  /** Rows read by scans and fetched by index (catalog reads included). */
  rows: number;
  /** The same, database by database (the registry's, the tenants', `postgres`). */
  byDatabase: Record<string, { sessions: number; transactions: number; rows: number }>;
}

/** Runs the recording with k parallel psql processes against `url` (the prelude first, alone). */
export async function timePsql(recorded: RecordedSql, k: number, url: string, dataDir: string, statsUrl: string): Promise<Timed> {
  const { prelude, streams } = splitScripts(recorded, k);
  const files = [prelude, ...streams].map((_, i) => path.join(tmpdir(), `tenantops-bench-${process.pid}-${i}.sql`));
  await Promise.all([prelude, ...streams].map((text, i) => writeFile(files[i], text)));
  const run = (file: string) => promisify(execFile)(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, url], { maxBuffer: 64 * 1024 * 1024 });
  try {
    return await timed(dataDir, statsUrl, 'children', async () => {
      if (prelude) await run(files[0]);
      await Promise.all(files.slice(1).map(run));
    });
  } finally {
    await Promise.all(files.map((f) => rm(f, { force: true })));
  }
}

/**
 * Times `fn` on the wall clock and in CPU seconds: `self` counts this process (our run), `children`
 * the child processes it waited for (psql); the server's are the postmaster's with its backends.
 */
export async function timed(dataDir: string, statsUrl: string, client: 'self' | 'children', fn: () => Promise<unknown>): Promise<Timed> {
  const clientCpu = client === 'self' ? () => cpuOfSelf() : () => reapedChildrenCpu();
  const activityBefore = await activity(statsUrl);
  const before = { client: clientCpu(), server: serverCpu(dataDir) };
  const started = performance.now();
  await fn();
  const ms = performance.now() - started;
  const after = { client: clientCpu(), server: serverCpu(dataDir) };
  const activityAfter = await activity(statsUrl);
  return { ms, clientCpu: after.client - before.client, serverCpu: after.server - before.server, activity: activitySince(activityBefore, activityAfter) };
}

type Counts = Activity['byDatabase'];

/** What the cluster did between two readings; the readings' own connection counted out. */
function activitySince(before: Counts, after: Counts): Activity {
  const byDatabase: Counts = {};
  for (const [db, a] of Object.entries(after)) {
    const b = before[db] ?? { sessions: 0, transactions: 0, rows: 0 };
    const d = { sessions: a.sessions - b.sessions, transactions: a.transactions - b.transactions, rows: a.rows - b.rows };
    if (d.sessions || d.transactions || d.rows) byDatabase[db] = d;
  }
  if (byDatabase.postgres) byDatabase.postgres.sessions -= 1;
  const total = (k: 'sessions' | 'transactions' | 'rows') => Object.values(byDatabase).reduce((n, d) => n + d[k], 0);
  return { sessions: total('sessions'), transactions: total('transactions'), rows: total('rows'), byDatabase };
}

/** The cluster's cumulative activity by database (read over one connection to `url`'s `postgres`). */
async function activity(url: string): Promise<Counts> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ datname: string; sessions: string; transactions: string; rows: string }>(
      `SELECT datname, sessions, xact_commit + xact_rollback AS transactions, tup_returned + tup_fetched AS rows FROM pg_stat_database WHERE datname IS NOT NULL`,
    );
    return Object.fromEntries(rows.map((r) => [r.datname, { sessions: Number(r.sessions), transactions: Number(r.transactions), rows: Number(r.rows) }]));
  });
}

function cpuOfSelf(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds of this process's children that have exited and been waited for (cutime + cstime). */
function reapedChildrenCpu(): number {
  const f = statFields(process.pid);
  return f ? (f[13] + f[14]) / TICKS : 0;
}

/**
 * CPU seconds the PostgreSQL server has used: the postmaster's own and its exited backends'
 * (reaped by it: cutime + cstime), plus every live backend's. The postmaster's pid is the first
 * line of postmaster.pid in its data directory.
 */
export function serverCpu(dataDir: string): number {
  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const own = statFields(postmaster);
  if (!own) return 0;
  let ticks = own[11] + own[12] + own[13] + own[14];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && f[1] === postmaster) ticks += f[11] + f[12];
  }
  return ticks / TICKS;
}

/**
 * The numeric fields of /proc/<pid>/stat after the command name, so index 1 is the parent pid
 * (field 4) and 11–14 are utime, stime, cutime, cstime (fields 14–17); undefined once it is gone.
 */
function statFields(pid: number): number[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number);
  } catch {
    return undefined;
  }
}
