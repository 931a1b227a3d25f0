// SQL text for tenant provisioning and the one executor every write goes through.
//
// Identifiers are quoted with pg's own escapeIdentifier and literals with escapeLiteral: utility
// statements (CREATE ROLE, GRANT, ...) cannot take bind parameters, so quoting is the only safe
// way, and names derived from tenant codes are validated before they get here (see spec.ts).
//
// Counting writes is what makes crash safety testable: with TENANTOPS_CHAOS_KILL_AFTER=i in the
// environment the process SIGKILLs itself right after its i-th write has returned (off unless the
// variable is set; `npm run chaos` and test/db/chaos.test.ts use it). A write is one round trip
// that changes something: a transaction sent whole counts once, and so does each registry write. The bench records the SQL
// sent to tenant databases through the same hook, to replay it with psql.
import pg from 'pg';
import { InternalError } from '../errors/index.ts';
import type { Pool, PoolClient, Queryable } from '../registry/index.ts';

export const CHAOS_KILL_AFTER_VARIABLE = 'TENANTOPS_CHAOS_KILL_AFTER';

/** Quotes any identifier; refuses the empty string, NUL and names PostgreSQL would truncate. */
export function ident(name: string): string {
  if (!name || name.includes('\0') || Buffer.byteLength(name) > 63) {
    throw new InternalError(`refusing identifier ${JSON.stringify(name)}: empty, NUL or longer than 63 bytes`);
  }
  return pg.escapeIdentifier(name);
}

/** `schema.name`, both quoted. */
export function qualified(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}

export function literal(value: string): string {
  return pg.escapeLiteral(value);
}

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

/** Runs one write on the registry (counted, never recorded: psql replays tenant SQL only). */
export async function executeRegistry(db: Queryable, sql: string, values?: unknown[]): Promise<pg.QueryResult> {
  const result = await db.query(sql, values);
  countWrite();
  return result;
}

/**
 * Runs `statements` in one transaction on one client of `pool`: DDL, grants and role changes are
 * transactional in PostgreSQL, so a run killed half-way leaves all of them or none. The
 * transaction goes as one query (`BEGIN; ...; COMMIT`): one round trip, and one write for the
 * chaos count, however many statements it holds.
 */
export async function executeInTransaction(pool: Pool, statements: readonly string[]): Promise<void> {
  if (statements.length === 0) return;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await executeTransaction(client, statements);
  } catch (err) {
    broken = (err as { client?: Error }).client;
    throw err;
  } finally {
    client.release(broken);
  }
}

/** executeInTransaction on a client the caller holds; rolls back (leaving it usable) on failure. */
export async function executeTransaction(client: PoolClient, statements: readonly string[]): Promise<void> {
  try {
    // A newline before each `;` ends a trailing `--` comment of the statement before it.
    await execute(client, ['BEGIN', ...statements, 'COMMIT'].join('\n;\n'));
  } catch (err) {
    // A statement failed: the rest (COMMIT included) was skipped and the transaction is aborted.
    // Should the ROLLBACK fail too, the error carries it as `client`, so the caller can release
    // the client as broken instead of handing a poisoned connection back to the pool.
    await client.query('ROLLBACK').catch((e: Error) => Object.assign(err as object, { client: e }));
    throw err;
  }
}

export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await execute(client, 'BEGIN');
    const result = await fn(client);
    await execute(client, 'COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.release(broken);
  }
}

/** A PostgreSQL error's SQLSTATE and message, for messages of ours. */
export function describePgError(err: unknown): string {
  const e = err as { message?: string; code?: string };
  return `${e?.message ?? String(err)}${e?.code ? ` (SQLSTATE ${e.code})` : ''}`;
}
