// An identity's rate budget is the identity's, whichever process calls as it: token buckets kept in
// the registry hand out each token once, in order, across connections and processes. Two processes
// calling one emulator as one identity stay inside its budget, counted per window at the emulator;
// each with a bucket of its own, the same two overrun it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log/index.ts';
import { createRegistryRateBudget, openRegistry, type Pool } from '../../src/registry/index.ts';
import { type Emulator, startEmulator } from '@tenantops/emulators';
import { useTestRegistry } from '../support/registry.ts';

const registry = useTestRegistry();
let emulator: Emulator;

/** The identity's budget, as the client assumes it and the emulator enforces it. */
const BUDGET = { perSecond: 4, burst: 4 };

beforeAll(async () => {
  emulator = await startEmulator({ name: 'budgeted', routes: [{ name: 'ping', method: 'GET', path: '/ping', handler: () => ({ status: 200, body: {} }) }] });
});
afterAll(() => emulator?.stop());
beforeEach(() => {
  emulator.clearRequests();
  // A token of slack for loopback jitter: two calls the client started 250 ms apart may arrive closer.
  emulator.setRateLimits({ default: { capacity: BUDGET.burst + 1, refillPerSecond: BUDGET.perSecond } });
});

describe('the registry rate budget', () => {
  it('hands each token out once, in order, across pools calling at the same moment', async () => {
    const pools: Pool[] = [0, 1].map(() => openRegistry(registry.url, createMemoryLogger(), { max: 4 }));
    try {
      const stores = pools.map((p) => createRegistryRateBudget(p));
      const start = Date.UTC(2026, 0, 1);
      const bucket = { perSecond: 4, capacity: 4 };
      const starts = await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % 2].reserve('fabric:principal-a', bucket, () => start)));
      // 4 now, then one every 250 ms: never two callers with the same token.
      expect(starts.map((s) => s - start).sort((a, b) => a - b)).toEqual([0, 0, 0, 0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
      // Time refills it, up to the bucket's size; another identity has its own.
      expect(await stores[0].reserve('fabric:principal-a', bucket, () => start + 10_000)).toBe(start + 10_000);
      expect(await stores[1].reserve('fabric:principal-b', bucket, () => start)).toBe(start);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });
});

function child(shared: boolean, key: string): Promise<{ ok: number; throttled: number }> {
  const config = { url: emulator.url, registryUrl: shared ? registry.url : undefined, key, ...BUDGET, calls: 12 };
  const proc = spawn(process.execPath, [join(import.meta.dirname, '../support/rate-budget-child.ts')], {
    env: { ...process.env, TENANTOPS_TEST_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) =>
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exited ${code}: ${err}`)))),
  );
}

/** The most calls the emulator answered in any window of `ms`, by its own clock. */
function busiestWindow(ms: number): number {
  const times = emulator.requests().map((r) => Date.parse(r.time)).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j] - times[i] >= ms) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe('two processes calling as one identity', () => {
  it('stay inside its budget together when they share it through the registry', async () => {
    const results = await Promise.all([child(true, 'powerbi:shared-principal'), child(true, 'powerbi:shared-principal')]);
    expect(results).toEqual([{ ok: 12, throttled: 0 }, { ok: 12, throttled: 0 }]);
    expect(emulator.requests().filter((r) => r.status === 429)).toEqual([]);
    // A token bucket of 4 at 4/s allows at most 4 + 4·2 calls in 2 s (one more for the slack).
    expect(busiestWindow(2_000)).toBeLessThanOrEqual(BUDGET.burst + 1 + BUDGET.perSecond * 2);
  }, 60_000);

  it('overrun it with a bucket each (each believes the whole budget is its own)', async () => {
    const results = await Promise.all([child(false, 'powerbi:own'), child(false, 'powerbi:own')]);
    expect(results.reduce((n, r) => n + r.throttled, 0)).toBeGreaterThan(0);
  }, 60_000);
});
