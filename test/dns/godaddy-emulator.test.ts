// The GoDaddy emulator's own contract, checked over raw HTTP against GoDaddy's documented
// behaviour: sso-key auth, records by type and name, PATCH append at domain level, the edit
// lock's 409, UNKNOWN_DOMAIN, INVALID_BODY with `fields`, and the 429 ErrorLimit body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock, type GodaddyEmulator, startGodaddy, type VirtualClock } from '@tenantops/emulators';
import { call as callHttps, testTls } from '@tenantops/emulators/testing';

const AUTH = { authorization: 'sso-key synthetic-key:synthetic-secret' };

describe('GoDaddy Domains v1 emulator', () => {
  let gd: GodaddyEmulator;
  let clock: VirtualClock;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = AUTH) => {
    const reply = await callHttps(`${gd.url}${path}`, method, { body, headers: { ...headers, 'content-type': 'application/json' } });
    return { status: reply.status, headers: reply.headers, body: reply.json };
  };

  beforeAll(async () => {
    clock = createVirtualClock();
    gd = await startGodaddy({ tls: testTls(), clock, credentials: [{ key: 'synthetic-key', secret: 'synthetic-secret' }], domains: { 'example.com': {} }, requestsPerMinute: 5 });
  });
  afterAll(() => gd.stop());

  it('replaces one name+type set, reads it by type and name, and deletes it', async () => {
    expect((await call('PUT', '/v1/domains/example.com/records/CNAME/www', [{ data: 'web.example.net', ttl: 3600 }])).status).toBe(200);
    clock.advance(5_000);
    expect((await call('GET', '/v1/domains/example.com/records/CNAME/www')).body).toEqual([{ type: 'CNAME', name: 'www', data: 'web.example.net', ttl: 3600 }]);
    expect((await call('DELETE', '/v1/domains/example.com/records/CNAME/www')).status).toBe(204);
    expect((await call('GET', '/v1/domains/example.com/records/CNAME/www')).body).toEqual([]);
  });

  it('answers 409 for a few seconds after an edit, then accepts the next one', async () => {
    clock.advance(60_000);
    expect((await call('PUT', '/v1/domains/example.com/records/TXT/t', [{ data: 'one' }])).status).toBe(200);
    const locked = await call('PUT', '/v1/domains/example.com/records/TXT/t', [{ data: 'two' }]);
    expect(locked.status).toBe(409);
    expect(locked.body).toEqual({ code: 'CONFLICT', message: expect.stringContaining('still being updated') });
    clock.advance(3_000);
    expect((await call('PUT', '/v1/domains/example.com/records/TXT/t', [{ data: 'two' }])).status).toBe(200);
  });

  it('appends with PATCH only at domain level, refusing a duplicate', async () => {
    clock.advance(60_000);
    expect((await call('PATCH', '/v1/domains/example.com/records', [{ type: 'A', name: 'api', data: '192.0.2.1', ttl: 600 }])).status).toBe(200);
    clock.advance(5_000);
    const dup = await call('PATCH', '/v1/domains/example.com/records', [{ type: 'A', name: 'api', data: '192.0.2.1', ttl: 600 }]);
    expect(dup).toMatchObject({ status: 422, body: { code: 'DUPLICATE_RECORD' } });
    expect((await call('PATCH', '/v1/domains/example.com/records/A/api', [])).status).toBe(405);
  });

  it('rejects a record that breaks the schema with INVALID_BODY and the fields at fault', async () => {
    clock.advance(60_000);
    const bad = await call('PUT', '/v1/domains/example.com/records/CNAME/x', [{ data: 'x.example.net', ttl: 60 }]);
    expect(bad).toEqual({
      status: 422,
      headers: expect.anything(),
      body: { code: 'INVALID_BODY', message: "Request body doesn't fulfill schema, see details in `fields`", fields: [{ path: 'records[0].ttl', code: 'UNDERFLOW', message: 'ttl must be an integer of at least 600' }] },
    });
  });

  it('answers UNKNOWN_DOMAIN for a domain the account does not hold, and 401 without sso-key', async () => {
    clock.advance(60_000);
    expect((await call('GET', '/v1/domains/example.org/records/A/x')).body).toEqual({ code: 'UNKNOWN_DOMAIN', message: 'The given domain is not registered, or does not have a zone file' });
    expect((await call('GET', '/v1/domains/example.com/records', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('limits each endpoint per key and minute with the ErrorLimit body, other endpoints unaffected', async () => {
    clock.advance(120_000);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await call('GET', `/v1/domains/example.com/records/A/n${i}`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last!.body).toEqual({ code: 'TOO_MANY_REQUESTS', message: 'Too many requests received within interval', retryAfterSec: 12 });
    expect(last!.headers['retry-after']).toBeUndefined();
    expect((await call('GET', '/v1/domains/example.com/records')).status).toBe(200);
  });
});
