// pg's one transaction helper, against real PostgreSQL: all or nothing, BEGIN and COMMIT through
// the caller's send hook (how db counts and records its writes), and a client whose ROLLBACK
// failed destroyed rather than handed to the next caller.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, sendTransaction, type PoolClient } from '../../src/pg/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('tx');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const exists = async (table: string) => (await pool.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [table])).rows[0].found;

describe('inTransaction', () => {
  it('commits what fn did, sending BEGIN and COMMIT through the send hook', async () => {
    const sent: string[] = [];
    const send = (client: PoolClient, sql: string) => (sent.push(sql), client.query(sql));
    const result = await inTransaction(pool, async (client) => {
      await client.query('CREATE TABLE kept (id int)');
      return 42;
    }, { send });
    expect(result).toBe(42);
    expect(sent).toEqual(['BEGIN', 'COMMIT']);
    expect(await exists('kept')).toBe(true);
  });

  it('rolls everything back when fn throws, and hands the error on', async () => {
    const err = await inTransaction(pool, async (client) => {
      await client.query('CREATE TABLE dropped (id int)');
      throw new Error('stop');
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('stop');
    expect(await exists('dropped')).toBe(false);
  });

  it('releases a client whose ROLLBACK failed as broken, so the pool destroys it', async () => {
    const released: (Error | undefined)[] = [];
    pool.on('release', (err: Error | undefined) => released.push(err));
    try {
      await inTransaction(pool, async (client) => {
        // The session dies under the transaction: the ROLLBACK cannot reach it either. (pg also
        // emits the loss as an event on the client, which a caller of ours sees as a failed query.)
        client.once('error', () => undefined);
        await client.query('SELECT pg_terminate_backend(pg_backend_pid())');
      }).catch(() => undefined);
    } finally {
      pool.removeAllListeners('release');
    }
    expect(released).toHaveLength(1);
    expect(released[0]).toBeInstanceOf(Error);
    expect((await pool.query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });
});

describe('sendTransaction', () => {
  it('sends the statements as one query: all of them or none', async () => {
    const sent: string[] = [];
    const send = (client: PoolClient, sql: string) => (sent.push(sql), client.query(sql));
    await sendTransaction(pool, ['CREATE TABLE one (id int)', 'CREATE TABLE two (id int)'], { send });
    expect(sent).toHaveLength(1);
    expect([await exists('one'), await exists('two')]).toEqual([true, true]);
    await expect(sendTransaction(pool, ['CREATE TABLE three (id int)', 'SELECT no_such_function()'])).rejects.toThrow(/no_such_function/);
    expect(await exists('three')).toBe(false);
    await sendTransaction(pool, [], { send });
    expect(sent).toHaveLength(1);
  });
});
