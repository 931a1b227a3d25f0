// The one transaction helper: BEGIN, work, COMMIT on one client, ROLLBACK on any error, and a
// client whose ROLLBACK failed destroyed instead of handed back to the pool (it would poison the
// next caller with an aborted transaction).
import type { Pool, PoolClient } from './types.ts';

/**
 * How BEGIN, COMMIT and batched statements reach the server. The default is `client.query`; the
 * db module passes its own so tenant writes are counted (crash tests) and recorded (the bench).
 */
export type Send = (client: PoolClient, sql: string) => Promise<unknown>;

export interface TransactionOptions {
  /** Default: `client.query`. */
  send?: Send;
}

const plain: Send = (client, sql) => client.query(sql);

// Clients whose ROLLBACK failed: withClient releases them as broken, which destroys them.
const broken = new WeakMap<PoolClient, Error>();

/** Runs `fn` on one client of `pool`, released afterwards (destroyed when a rollback on it failed). */
export async function withClient<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release(broken.get(client));
  }
}

/** Runs `fn` in one transaction on one client of `pool`; rolls back on any error. */
export function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const send = options.send ?? plain;
  return withClient(pool, async (client) => {
    try {
      await send(client, 'BEGIN');
      const result = await fn(client);
      await send(client, 'COMMIT');
      return result;
    } catch (err) {
      await rollback(client);
      throw err;
    }
  });
}

/**
 * Runs `statements` in one transaction sent as one query (`BEGIN; ...; COMMIT`): one round trip,
 * and all of them or none should the run die half-way (DDL, grants and role changes are
 * transactional in PostgreSQL). Nothing is sent when there is nothing to run.
 */
export async function sendTransactionOn(client: PoolClient, statements: readonly string[], options: TransactionOptions = {}): Promise<void> {
  if (statements.length === 0) return;
  try {
    // A newline before each `;` ends a trailing `--` comment of the statement before it.
    await (options.send ?? plain)(client, ['BEGIN', ...statements, 'COMMIT'].join('\n;\n'));
  } catch (err) {
    // A statement failed: the rest (COMMIT included) was skipped and the transaction is aborted.
    await rollback(client);
    throw err;
  }
}

/** sendTransactionOn on one client of `pool`, released afterwards. */
export function sendTransaction(pool: Pool, statements: readonly string[], options: TransactionOptions = {}): Promise<void> {
  if (statements.length === 0) return Promise.resolve();
  return withClient(pool, (client) => sendTransactionOn(client, statements, options));
}

/** Has withClient destroy `client` instead of returning it to the pool: its session state is unknown. */
export function discardClient(client: PoolClient, err: Error): void {
  if (!broken.has(client)) broken.set(client, err);
}

async function rollback(client: PoolClient): Promise<void> {
  await client.query('ROLLBACK').catch((e: Error) => discardClient(client, e));
}
