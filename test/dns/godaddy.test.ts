// GoDaddy: the provider contract against the sandbox's GoDaddy Domains v1 emulator, whose zone is
// the registered domain example.com while the platform zone is tenants.example.com.
import { describe, expect, it } from 'vitest';
import { createGodaddyProvider } from '../../src/dns/index.ts';
import { ApplyError, RemoteApiError } from '../../src/errors/index.ts';
import { createVirtualClock, startGodaddy } from '@tenantops/emulators';
import { testTls } from '@tenantops/emulators/testing';
import { describeDnsContract } from '../support/dns-contract.ts';
import { dnsHarness, tenantConfig, ZONE } from '../support/dns.ts';

const KEY = 'synthetic-godaddy-key';
const SECRET = 'synthetic-godaddy-secret';

async function startTarget(extra: { requestsPerMinute?: number; callsPerMinute?: number } = {}) {
  const clock = createVirtualClock();
  const emulator = await startGodaddy({
    tls: testTls(),
    clock,
    credentials: [{ key: KEY, secret: SECRET }, { key: 'small-account', secret: SECRET, accessDenied: true }],
    domains: { 'example.com': {} },
    requestsPerMinute: extra.requestsPerMinute,
  });
  const provider = createGodaddyProvider({ zone: ZONE, baseUrl: emulator.url, key: KEY, secret: SECRET, ca: testTls().caPem, now: clock.now, sleep: clock.sleep, callsPerMinute: extra.callsPerMinute });
  return { clock, emulator, provider };
}

const writeRoutes = new Set(['records.replaceTypeName', 'records.delete']);

describeDnsContract('GoDaddy (emulated)', async () => {
  const { clock, emulator, provider } = await startTarget();
  return {
    provider,
    sleep: clock.sleep,
    seed: async (set) => emulator.putRecords('example.com', set.values.map((data) => ({ type: set.type, name: `${set.name}.tenants`, data, ttl: set.ttl }))),
    throttleStatuses: [429, 409],
    async throttle() {
      const from = emulator.requests().length;
      // The client waits out its own edits' lock, so the 409 is another editor's (GoDaddy's UI, a second run).
      emulator.addFaults([
        { route: 'records.replaceTypeName', nth: 1, times: 1, status: 429, code: 'TOO_MANY_REQUESTS', retryAfter: 7 },
        { route: 'records.replaceTypeName', nth: 2, times: 1, status: 409, code: 'CONFLICT', message: 'The DNS records are still being updated by an earlier request' },
      ]);
      return () => emulator.requests().slice(from).filter((r) => writeRoutes.has(r.route ?? '')).map((r) => r.status);
    },
    async stop() {
      // The zone-level PUT replaces every record of the domain: tenantops must never have called it.
      expect(emulator.requests().filter((r) => r.route === 'records.replace' || r.route === 'records.replaceType')).toEqual([]);
      await emulator.stop();
    },
  };
});

