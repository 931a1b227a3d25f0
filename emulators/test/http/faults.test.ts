import { afterEach, describe, expect, it } from 'vitest';
import { createPrng, createVirtualClock, startEmulator, type Emulator, type FaultRule, type Route } from '../../src/http/index.ts';
import { call } from '../support/https.ts';
import { testTls } from '../support/tls.ts';

function counterRoutes(state: { creates: number }): Route[] {
  return [
    { name: 'items.create', method: 'POST', path: '/v1/workspaces/{id}/items', handler: () => (state.creates++, { status: 201, body: { n: state.creates } }) },
    { name: 'items.list', method: 'GET', path: '/v1/workspaces/{id}/items', handler: () => ({ status: 200, body: { value: [] } }) },
  ];
}

const fabricErrors = (e: { status: number; code: string; message: string; requestId: string }) => ({
  status: e.status, headers: { 'x-ms-public-api-error-code': e.code }, body: { errorCode: e.code, message: e.message, requestId: e.requestId },
});

describe('deterministic fault injection', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });
  const start = async (state = { creates: 0 }, clock = createVirtualClock()) => {
    emulator = await startEmulator({ name: 'faults', routes: counterRoutes(state), tls: testTls(), errors: fabricErrors, clock });
    return emulator;
  };

  it('fails only the Nth matching call, in the emulator error shape with Retry-After', async () => {
    const e = await start();
    e.addFaults([{ route: 'items.create', nth: 2, status: 429, retryAfter: 7 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(`${e.url}/v1/workspaces/w/items`, 'POST', { body: {} })).status);
    expect(statuses).toEqual([201, 429, 201, 201]);
    const failed = e.requests().find((r) => r.status === 429)!;
    expect(failed).toMatchObject({ seq: 2, route: 'items.create', fault: 'status' });
    await e.stop();
    const again = await start();
    again.addFaults([{ route: 'items.create', nth: 1, times: 1, status: 429, retryAfter: 7 }]);
    const first = await call(`${again.url}/v1/workspaces/w/items`, 'POST', { body: {} });
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('7');
    expect(first.headers['x-ms-public-api-error-code']).toBe('TooManyRequests');
    expect(first.json).toEqual({ errorCode: 'TooManyRequests', message: expect.any(String), requestId: first.headers['x-ms-request-id'] });
    expect((await call(`${again.url}/v1/workspaces/w/items`, 'POST', { body: {} })).status).toBe(201); // the retry succeeds
  });

  it('selects calls by method and path glob, every Kth up to a number of times', async () => {
    const e = await start();
    e.addFaults([{ route: 'GET /v1/workspaces/*/items', every: 2, nth: 2, times: 2, status: 503 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call(`${e.url}/v1/workspaces/w/items`, 'GET')).status);
    expect(statuses).toEqual([200, 503, 200, 503, 200, 200, 200]);
    expect((await call(`${e.url}/v1/workspaces/w/items`, 'POST', { body: {} })).status).toBe(201); // other method unaffected
    expect(e.faults()[0]).toMatchObject({ matched: 7, fired: 2, firedAt: [2, 4] });
    e.clearFaults();
    e.addFaults([{ route: 'items.list', every: 3, status: 500 }]); // `every` alone starts at the `every`-th call
    const more: number[] = [];
    for (let i = 0; i < 7; i++) more.push((await call(`${e.url}/v1/workspaces/w/items`, 'GET')).status);
    expect(more).toEqual([200, 200, 500, 200, 200, 500, 200]);
  });

  it('a seeded random rule fails the same call numbers with the same kinds on every run', async () => {
    const rule: FaultRule = { route: 'items.list', seed: 4242, probability: 0.3, kinds: ['status', 'delay'], delayMs: 10 };
    const runOnce = async () => {
      const e = await start();
      e.addFaults([rule]);
      for (let i = 0; i < 30; i++) await call(`${e.url}/v1/workspaces/w/items`, 'GET');
      const failures = e.requests().filter((r) => r.fault).map((r) => `${r.seq}:${r.fault}`);
      await e.stop();
      emulator = undefined;
      return failures;
    };
    const first = await runOnce();
    const second = await runOnce();
    expect(first.length).toBeGreaterThan(3);
    expect(first.length).toBeLessThan(20);
    expect(second).toEqual(first);
    expect(first.some((f) => f.endsWith(':delay'))).toBe(true);
    expect(first.some((f) => f.endsWith(':status'))).toBe(true);
    // The PRNG itself is the published mulberry32 stream: same seed, same numbers; another seed, others.
    const a = createPrng(1), b = createPrng(1), c = createPrng(2);
    const sa = [a(), a(), a()], sb = [b(), b(), b()], sc = [c(), c(), c()];
    expect(sa).toEqual(sb);
    expect(sc).not.toEqual(sa);
  });

  it('resets the connection, and the next call succeeds', async () => {
    const e = await start();
    e.addFaults([{ route: 'items.list', kind: 'reset', nth: 1 }]);
    await expect(call(`${e.url}/v1/workspaces/w/items`, 'GET')).rejects.toThrow(/socket|closed|reset/i);
    expect((await call(`${e.url}/v1/workspaces/w/items`, 'GET')).status).toBe(200);
    expect(e.requests().map((r) => [r.status, r.fault])).toEqual([[0, 'reset'], [200, undefined]]);
  });

  it('holds a call until the client gives up on a timeout fault', async () => {
    const e = await start();
    e.addFaults([{ route: 'items.list', kind: 'timeout', nth: 1 }]);
    const controller = new AbortController();
    const pending = call(`${e.url}/v1/workspaces/w/items`, 'GET', { signal: controller.signal });
    // Abort once the emulator has the call in hand (it never answers it).
    while (e.faults()[0].fired === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    while (e.requests().length === 0) await new Promise((r) => setImmediate(r));
    expect(e.requests()[0]).toMatchObject({ status: 0, fault: 'timeout' });
  });

  it('a fault after the handler lets the change happen but loses the answer (crash-safety tests)', async () => {
    const state = { creates: 0 };
    const e = await start(state);
    e.addFaults([{ route: 'items.create', nth: 1, when: 'after', status: 500 }]);
    expect((await call(`${e.url}/v1/workspaces/w/items`, 'POST', { body: {} })).status).toBe(500);
    expect(state.creates).toBe(1);
  });

  it('a delay fault holds the answer on the emulator clock, not the wall clock', async () => {
    const clock = createVirtualClock();
    const e = await start({ creates: 0 }, clock);
    e.addFaults([{ route: 'items.list', kind: 'delay', delayMs: 60_000, nth: 1 }]);
    const before = clock.now();
    expect((await call(`${e.url}/v1/workspaces/w/items`, 'GET')).status).toBe(200);
    expect(clock.sleeps).toEqual([60_000]);
    expect(clock.now() - before).toBe(60_000);
  });

  it('takes rules over the admin API and refuses malformed ones', async () => {
    const e = await start();
    const added = await call(`${e.url}/_admin/faults`, 'POST', { body: { rules: [{ route: 'items.list', nth: 1, status: 500 }] } });
    expect(added.status).toBe(201);
    expect(added.json.faults[0]).toMatchObject({ id: 1, matched: 0, fired: 0 });
    expect((await call(`${e.url}/v1/workspaces/w/items`, 'GET')).status).toBe(500);
    const bad = await call(`${e.url}/_admin/faults`, 'POST', { body: { nth: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/nth must be a positive integer/);
    expect((await call(`${e.url}/_admin/faults`, 'POST', { body: { seed: 1, kinds: ['status'] } })).status).toBe(400);
    expect((await call(`${e.url}/_admin/faults`, 'GET')).json.faults).toHaveLength(1);
    expect((await call(`${e.url}/_admin/faults`, 'DELETE')).status).toBe(204);
    expect(e.faults()).toEqual([]);
  });
});
