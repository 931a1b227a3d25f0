// Azure DNS: the provider contract against the sandbox's Azure DNS (ARM) emulator with tokens from
// the sandbox's Entra, and the emulation driven by the official `@azure/arm-dns` SDK, unmodified
// (its `endpoint` option and an ARM token from the emulated Entra via @azure/identity).
import { DnsManagementClient } from '@azure/arm-dns';
import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES, tokenSource } from '../../src/auth/index.ts';
import { createAzureDnsProvider, type RecordSetState } from '../../src/dns/index.ts';
import { RemoteApiError } from '../../src/errors/index.ts';
import { type AzureDnsEmulator, type EntraEmulator, startAzureDns, type VirtualClock } from '@tenantops/emulators';
import { APP, credentialOptions, startTestEntra, TENANT_ID, testTls } from '@tenantops/emulators/testing';
import { describeDnsContract } from '../support/dns-contract.ts';
import { ZONE } from '../support/dns.ts';

const SUBSCRIPTION = '3f2e1d0c-9b8a-4765-8432-10fedcba9876';
const RESOURCE_GROUP = 'rg-dns';

async function start(extra: { contributors?: string[] } = {}): Promise<{ entra: EntraEmulator; clock: VirtualClock; azure: AzureDnsEmulator; credential: ClientSecretCredential }> {
  const { entra, clock } = await startTestEntra();
  const azure = await startAzureDns({ tls: testTls(), entra, clock, subscriptionId: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, zones: [ZONE], ...extra });
  const credential = new ClientSecretCredential(TENANT_ID, APP.clientId, APP.secret, credentialOptions(entra));
  return { entra, clock, azure, credential };
}

function armProperties(set: RecordSetState): Record<string, unknown> {
  if (set.type === 'CNAME') return { CNAMERecord: { cname: set.values[0] } };
  if (set.type === 'TXT') return { TXTRecords: set.values.map((v) => ({ value: [v] })) };
  return { ARecords: set.values.map((ipv4Address) => ({ ipv4Address })) };
}

describeDnsContract('Azure DNS (emulated ARM)', async () => {
  const { entra, clock, azure, credential } = await start();
  const provider = createAzureDnsProvider({ zone: ZONE, subscriptionId: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, baseUrl: azure.url, token: tokenSource(credential, SCOPES.arm), ca: testTls().caPem, now: clock.now, sleep: clock.sleep });
  return {
    provider,
    sleep: clock.sleep,
    seed: async (set) => azure.seed(ZONE, { name: set.name, type: set.type, ttl: set.ttl, properties: armProperties(set) }),
    throttleStatuses: [429],
    async throttle() {
      const from = azure.requests().length;
      azure.addFaults([{ route: 'recordSets.createOrUpdate', nth: 1, times: 1, status: 429, retryAfter: 5 }]);
      return () => azure.requests().slice(from).filter((r) => r.route === 'recordSets.createOrUpdate').map((r) => r.status);
    },
    async stop() {
      await azure.stop();
      await entra.stop();
    },
  };
});

