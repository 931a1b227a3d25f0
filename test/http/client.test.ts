// The HTTP client against a real HTTPS emulator on loopback: retries, Retry-After, request ids,
// idempotency, error shapes. Waits go through an injected sleep, so nothing waits for real.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RemoteApiError } from '../../src/errors/index.ts';
import { createHttpClient, createRateLimiter, parseRetryAfter, type Budget, type HttpClientOptions } from '../../src/http/index.ts';
import { type Emulator, EmulatorRequestError, startEmulator } from '@tenantops/emulators';
import { testTls } from '@tenantops/emulators/testing';

let emulator: Emulator;
let created = 0;
beforeAll(async () => {
  emulator = await startEmulator({
    name: 'test-api',
    tls: testTls(),
    requestIdHeaders: ['RequestId'],
    errors: (e) => ({ status: e.status, body: { error: { code: e.code, message: e.message } } }),
    routes: [
      { name: 'things.get', method: 'GET', path: '/things/{id}', handler: (req) => ({ status: 200, body: { id: req.params.id, auth: req.headers.authorization } }) },
      { name: 'things.create', method: 'POST', path: '/things', handler: () => ({ status: 201, body: { n: ++created } }) },
      { name: 'things.missing', method: 'GET', path: '/missing', handler: () => { throw new EmulatorRequestError(404, 'ItemNotFound', 'no such thing'); } },
    ],
  });
});
afterAll(() => emulator.stop());
beforeEach(() => {
  emulator.clearFaults();
  emulator.clearRequests();
});

function client(extra: Partial<HttpClientOptions> = {}) {
  const waits: number[] = [];
  const http = createHttpClient({
    service: 'test',
    baseUrl: emulator.url,
    ca: testTls().caPem,
    token: async () => 'token-1',
    sleep: async (ms) => void waits.push(ms),
    context: { tenant: 'acme', step: 'things' },
    ...extra,
  });
  return { http, waits };
}

