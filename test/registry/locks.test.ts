import { describe, expect, it } from 'vitest';
import { advisoryKey } from '../../src/pg/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { describeHolder, findTenantLockHolder, openRegistry, TenantBusyError, tryTenantLock, withTenantLock, type LockHolder, type TenantLockWait } from '../../src/registry/index.ts';
import { useTestRegistry } from '../support/registry.ts';

const reg = useTestRegistry();

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Waits (bounded) until a session labelled `label` is blocked on a lock: a sync point, not a timing assertion. */
async function waitUntilBlocked(label: string) {
  for (let i = 0; i < 500; i++) {
    const { rows } = await reg.pool.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
      [label],
    );
    if (rows.length) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${label} never blocked`);
}

describe('tenant locks', () => {
  it('derives a stable signed 64-bit key per namespace and name', () => {
    expect(advisoryKey('tenantops.tenant', 'acme-training')).toBe(advisoryKey('tenantops.tenant', 'acme-training'));
    expect(advisoryKey('tenantops.tenant', 'acme-training')).not.toBe(advisoryKey('tenantops.tenant', 'beta-corp'));
    expect(advisoryKey('other', 'acme-training')).not.toBe(advisoryKey('tenantops.tenant', 'acme-training'));
    const key = BigInt(advisoryKey('tenantops.tenant', 'acme-training'));
    expect(key >= -(2n ** 63n) && key < 2n ** 63n).toBe(true);
  });

  it('serialises two holders of one tenant: the second starts only after the first has finished', async () => {
    const events: string[] = [];
    const releaseA = deferred();
    const aInside = deferred();
    const a = withTenantLock(reg.pool, 'acme-training', async () => {
      events.push('A in');
      aInside.resolve();
      await releaseA.promise;
      events.push('A out');
    }, { holder: 'A' });
    await aInside.promise;
    const b = withTenantLock(reg.pool, 'acme-training', async () => {
      events.push('B in');
      events.push('B out');
    }, { holder: 'B' });
    await waitUntilBlocked('tenantops lock acme-training: B');
    expect(events).toEqual(['A in']);
    releaseA.resolve();
    await Promise.all([a, b]);
    expect(events).toEqual(['A in', 'A out', 'B in', 'B out']);
  });

  it('does not block other tenants', async () => {
    const release = deferred();
    const inside = deferred();
    const held = withTenantLock(reg.pool, 'acme-training', async () => {
      inside.resolve();
      await release.promise;
    });
    await inside.promise;
    const other = await tryTenantLock(reg.pool, 'beta-corp');
    expect(other.acquired).toBe(true);
    if (other.acquired) await other.release();
    release.resolve();
    await held;
  });

  it('tryTenantLock reports who holds a busy tenant, and succeeds once it is free', async () => {
    const first = await tryTenantLock(reg.pool, 'acme-training', { holder: 'run 1234 (alice)' });
    expect(first.acquired).toBe(true);
    const second = await tryTenantLock(reg.pool, 'acme-training', { holder: 'run 1235 (bob)' });
    expect(second.acquired).toBe(false);
    if (!second.acquired) {
      expect(second.heldBy?.holder).toBe('tenantops lock acme-training: run 1234 (alice)');
      expect(second.heldBy?.pid).toBeGreaterThan(0);
    }
    if (first.acquired) await first.release();
    const third = await tryTenantLock(reg.pool, 'acme-training');
    expect(third.acquired).toBe(true);
    if (third.acquired) await third.release();
  });

  it('withTenantLock gives up after waitMs with TenantBusyError naming the holder', async () => {
    const held = await tryTenantLock(reg.pool, 'acme-training', { holder: 'run 7' });
    expect(held.acquired).toBe(true);
    const err = await withTenantLock(reg.pool, 'acme-training', async () => 'ran', { waitMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TenantBusyError);
    expect((err as TenantBusyError).heldBy?.holder).toBe('tenantops lock acme-training: run 7');
    if (held.acquired) await held.release();
    expect(await withTenantLock(reg.pool, 'acme-training', async () => 'ran')).toBe('ran');
  });

  it('releases the lock when the work throws', async () => {
    await expect(withTenantLock(reg.pool, 'acme-training', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const again = await tryTenantLock(reg.pool, 'acme-training');
    expect(again.acquired).toBe(true);
    if (again.acquired) await again.release();
  });

  it('tells the work whether it waited and for whom, and tells onWait once before waiting', async () => {
    const told: (LockHolder | undefined)[] = [];
    expect(await withTenantLock(reg.pool, 'acme-training', async (wait) => wait, { onWait: (h) => told.push(h) })).toEqual({ waited: false });
    expect(told).toEqual([]);

    const held = await tryTenantLock(reg.pool, 'acme-training', { holder: 'run 8' });
    let seen: TenantLockWait | undefined;
    const waiting = withTenantLock(reg.pool, 'acme-training', async (wait) => (seen = wait), { holder: 'run 9', onWait: (h) => told.push(h) });
    await waitUntilBlocked('tenantops lock acme-training: run 9');
    expect(told.map((h) => h?.holder)).toEqual(['tenantops lock acme-training: run 8']);
    if (held.acquired) await held.release();
    await waiting;
    expect(seen).toMatchObject({ waited: true, heldBy: { holder: 'tenantops lock acme-training: run 8' } });
    expect(seen?.heldBy?.pid).toBeGreaterThan(0);
  });

  it('names the holder in the busy message, and finds the holder of a tenant only while it is held', async () => {
    expect(await findTenantLockHolder(reg.pool, 'acme-training')).toBeUndefined();
    const held = await tryTenantLock(reg.pool, 'acme-training', { holder: 'deployment 42' });
    const holder = await findTenantLockHolder(reg.pool, 'acme-training');
    expect(holder).toMatchObject({ holder: 'tenantops lock acme-training: deployment 42' });
    expect(holder?.since).toBeInstanceOf(Date);
    expect(await findTenantLockHolder(reg.pool, 'beta-corp')).toBeUndefined();
    const err = (await withTenantLock(reg.pool, 'acme-training', async () => 'ran', { waitMs: 0 }).catch((e: unknown) => e)) as TenantBusyError;
    expect(err).toBeInstanceOf(TenantBusyError);
    expect(err.name).toBe('TenantBusyError');
    expect(err.tenant).toBe('acme-training');
    expect(err.message).toBe(
      `tenant acme-training is busy: another run holds its lock (deployment 42, backend pid ${holder!.pid}, connected at ${holder!.since!.toISOString()}); this run changed nothing. Try again when that run has finished`,
    );
    if (held.acquired) await held.release();
    expect(await findTenantLockHolder(reg.pool, 'acme-training')).toBeUndefined();
  });

  it('labels an unnamed holder by its tenant, and describes holders for messages', async () => {
    const held = await tryTenantLock(reg.pool, 'acme-training');
    expect((await findTenantLockHolder(reg.pool, 'acme-training'))?.holder).toBe('tenantops lock acme-training');
    if (held.acquired) await held.release();
    const since = new Date('2026-12-05T10:00:00Z');
    expect(describeHolder({ pid: 7, holder: 'tenantops lock acme-training: run 1 (alice)', since })).toBe('run 1 (alice), backend pid 7, connected at 2026-12-05T10:00:00.000Z');
    expect(describeHolder({ pid: 7, holder: 'tenantops lock acme-training', since: null })).toBe('tenantops lock acme-training, backend pid 7');
    expect(describeHolder({ pid: 7, holder: '', since: null })).toBe('an unnamed session, backend pid 7');
    expect(describeHolder({ pid: 7, holder: 'psql: tenantops lock x: y', since: null })).toBe('psql: tenantops lock x: y, backend pid 7');
  });

  it('gives its connection back as it found it: no lock, no label, no lock_timeout', async () => {
    // One connection, so the next user is the session the lock used.
    const pool = openRegistry(reg.url, createMemoryLogger(), { max: 1 });
    try {
      const session = async () => (await pool.query<{ name: string; timeout: string; locks: number }>(
        `SELECT current_setting('application_name') AS name, current_setting('lock_timeout') AS timeout,
                (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS locks`,
      )).rows[0];
      const before = await session();
      await withTenantLock(pool, 'acme-training', async () => undefined, { holder: 'run 5', waitMs: 1000 });
      expect(await session()).toEqual(before);
      const held = await tryTenantLock(pool, 'acme-training', { holder: 'run 6' });
      if (held.acquired) {
        await held.release();
        await held.release(); // a second release is a no-op
      }
      expect(await session()).toEqual(before);
      expect(before.locks).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it("holds tenants' locks on sessions of their own: a pool of 1 still serves queries while 4 tenants are locked", async () => {
    // Before, each lock pinned a pooled connection for the whole apply, and the rate-budget takes
    // and journal rows of the tenants in flight starved once the locks held most of the pool.
    const pool = openRegistry(reg.url, createMemoryLogger(), { max: 1 });
    try {
      const tenants = ['acme-a', 'acme-b', 'acme-c', 'acme-d'];
      const seen = await Promise.all(tenants.map((t) => withTenantLock(pool, t, async () => (await pool.query<{ n: number }>('SELECT 1 AS n')).rows[0].n, { holder: 'fleet' })));
      expect(seen).toEqual([1, 1, 1, 1]);
      for (const t of tenants) expect(await findTenantLockHolder(reg.pool, t)).toBeUndefined();
    } finally {
      await pool.end();
    }
  });

  it('a busy tryTenantLock leaves its connection unlabelled', async () => {
    const pool = openRegistry(reg.url, createMemoryLogger(), { max: 1 });
    const held = await tryTenantLock(reg.pool, 'acme-training', { holder: 'run 10' });
    try {
      const before = (await pool.query<{ name: string }>(`SELECT current_setting('application_name') AS name`)).rows[0].name;
      expect((await tryTenantLock(pool, 'acme-training', { holder: 'run 11' })).acquired).toBe(false);
      expect((await pool.query<{ name: string }>(`SELECT current_setting('application_name') AS name`)).rows[0].name).toBe(before);
    } finally {
      if (held.acquired) await held.release();
      await pool.end();
    }
  });
});