describe('Azure DNS emulation, driven by the official @azure/arm-dns SDK', () => {
  let env: Awaited<ReturnType<typeof start>>;
  let client: DnsManagementClient;
  beforeAll(async () => {
    env = await start();
    client = new DnsManagementClient(env.credential, SUBSCRIPTION, {
      endpoint: env.azure.url,
      // The SDK would ask for `<endpoint>/.default`; ARM's audience is what a real token carries.
      credentialScopes: [SCOPES.arm],
      tlsOptions: { ca: testTls().caPem },
      retryOptions: { maxRetries: 0 },
    });
  });
  afterAll(async () => {
    await env.azure.stop();
    await env.entra.stop();
  });

  it('gets the zone with its name servers', async () => {
    const zone = await client.zones.get(RESOURCE_GROUP, ZONE);
    expect(zone).toMatchObject({ name: ZONE, type: 'Microsoft.Network/dnszones', zoneType: 'Public' });
    expect(zone.nameServers).toHaveLength(4);
  });

  it('creates only when absent, updates only the etag it read, and refuses a stale one with 412', async () => {
    const created = await client.recordSets.createOrUpdate(RESOURCE_GROUP, ZONE, 'sdk', 'CNAME', { ttl: 600, cnameRecord: { cname: 'app.example.com' } }, { ifNoneMatch: '*' });
    expect(created).toMatchObject({ name: 'sdk', type: 'Microsoft.Network/dnszones/CNAME', ttl: 600, fqdn: `sdk.${ZONE}.`, cnameRecord: { cname: 'app.example.com' } });
    const again = await client.recordSets.createOrUpdate(RESOURCE_GROUP, ZONE, 'sdk', 'CNAME', { ttl: 600, cnameRecord: { cname: 'x.example.com' } }, { ifNoneMatch: '*' }).then(() => undefined, (e: unknown) => e);
    expect(again).toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });

    const updated = await client.recordSets.createOrUpdate(RESOURCE_GROUP, ZONE, 'sdk', 'CNAME', { ttl: 300, cnameRecord: { cname: 'app2.example.com' } }, { ifMatch: created.etag });
    expect(updated.etag).not.toBe(created.etag);
    const stale = await client.recordSets.delete(RESOURCE_GROUP, ZONE, 'sdk', 'CNAME', { ifMatch: created.etag }).then(() => undefined, (e: unknown) => e);
    expect(stale).toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });
    const got = await client.recordSets.get(RESOURCE_GROUP, ZONE, 'sdk', 'CNAME');
    expect(got).toMatchObject({ ttl: 300, cnameRecord: { cname: 'app2.example.com' }, etag: updated.etag });

    await client.recordSets.delete(RESOURCE_GROUP, ZONE, 'sdk', 'CNAME', { ifMatch: updated.etag });
    const gone = await client.recordSets.get(RESOURCE_GROUP, ZONE, 'sdk', 'CNAME').then(() => undefined, (e: unknown) => e);
    expect(gone).toMatchObject({ statusCode: 404, code: 'NotFound' });
  });

  it('keeps TXT values as chunks and pages a zone listing through nextLink', async () => {
    await client.recordSets.createOrUpdate(RESOURCE_GROUP, ZONE, '_tenantops.sdk', 'TXT', { ttl: 600, txtRecords: [{ value: ['heritage=tenantops,', 'platform=p,tenant=t'] }] });
    for (let i = 0; i < 5; i++) await client.recordSets.createOrUpdate(RESOURCE_GROUP, ZONE, `page${i}`, 'A', { ttl: 600, aRecords: [{ ipv4Address: `192.0.2.${i}` }] });
    const names: string[] = [];
    for await (const rs of client.recordSets.listAllByDnsZone(RESOURCE_GROUP, ZONE, { top: 2 })) names.push(`${rs.name}/${rs.type?.split('/').pop()}`);
    expect(names.sort()).toEqual(['_tenantops.sdk/TXT', 'page0/A', 'page1/A', 'page2/A', 'page3/A', 'page4/A']);
    const txt = await client.recordSets.get(RESOURCE_GROUP, ZONE, '_tenantops.sdk', 'TXT');
    expect(txt.txtRecords).toEqual([{ value: ['heritage=tenantops,', 'platform=p,tenant=t'] }]);
    expect(env.azure.requests().filter((r) => r.route === 'recordSets.listAllByDnsZone').length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a CNAME beside other record sets of its name (409 Conflict)', async () => {
    const err = await client.recordSets.createOrUpdate(RESOURCE_GROUP, ZONE, 'page0', 'CNAME', { ttl: 600, cnameRecord: { cname: 'x.example.com' } }).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 409, code: 'Conflict' });
  });

  it('answers 403 AuthorizationFailed to a principal without a DNS role, which our client explains', async () => {
    const locked = await start({ contributors: ['00000000-0000-4000-8000-00000000ffff'] });
    try {
      const provider = createAzureDnsProvider({ zone: ZONE, subscriptionId: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, baseUrl: locked.azure.url, token: tokenSource(locked.credential, SCOPES.arm), ca: testTls().caPem });
      const err = await provider.replaceRecordSet({ name: 'x', type: 'TXT', ttl: 600, values: ['v'] }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(RemoteApiError);
      expect((err as RemoteApiError).details).toMatchObject({ service: 'azure-dns', status: 403, code: 'AuthorizationFailed' });
      expect((err as RemoteApiError).details.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect((err as Error).message).toContain('"DNS Zone Contributor" role');
    } finally {
      await locked.azure.stop();
      await locked.entra.stop();
    }
  });
});