describe('http client', () => {
  it('sends the bearer token and returns the body with the request id', async () => {
    const { http } = client();
    const res = await http.request<{ id: string; auth: string }>('GET', '/things/42');
    expect(res.body).toEqual({ id: '42', auth: 'Bearer token-1' });
    expect(res.requestId).toMatch(/.+/);
    expect(res.requestId).toBe(emulator.requests()[0].requestId);
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    emulator.addFaults([{ route: 'things.get', nth: 1, times: 2, status: 429, retryAfter: 7 }]);
    const { http, waits } = client();
    const res = await http.request('GET', '/things/1');
    expect(res.attempts).toBe(3);
    expect(waits).toEqual([7000, 7000]);
  });

  it('retries a 500 on an idempotent call, but not on a POST whose effect is unknown', async () => {
    emulator.addFaults([{ route: 'things.get', nth: 1, times: 1, status: 500 }]);
    const { http } = client();
    expect((await http.request('GET', '/things/1')).attempts).toBe(2);
    emulator.addFaults([{ route: 'things.create', nth: 1, times: 1, status: 500, when: 'after' }]);
    const before = created;
    await expect(http.request('POST', '/things', { body: {} })).rejects.toThrow(RemoteApiError);
    expect(created).toBe(before + 1); // the change happened once; no blind retry doubled it
  });

  it('retries a 429 on a POST: the service did not act on it', async () => {
    emulator.addFaults([{ route: 'things.create', nth: 1, times: 1, status: 429, retryAfter: 1 }]);
    const { http } = client();
    expect((await http.request('POST', '/things', { body: {} })).status).toBe(201);
  });

  it('retries a reset connection on an idempotent call', async () => {
    emulator.addFaults([{ route: 'things.get', nth: 1, times: 1, kind: 'reset' }]);
    const { http, waits } = client();
    expect((await http.request('GET', '/things/9')).attempts).toBe(2);
    expect(waits).toHaveLength(1);
  });

  it('names tenant, step, call, status, code and request id when it gives up', async () => {
    const { http } = client();
    const err = await http.request('GET', '/missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteApiError);
    const e = err as RemoteApiError;
    expect(e.details).toMatchObject({ service: 'test', call: 'GET /missing', status: 404, code: 'ItemNotFound', tenant: 'acme', step: 'things' });
    expect(e.details.requestId).toBe(emulator.requests()[0].requestId);
    expect(e.message).toContain(`(request id ${e.details.requestId})`);
  });

  it('stops after maxAttempts and reports the last status', async () => {
    emulator.addFaults([{ route: 'things.get', every: 1, status: 503 }]);
    const { http, waits } = client({ retry: { maxAttempts: 3 } });
    await expect(http.request('GET', '/things/1')).rejects.toMatchObject({ details: { status: 503 } });
    expect(waits).toHaveLength(2);
  });

  it('waits out more 429s than maxAttempts: throttling is pacing, not a failed attempt', async () => {
    emulator.addFaults([{ route: 'things.get', nth: 1, times: 5, status: 429, retryAfter: 1 }]);
    const { http, waits } = client({ retry: { maxAttempts: 3 } });
    await expect(http.request('GET', '/things/1')).resolves.toMatchObject({ status: 200, attempts: 6 });
    expect(waits).toEqual([1000, 1000, 1000, 1000, 1000]);
  });

  it('counts reads and writes across clients derived with withContext', async () => {
    const { http } = client();
    await http.withContext({ step: 'a' }).request('GET', '/things/1');
    await http.withContext({ step: 'b' }).request('POST', '/things', { body: {} });
    expect(http.counts).toEqual({ reads: 1, writes: 1 });
  });
});

describe('retry-after and rate limiting', () => {
  it('parses delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('20', 0)).toBe(20_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:30 GMT', 10_000)).toBe(20_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  /** A limiter on a clock that only moves when it sleeps, recording every wait. */
  function limited(budget: Budget) {
    const clock = { now: 0, waits: [] as number[] };
    const limiter = createRateLimiter({ budget, now: () => clock.now, sleep: async (ms) => { clock.waits.push(ms); clock.now += ms; } });
    return { limiter, clock };
  }

  it('a token bucket spaces calls to its rate', async () => {
    const { limiter, clock } = limited({ perSecond: 2, burst: 2 });
    for (let i = 0; i < 5; i++) await limiter.take('identity');
    expect(clock.waits).toEqual([500, 500, 500]);
    expect(clock.now).toBe(1500);
  });

  it('a window lets at most its limit start in any window, bursts included', async () => {
    const { limiter, clock } = limited({ limit: 3, windowMs: 60_000 });
    const starts: number[] = [];
    for (let i = 0; i < 7; i++) {
      await limiter.take('GET /records');
      starts.push(clock.now);
    }
    expect(starts).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
  });

  it('keeps one budget per key, and serves the callers of one key in order', async () => {
    const { limiter, clock } = limited({ limit: 1, windowMs: 1_000 });
    const order: string[] = [];
    await Promise.all(['a1', 'b1', 'a2', 'a3'].map((name) => limiter.take(name[0]).then(() => order.push(`${name}@${clock.now}`))));
    expect(order).toEqual(['a1@0', 'b1@0', 'a2@1000', 'a3@2000']);
  });

  it('paces a client per endpoint unless told the key its calls share', async () => {
    const perEndpoint = limited({ limit: 1, windowMs: 1_000 });
    const { http } = client({ rateLimit: perEndpoint.limiter, sleep: async (ms) => { perEndpoint.clock.now += ms; } });
    await http.request('GET', '/things/1', { call: 'GET /things/{id}' });
    await http.request('POST', '/things', { body: {} });
    expect(perEndpoint.clock.now).toBe(0); // two endpoints, one call each
    await http.request('GET', '/things/2', { call: 'GET /things/{id}' });
    expect(perEndpoint.clock.now).toBe(1_000);

    const perIdentity = limited({ limit: 1, windowMs: 1_000 });
    const shared = client({ rateLimit: perIdentity.limiter, rateLimitKey: 'principal', sleep: async (ms) => { perIdentity.clock.now += ms; } });
    await shared.http.request('GET', '/things/1');
    await shared.http.request('POST', '/things', { body: {} });
    expect(perIdentity.clock.now).toBe(1_000);
  });
});

describe('busy statuses', () => {
  it('retries a status the service declares busy, even on a POST, and nothing else', async () => {
    emulator.addFaults([{ route: 'things.create', nth: 1, times: 2, status: 409, code: 'CONFLICT' }]);
    const busy = client({ retry: { busyStatuses: [409] } });
    const res = await busy.http.request('POST', '/things', { body: {} });
    expect(res).toMatchObject({ status: 201, attempts: 3 });
    expect(busy.waits).toHaveLength(2);

    emulator.addFaults([{ route: 'things.create', nth: 1, times: 1, status: 409, code: 'CONFLICT' }]);
    await expect(client().http.request('POST', '/things', { body: {} })).rejects.toMatchObject({ details: { status: 409, code: 'CONFLICT' } });
  });

  it('waits out more busy replies than maxAttempts: like a 429, a busy service did nothing', async () => {
    // Eight tenants editing one GoDaddy zone at once meet the edit lock in turn: each waits for
    // the others' edits, which is pacing, not a failed attempt.
    emulator.addFaults([{ route: 'things.create', nth: 1, times: 8, status: 409, code: 'CONFLICT' }]);
    const busy = client({ retry: { busyStatuses: [409], maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 100 } });
    await expect(busy.http.request('POST', '/things', { body: {} })).resolves.toMatchObject({ status: 201, attempts: 9 });
    expect(busy.waits).toHaveLength(8);
  });
});
