// Per-tenant serialisation with PostgreSQL advisory locks. GitHub's `concurrency` cancels pending
// runs rather than queueing them, so two applies of one tenant can still overlap (a manual
// dispatch and a merge, a re-run); the lock makes the second wait, or report who is busy.
//
// Session-level locks on a connection of their own: they survive the transactions the work runs
// in, and vanish with the session if the process dies, so a crashed run never leaves a tenant
// locked.

import pg from 'pg';
import { TenantopsError } from '../errors/index.ts';
import { advisoryKey, type Pool, type PoolClient, type Queryable } from '../pg/index.ts';

export const TENANT_LOCK_NAMESPACE = 'tenantops.tenant';

export interface LockHolder {
  /** Backend process id of the session holding the lock. */
  pid: number;
  /** Its application_name: the `holder` the locking run gave. */
  holder: string;
  /** When that session connected. */
  since: Date | null;
}

export interface LockOptions {
  /** Who is locking, e.g. `run 1234 (alice)`: shown to whoever finds the tenant busy. */
  holder?: string;
  /** Give up waiting after this long (withTenantLock only). Default: wait indefinitely. */
  waitMs?: number;
  /** Told once, before waiting, who holds the lock (withTenantLock only): the run can say so. */
  onWait?: (heldBy: LockHolder | undefined) => void;
}

/** How the lock was had: at once, or after waiting for another run (named when it could be seen). */
export interface TenantLockWait {
  waited: boolean;
  heldBy?: LockHolder;
}

/** The tenant is locked by another session (tryTenantLock reports it, withTenantLock with waitMs throws it). */
export class TenantBusyError extends TenantopsError {
  override name = 'TenantBusyError';
  readonly tenant: string;
  readonly heldBy?: LockHolder;
  constructor(tenant: string, heldBy?: LockHolder) {
    super(`tenant ${tenant} is busy: another run holds its lock${heldBy ? ` (${describeHolder(heldBy)})` : ''}; this run changed nothing. Try again when that run has finished`);
    this.tenant = tenant;
    this.heldBy = heldBy;
  }
}

/**
 * Holds the tenant's lock for the duration of `fn`; waits for it when another run holds it, and
 * tells `fn` whether it waited and for whom: whatever it read before may be stale then.
 */
export async function withTenantLock<T>(pool: Pool, tenant: string, fn: (wait: TenantLockWait) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const key = advisoryKey(TENANT_LOCK_NAMESPACE, tenant);
  const client = await lockSession(pool, tenant, options.holder);
  try {
    if (options.waitMs !== undefined) {
      // lock_timeout bounds waits on advisory locks too; SET cannot take a parameter.
      await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(options.waitMs))}`);
    }
    const wait: TenantLockWait = { waited: false };
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key]);
    if (!rows[0].ok) {
      wait.waited = true;
      wait.heldBy = await findHolder(pool, key);
      options.onWait?.(wait.heldBy);
      try {
        await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
      } catch (err) {
        if ((err as { code?: string }).code === '55P03') throw new TenantBusyError(tenant, (await findHolder(pool, key)) ?? wait.heldBy);
        throw err;
      }
    }
    try {
      return await fn(wait);
    } finally {
      // Let go before closing: the server drops a closed session's locks only once it notices, and
      // whoever waits for the tenant should not wait for that.
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A session of its own for one tenant's lock, outside the pool: the lock pins its session for the
 * tenant's whole apply, and from a pool of 10 a fleet of tenants at once would pin most of it while
 * every call's rate-budget take and journal row needs a pooled connection too, so past a few
 * tenants those starved (`timeout exceeded when trying to connect`). A lock costs one registry
 * connection per tenant in flight; the pool stays for the short queries.
 */
async function lockSession(pool: Pool, tenant: string, holder?: string): Promise<pg.Client> {
  // application_name is how others learn who holds the lock (pg_stat_activity); 63 bytes max.
  const name = `tenantops lock ${tenant}${holder ? `: ${holder}` : ''}`.slice(0, 63);
  const client = new pg.Client({ ...pool.options, application_name: name });
  // A session lost while held surfaces as the next query's error; unhandled, 'error' would crash the process.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export type TryLockResult =
  | { acquired: true; release(): Promise<void> }
  | { acquired: false; heldBy?: LockHolder };

/** Takes the tenant's lock if it is free; otherwise says who holds it, without waiting. */
export async function tryTenantLock(pool: Pool, tenant: string, options: LockOptions = {}): Promise<TryLockResult> {
  const key = advisoryKey(TENANT_LOCK_NAMESPACE, tenant);
  const client = await pool.connect();
  try {
    await label(client, tenant, options.holder);
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key]);
    if (!rows[0].ok) {
      await client.query('RESET application_name');
      client.release();
      return { acquired: false, heldBy: await findHolder(pool, key) };
    }
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
  let released = false;
  return {
    acquired: true,
    async release() {
      if (released) return;
      released = true;
      let broken: Error | undefined;
      try {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        await client.query('RESET application_name');
      } catch (e) {
        broken = e as Error;
      }
      client.release(broken);
    },
  };
}

/** `deployment <id>, backend pid 123, connected at <time>`: who holds a lock, for messages. */
export function describeHolder(holder: LockHolder): string {
  const who = holder.holder.replace(/^tenantops lock [^:]*: /, '') || 'an unnamed session';
  return `${who}, backend pid ${holder.pid}${holder.since ? `, connected at ${new Date(holder.since).toISOString()}` : ''}`;
}

/** Who holds the tenant's lock now, if anyone: another run applying it. */
export function findTenantLockHolder(db: Queryable, tenant: string): Promise<LockHolder | undefined> {
  return findHolder(db, advisoryKey(TENANT_LOCK_NAMESPACE, tenant));
}

async function label(client: PoolClient, tenant: string, holder?: string) {
  // application_name is how others learn who holds the lock (pg_stat_activity); 63 bytes max.
  const name = `tenantops lock ${tenant}${holder ? `: ${holder}` : ''}`.slice(0, 63);
  await client.query(`SELECT set_config('application_name', $1, false)`, [name]);
}

/** Who holds an advisory lock: pg_locks splits the bigint key into classid (high) and objid (low). */
export async function findHolder(db: Queryable, key: string): Promise<LockHolder | undefined> {
  const { rows } = await db.query<{ pid: number; holder: string; since: Date | null }>(
    `SELECT l.pid, coalesce(a.application_name, '') AS holder, a.backend_start AS since
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = (($1::bigint >> 32) & 4294967295)::bigint::oid
        AND l.objid = ($1::bigint & 4294967295)::bigint::oid
      LIMIT 1`,
    [key],
  );
  return rows[0];
}
