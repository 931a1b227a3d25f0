import { describe, expect, it } from 'vitest';
import { advisoryKey } from '../../src/pg/index.ts';
import { TenantBusyError, tryTenantLock, withTenantLock } from '../../src/registry/index.ts';
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
});
