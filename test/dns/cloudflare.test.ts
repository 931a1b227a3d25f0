// Cloudflare: the provider contract against the sandbox's Cloudflare API v4 emulator, and the
// emulation itself driven by the official `cloudflare` SDK, unmodified (only its `baseURL`, and a
// fetch that trusts the sandbox CA), so the emulator cannot merely agree with our own client.
import Cloudflare from 'cloudflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudflareProvider } from '../../src/dns/index.ts';
import { type CloudflareEmulator, createVirtualClock, startCloudflare } from '@tenantops/emulators';
import { fetchTrustingTestCa, testTls } from '@tenantops/emulators/testing';
import { describeDnsContract } from '../support/dns-contract.ts';
import { ZONE } from '../support/dns.ts';

const TOKEN = 'synthetic-cloudflare-token-0001';

async function start(): Promise<CloudflareEmulator> {
  return startCloudflare({ tls: testTls(), tokens: [{ token: TOKEN, zones: [ZONE] }, { token: 'synthetic-other-zone-token', zones: ['other.example.org'] }], zones: [ZONE, 'other.example.org'] });
}

describeDnsContract('Cloudflare (emulated)', async () => {
  const emulator = await start();
  const clock = createVirtualClock();
  const provider = createCloudflareProvider({ zone: ZONE, baseUrl: emulator.apiUrl, token: TOKEN, ca: testTls().caPem, now: clock.now, sleep: clock.sleep });
  return {
    provider,
    sleep: clock.sleep,
    seed: async (set) => emulator.seed(ZONE, set.values.map((content) => ({ name: set.name, type: set.type, content, ttl: set.ttl }))),
    throttleStatuses: [429],
    async throttle() {
      const from = emulator.requests().length;
      emulator.addFaults([{ route: 'dns_records.batch', nth: 1, times: 1, status: 429, retryAfter: 2 }]);
      return () => emulator.requests().slice(from).filter((r) => r.route === 'dns_records.batch').map((r) => r.status);
    },
    stop: () => emulator.stop(),
  };
});

describe('Cloudflare emulation, driven by the official SDK', () => {
  let emulator: CloudflareEmulator;
  let cf: Cloudflare;
  let zoneId: string;
  const fetchWithCa = fetchTrustingTestCa();
  const sdk = (apiToken: string) => new Cloudflare({ apiToken, baseURL: emulator.apiUrl, fetch: fetchWithCa, maxRetries: 0 });

  beforeAll(async () => {
    emulator = await start();
    cf = sdk(TOKEN);
    const zones = await cf.zones.list({ name: ZONE });
    zoneId = zones.result[0].id;
  });
  afterAll(() => emulator.stop());

  it('finds the zone by name, and hides zones the token is not scoped to', async () => {
    expect(zoneId).toBe(emulator.zoneId(ZONE));
    expect((await cf.zones.list({ name: 'other.example.org' })).result).toEqual([]);
  });

  it('creates, filters by exact name and type, overwrites and deletes a record', async () => {
    const created = await cf.dns.records.create({ zone_id: zoneId, name: 'sdk.tenants.example.com', type: 'CNAME', content: 'app.example.com', ttl: 600, proxied: false });
    expect(created).toMatchObject({ name: 'sdk.tenants.example.com', type: 'CNAME', content: 'app.example.com', ttl: 600, proxied: false, zone_id: zoneId });
    const listed = [];
    for await (const r of cf.dns.records.list({ zone_id: zoneId, name: { exact: 'sdk.tenants.example.com' }, type: 'CNAME' })) listed.push(r);
    expect(listed.map((r) => r.id)).toEqual([created.id]);
    const updated = await cf.dns.records.update(created.id, { zone_id: zoneId, name: 'sdk.tenants.example.com', type: 'CNAME', content: 'app2.example.com', ttl: 300 });
    expect(updated).toMatchObject({ id: created.id, content: 'app2.example.com', ttl: 300 });
    const edited = await cf.dns.records.edit(created.id, { zone_id: zoneId, name: 'sdk.tenants.example.com', type: 'CNAME', ttl: 900 } as never);
    expect(edited).toMatchObject({ content: 'app2.example.com', ttl: 900 });
    expect(await cf.dns.records.delete(created.id, { zone_id: zoneId })).toEqual({ id: created.id });
    const missing = await cf.dns.records.get(created.id, { zone_id: zoneId }).then(() => undefined, (e: unknown) => e);
    expect(missing).toBeInstanceOf(Cloudflare.NotFoundError);
    expect((missing as InstanceType<typeof Cloudflare.APIError>).errors).toEqual([{ code: 81044, message: 'Record does not exist.' }]);
  });

  it('applies a batch as one transaction, deletes before posts, and rolls it all back on a conflict', async () => {
    const a = await cf.dns.records.create({ zone_id: zoneId, name: 'batch.tenants.example.com', type: 'CNAME', content: 'one.example.com', ttl: 600 });
    const swapped = await cf.dns.records.batch({ zone_id: zoneId, deletes: [{ id: a.id }], posts: [{ name: 'batch.tenants.example.com', type: 'CNAME', content: 'two.example.com', ttl: 600 }] });
    expect(swapped.deletes?.map((r) => r.id)).toEqual([a.id]);
    expect(swapped.posts?.map((r) => r.content)).toEqual(['two.example.com']);

    const before = emulator.records(ZONE).length;
    const refused = await cf.dns.records
      .batch({ zone_id: zoneId, posts: [{ name: 'solo.tenants.example.com', type: 'TXT', content: '"x"', ttl: 600 }, { name: 'batch.tenants.example.com', type: 'A', content: '192.0.2.1', ttl: 600 }] })
      .then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(Cloudflare.BadRequestError);
    expect((refused as InstanceType<typeof Cloudflare.APIError>).errors[0].code).toBe(81053);
    expect(emulator.records(ZONE)).toHaveLength(before);
  });

  it('pages a listing the way the SDK walks pages', async () => {
    for (let i = 0; i < 7; i++) await cf.dns.records.create({ zone_id: zoneId, name: `page${i}.tenants.example.com`, type: 'A', content: `192.0.2.${i + 10}`, ttl: 600 });
    const names: string[] = [];
    for await (const r of cf.dns.records.list({ zone_id: zoneId, per_page: 5, name: { startswith: 'page' } })) names.push(r.name);
    expect(names).toHaveLength(7);
    expect(emulator.requests().filter((r) => r.route === 'dns_records.list' && r.query?.per_page === '5').length).toBeGreaterThanOrEqual(2);
  });

  it('answers a bad token with 403 and the v4 error envelope, and a request id in cf-ray', async () => {
    const err = await sdk('synthetic-unknown-token').zones.list().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(Cloudflare.PermissionDeniedError);
    expect((err as InstanceType<typeof Cloudflare.APIError>).errors).toEqual([{ code: 9109, message: 'Invalid access token' }]);
    expect((err as InstanceType<typeof Cloudflare.APIError>).headers?.get('cf-ray')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
