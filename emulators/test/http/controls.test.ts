import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock, startEmulator, type Emulator, type Identity, type Route } from '../../src/http/index.ts';
import { call } from '../support/https.ts';
import { testTls } from '../support/tls.ts';

const routes: Route[] = [
  { name: 'token', method: 'POST', path: '/{tenant}/oauth2/v2.0/token', anonymous: true,
    handler: (req) => ({ status: 200, body: { ok: true }, identity: { key: req.form().get('client_id') ?? 'unknown' } }) },
  { name: 'groups.list', method: 'GET', path: '/v1.0/myorg/groups', handler: (req) => ({ status: 200, body: { who: req.identity?.key } }) },
  { name: 'groups.create', method: 'POST', path: '/v1.0/myorg/groups', bucket: 'writes', handler: () => ({ status: 200, body: {} }) },
  { name: 'imports.create', method: 'POST', path: '/v1.0/myorg/imports',
    handler: (req) => ({ status: 202, body: { publishMs: req.durationOf('import.publishing', 999) } }) },
];

// The caller is whoever the bearer says; a stand-in for the Entra token check.
const authenticate = (req: { headers: Record<string, string> }): Identity | { status: number; body: unknown } => {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  return bearer ? { key: bearer[1], oid: bearer[1] } : { status: 401, body: { error: 'no token' } };
};

