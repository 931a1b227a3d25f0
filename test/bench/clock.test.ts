// The benches' settling clock (bench/support/clock-settling.ts) against real work: it must not move
// while SQL runs or while an emulator's handler is at work on a call (a loaded machine would
// otherwise charge the run for its slowness), and it must move without the fallback when every
// call is asleep on it. The fallback is set far out, so only the rule can move the clock.
import { setTimeout as realDelay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/index.ts';
import { type Emulator, startEmulator } from '@tenantops/emulators';
import { testTls } from '@tenantops/emulators/testing';
import { createSettlingClock, type SettlingClock } from '../../bench/support/clock-settling.ts';
import { withAdmin } from '../support/pg.ts';

const options = { fallbackMs: 60_000 };
let clock: SettlingClock;
let emulator: Emulator;
beforeAll(async () => {
  clock = createSettlingClock(0, options);
  emulator = await startEmulator({
    name: 'clock-test',
    tls: testTls(),
    clock,
    latency: { profile: 'realistic', scale: 1 },
    latencyTable: { routes: { 'calls.asleep': 1000 } },
    routes: [
      // Real work the clock cannot see inside: a handler waiting for real.
      { name: 'calls.working', method: 'GET', path: '/working', handler: async () => (await realDelay(100), { status: 200, body: {} }) },
      { name: 'calls.asleep', method: 'GET', path: '/asleep', handler: () => ({ status: 200, body: {} }) },
    ],
  });
});
afterAll(() => emulator.stop());

const http = () => createHttpClient({ service: 'test', baseUrl: emulator.url, ca: testTls().caPem, sleep: (ms) => clock.sleep(ms), now: () => clock.now() });

describe('settling clock', () => {
  it('does not move while a SQL query runs', async () => {
    const started = clock.now();
    const asleep = clock.sleep(500);
    const at = await withAdmin((c) => c.query('SELECT pg_sleep(0.2)')).then(() => clock.now());
    await asleep;
    expect(at - started).toBe(0);
    expect(clock.now() - started).toBe(500);
  });

  it('does not move while an emulator handler is at work on a call', async () => {
    const started = clock.now();
    const asleep = clock.sleep(500);
    const at = await http().request('GET', '/working').then(() => clock.now());
    await asleep;
    expect(at - started).toBe(0);
  });

  it('moves, without the fallback, when every call is asleep on it', async () => {
    const started = clock.now();
    await Promise.all([http().request('GET', '/asleep'), http().request('GET', '/asleep')]);
    expect(clock.now() - started).toBe(1000);
    expect(clock.stats().fallbacks).toEqual({});
  });
});
