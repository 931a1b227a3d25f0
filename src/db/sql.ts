// The one executor every write to a tenant database goes through, and the counter of writes.
//
// Counting writes is what makes crash safety testable: with TENANTOPS_CHAOS_KILL_AFTER=i in the
// environment the process SIGKILLs itself right after its i-th write has returned (off unless the
// variable is set; `npm run chaos` and test/db/chaos.test.ts use it). A write is one round trip
// that changes something: a transaction sent whole counts once, and so does each registry write.
// The bench records the SQL sent to tenant databases through the same hook, to replay it with psql.
import type pg from 'pg';
import { ident, type Queryable, type TransactionOptions } from '../pg/index.ts';

export const CHAOS_KILL_AFTER_VARIABLE = 'TENANTOPS_CHAOS_KILL_AFTER';

/** A grantee: a role name quoted, or the PUBLIC keyword. */
export function grantee(role: string): string {
  return role === 'PUBLIC' ? 'PUBLIC' : ident(role);
}

let writes = 0;
let recorder: ((sql: string, session: object) => void) | undefined;

/**
 * Records every SQL text `execute` sends to a tenant database (not the registry's writes), with
 * the session (pool or client) it went to, for the bench's psql replay. Undefined stops it.
 */
export function recordTenantSql(fn: ((sql: string, session: object) => void) | undefined): void {
  recorder = fn;
}

/** Writes so far in this process. */
export function writeCount(): number {
  return writes;
}

/**
 * Counts one completed write and honours the chaos kill point. Called by `execute`, and after
 * registry writes made through the registry module's own functions.
 */
export function countWrite(): void {
  writes++;
  const killAfter = process.env[CHAOS_KILL_AFTER_VARIABLE];
  if (killAfter && writes === Number(killAfter)) process.kill(process.pid, 'SIGKILL');
}

/** Runs one write on a tenant database (recorded and counted). */
export async function execute(db: Queryable, sql: string): Promise<pg.QueryResult> {
  const result = await db.query(sql);
  recorder?.(sql, db);
  countWrite();
  return result;
}

/** pg's transactions on a tenant database: BEGIN, COMMIT and whole batches go through `execute`. */
export const TENANT_WRITES: TransactionOptions = { send: (client, sql) => execute(client, sql) };

/** Runs one write on the registry (counted, never recorded: psql replays tenant SQL only). */
export async function executeRegistry(db: Queryable, sql: string, values?: unknown[]): Promise<pg.QueryResult> {
  const result = await db.query(sql, values);
  countWrite();
  return result;
}