describe('request log, rate limits and latency', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });

  it('never lets a secret reach /_admin/requests', async () => {
    emulator = await startEmulator({ name: 'log', routes, tls: testTls(), authenticate });
    const secret = 'synthetic-secret-value-0123456789';
    const assertion = 'eyJhbGciOiJSUzI1NiJ9.synthetic-assertion.sig';
    await call(`${emulator.url}/t1/oauth2/v2.0/token?client_secret=${secret}&x=1`, 'POST', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`app:${secret}`).toString('base64')}` },
      body: new URLSearchParams({ client_id: 'app-1', client_secret: secret, client_assertion: assertion, grant_type: 'client_credentials' }).toString(),
    });
    await call(`${emulator.url}/v1.0/myorg/groups`, 'GET', { headers: { authorization: `Bearer principal-a` } });
    const logText = (await call(`${emulator.url}/_admin/requests`, 'GET')).text;
    expect(logText).not.toContain(secret);
    expect(logText).not.toContain(Buffer.from(`app:${secret}`).toString('base64'));
    expect(logText).not.toContain('synthetic-assertion');
    const log = JSON.parse(logText).requests;
    expect(log).toEqual([
      expect.objectContaining({ seq: 1, method: 'POST', path: '/t1/oauth2/v2.0/token', route: 'token', status: 200,
        query: { client_secret: '***', x: '1' }, identity: { key: 'app-1' }, requestId: expect.any(String), time: expect.any(String) }),
      expect.objectContaining({ seq: 2, route: 'groups.list', status: 200, identity: { key: 'principal-a', oid: 'principal-a' } }),
    ]);
    expect((await call(`${emulator.url}/_admin/requests`, 'DELETE')).status).toBe(204);
    expect(emulator.requests()).toEqual([]);
  });

  it('keeps the newest requestLogCapacity requests (a benchmark raises the default 10,000)', async () => {
    emulator = await startEmulator({ name: 'cap', routes, tls: testTls(), authenticate, requestLogCapacity: 2 });
    for (const who of ['a', 'b', 'c']) await call(`${emulator.url}/v1.0/myorg/groups`, 'GET', { headers: { authorization: `Bearer ${who}` } });
    expect(emulator.requests().map((r) => r.identity?.key)).toEqual(['b', 'c']);
  });

  it('refuses calls the authenticate hook refuses, before any handler runs', async () => {
    emulator = await startEmulator({ name: 'auth', routes, tls: testTls(), authenticate });
    const res = await call(`${emulator.url}/v1.0/myorg/groups`, 'GET');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'no token' });
  });

  it('rate-limits per identity and bucket with 429 + Retry-After, refilling on the emulator clock', async () => {
    const clock = createVirtualClock();
    emulator = await startEmulator({ name: 'rl', routes, tls: testTls(), authenticate, clock });
    const a = { authorization: 'Bearer principal-a' };
    const b = { authorization: 'Bearer principal-b' };
    // Off by default.
    for (let i = 0; i < 5; i++) expect((await call(`${emulator.url}/v1.0/myorg/groups`, 'GET', { headers: a })).status).toBe(200);
    emulator.setRateLimits({ default: { capacity: 2, refillPerSecond: 0.1 } });
    expect((await call(`${emulator.url}/v1.0/myorg/groups`, 'GET', { headers: a })).status).toBe(200);
    expect((await call(`${emulator.url}/v1.0/myorg/groups`, 'GET', { headers: a })).status).toBe(200);
    const limited = await call(`${emulator.url}/v1.0/myorg/groups`, 'GET', { headers: a });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('10');
    expect(limited.json.error.code).toBe('TooManyRequests');
    // Another identity has its own bucket; a route in another (unlimited) bucket is not limited.
    expect((await call(`${emulator.url}/v1.0/myorg/groups`, 'GET', { headers: b })).status).toBe(200);
    expect((await call(`${emulator.url}/v1.0/myorg/groups`, 'POST', { headers: a, body: {} })).status).toBe(200);
    clock.advance(10_000);
    expect((await call(`${emulator.url}/v1.0/myorg/groups`, 'GET', { headers: a })).status).toBe(200);
    expect((await call(`${emulator.url}/_admin/rate-limits`, 'PUT', { body: { default: { capacity: 0, refillPerSecond: 1 } } })).status).toBe(400);
    expect((await call(`${emulator.url}/_admin/rate-limits`, 'DELETE')).status).toBe(204);
    expect((await call(`${emulator.url}/v1.0/myorg/groups`, 'GET', { headers: a })).status).toBe(200);
  });

  it('applies the realistic latency table times the scale on the injected clock, and nothing when instant', async () => {
    const clock = createVirtualClock();
    emulator = await startEmulator({
      name: 'latency', routes, tls: testTls(), authenticate, clock,
      latencyTable: { defaultMs: 100, routes: { 'groups.create': 1200 }, durations: { 'import.publishing': 8000 } },
    });
    const a = { authorization: 'Bearer principal-a' };
    await call(`${emulator.url}/v1.0/myorg/groups`, 'GET', { headers: a });
    expect((await call(`${emulator.url}/v1.0/myorg/imports`, 'POST', { headers: a })).json.publishMs).toBe(0);
    expect(clock.sleeps).toEqual([]);

    const set = await call(`${emulator.url}/_admin/latency`, 'PUT', { body: { profile: 'realistic', scale: 0.5 } });
    expect(set.json).toEqual({ profile: 'realistic', scale: 0.5 });
    const t0 = clock.now();
    await call(`${emulator.url}/v1.0/myorg/groups`, 'GET', { headers: a });
    await call(`${emulator.url}/v1.0/myorg/groups`, 'POST', { headers: a, body: {} });
    expect((await call(`${emulator.url}/v1.0/myorg/imports`, 'POST', { headers: a })).json.publishMs).toBe(4000);
    expect(clock.sleeps).toEqual([50, 600, 50]);
    expect(clock.now() - t0).toBe(700);

    emulator.setLatency({ profile: 'realistic', routes: { 'groups.list': 5 }, durations: { 'import.publishing': 1 } });
    await call(`${emulator.url}/v1.0/myorg/groups`, 'GET', { headers: a });
    expect(clock.sleeps.at(-1)).toBe(5);
    expect((await call(`${emulator.url}/v1.0/myorg/imports`, 'POST', { headers: a })).json.publishMs).toBe(1);
    expect((await call(`${emulator.url}/_admin/latency`, 'PUT', { body: { profile: 'slow' } })).status).toBe(400);
  });
});