describe('GoDaddy client behaviour', () => {
  it('names the tenant, resource, call, status, code and request id when GoDaddy refuses a write', async () => {
    const { clock, emulator, provider } = await startTarget();
    try {
      emulator.addFaults([{ route: 'records.replaceTypeName', nth: 1, times: 1, status: 422, code: 'INVALID_BODY', message: 'record does not fulfill the schema' }]);
      const err = await dnsHarness(provider, { sleep: clock.sleep }).apply([tenantConfig('acme')]).then(() => undefined, (e: unknown) => e);
      const failure = (err as ApplyError).failures[0];
      expect(failure.key).toBe('acme dns/ownership');
      expect(failure.error).toBeInstanceOf(RemoteApiError);
      expect((failure.error as RemoteApiError).details).toMatchObject({
        service: 'godaddy', call: 'PUT /v1/domains/{domain}/records/{type}/{name}', status: 422, code: 'INVALID_BODY', tenant: 'acme', resource: 'dns/ownership',
      });
      expect(failure.error.message).toMatch(/^tenant acme, resource dns\/ownership: godaddy PUT \/v1\/domains\/\{domain\}\/records\/\{type\}\/\{name\} failed with HTTP 422 INVALID_BODY \(request id [0-9a-f-]{36}\): record does not fulfill the schema$/);
    } finally {
      await emulator.stop();
    }
  });

  it('honours retryAfterSec from the 429 body (GoDaddy sends no Retry-After header)', async () => {
    const { clock, emulator, provider } = await startTarget({ requestsPerMinute: 2, callsPerMinute: 100 });
    try {
      await provider.probe();
      for (let i = 0; i < 3; i++) await provider.readRecordSet(`n${i}`, 'CNAME');
      const throttled = emulator.requests().filter((r) => r.status === 429);
      expect(throttled).toHaveLength(1);
      expect(clock.sleeps).toContain(30_000); // one token of 2/min is 30 s away
    } finally {
      await emulator.stop();
    }
  });

  it('paces itself under the per-endpoint limit instead of collecting 429s', async () => {
    const { clock, emulator, provider } = await startTarget({ requestsPerMinute: 60, callsPerMinute: 3 });
    try {
      await provider.probe();
      const start = clock.now();
      for (let i = 0; i < 7; i++) await provider.readRecordSet(`n${i}`, 'CNAME');
      expect(emulator.requests().filter((r) => r.status === 429)).toEqual([]);
      // 7 calls at 3 a minute: the 4th waits for the first minute to pass, the 7th for the second.
      expect(clock.now() - start).toBeGreaterThanOrEqual(120_000);
    } finally {
      await emulator.stop();
    }
  });

  it('sends a fleet\'s concurrent creates as one PATCH and answers its concurrent reads with one listing', async () => {
    const { emulator, provider } = await startTarget();
    try {
      await provider.probe();
      const sets = Array.from({ length: 20 }, (_, i) => ({ name: `t${i}`, type: 'CNAME', ttl: 600, values: ['app.example.com'] }));
      const from = emulator.requests().length;
      expect(await Promise.all(sets.map((s) => provider.readRecordSet(s.name, s.type, { tenant: s.name })))).toEqual(sets.map(() => undefined));
      await Promise.all(sets.map((s) => provider.createRecordSet!(s, { tenant: s.name })));
      const back = await Promise.all(sets.map((s) => provider.readRecordSet(s.name, s.type, { tenant: s.name })));
      expect(back).toEqual(sets);
      expect(emulator.requests().slice(from).map((r) => r.route)).toEqual(['records.list', 'records.add', 'records.list']);
      expect(emulator.records('example.com').filter((r) => r.type === 'CNAME')).toHaveLength(20);
    } finally {
      await emulator.stop();
    }
  });

  it('never answers a read with a listing that started before it was asked', async () => {
    const { emulator, provider } = await startTarget();
    try {
      await provider.probe();
      // Once the emulator has answered the first listing, someone writes a record and a read is
      // asked for: the answer in flight does not hold the record, so the read needs a listing of its own.
      let second: Promise<unknown> | undefined;
      emulator.onExchange((x) => {
        if (x.route !== 'records.list' || second) return;
        emulator.putRecords('example.com', [{ type: 'TXT', name: 'late.tenants', data: 'written meanwhile', ttl: 600 }]);
        second = provider.readRecordSet('late', 'TXT');
      });
      expect((await provider.listZone()).some((s) => s.name === 'late')).toBe(false);
      expect(await second).toEqual({ name: 'late', type: 'TXT', ttl: 600, values: ['written meanwhile'] });
    } finally {
      await emulator.stop();
    }
  });

  it('retries a refused batch set by set, so each refusal names its own tenant', async () => {
    const { emulator, provider } = await startTarget();
    try {
      await provider.probe();
      emulator.addFaults([
        { route: 'records.add', nth: 1, times: 1, status: 422, code: 'INVALID_BODY', message: 'record does not fulfill the schema' },
        { route: 'records.replaceTypeName', nth: 2, times: 1, status: 422, code: 'INVALID_BODY', message: 'record does not fulfill the schema' },
      ]);
      const sets = ['a', 'b', 'c'].map((name) => ({ name, type: 'TXT', ttl: 600, values: [`owner ${name}`] }));
      const settled = await Promise.allSettled(sets.map((s) => provider.createRecordSet!(s, { tenant: `tenant-${s.name}`, resource: 'dns/ownership' })));
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const err = (settled[1] as PromiseRejectedResult).reason as RemoteApiError;
      expect(err.details).toMatchObject({ tenant: 'tenant-b', resource: 'dns/ownership', status: 422, call: 'PUT /v1/domains/{domain}/records/{type}/{name}' });
      expect(emulator.records('example.com').filter((r) => r.type === 'TXT').map((r) => r.name).sort()).toEqual(['a.tenants', 'c.tenants']);
    } finally {
      await emulator.stop();
    }
  });

  it('waits out the domain\'s edit lock before its next edit instead of collecting 409s', async () => {
    const { clock, emulator, provider } = await startTarget();
    try {
      await provider.probe();
      const start = clock.now();
      await Promise.all(['a', 'b', 'c'].map((name) => provider.replaceRecordSet({ name, type: 'TXT', ttl: 600, values: [name] })));
      const edits = emulator.requests().filter((r) => r.route === 'records.replaceTypeName');
      expect(edits.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(clock.now() - start).toBeGreaterThanOrEqual(6000); // two waits of GoDaddy's 3-s lock
    } finally {
      await emulator.stop();
    }
  });

  it('turns ACCESS_DENIED into what to do about it', async () => {
    const { emulator } = await startTarget();
    try {
      const denied = createGodaddyProvider({ zone: ZONE, baseUrl: emulator.url, key: 'small-account', secret: SECRET, ca: testTls().caPem, credentialNames: { key: 'GD_KEY', secret: 'GD_SECRET' } });
      const err = await denied.probe().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(RemoteApiError);
      expect((err as RemoteApiError).details).toMatchObject({ service: 'godaddy', status: 403, code: 'ACCESS_DENIED', call: 'GET /v1/domains/{domain}' });
      expect((err as Error).message).toMatch(/secrets GD_KEY and GD_SECRET.*10 or more domains or a Discount Domain Club plan/);
      expect((err as RemoteApiError).details.requestId).toMatch(/^[0-9a-f-]{36}$/);

      const wrong = createGodaddyProvider({ zone: ZONE, baseUrl: emulator.url, key: KEY, secret: 'not-the-secret', ca: testTls().caPem });
      const unauth = await wrong.probe().then(() => undefined, (e: unknown) => e);
      expect((unauth as RemoteApiError).details).toMatchObject({ status: 401, code: 'UNABLE_TO_AUTHENTICATE' });
      expect((unauth as Error).message).toContain('made for production');
    } finally {
      await emulator.stop();
    }
  });

  it('finds the registered domain above the platform zone, and says so when there is none', async () => {
    const { emulator, provider } = await startTarget();
    try {
      await provider.replaceRecordSet({ name: 'x', type: 'TXT', ttl: 600, values: ['hello'] });
      expect(emulator.records('example.com').find((r) => r.type === 'TXT')).toEqual({ type: 'TXT', name: 'x.tenants', data: 'hello', ttl: 600 });
      const stranger = createGodaddyProvider({ zone: 'tenants.example.org', baseUrl: emulator.url, key: KEY, secret: SECRET, ca: testTls().caPem });
      await expect(stranger.probe()).rejects.toThrow('the zone tenants.example.org is not a domain of this GoDaddy account (tried tenants.example.org, example.org)');
    } finally {
      await emulator.stop();
    }
  });
});
