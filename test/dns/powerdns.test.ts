// PowerDNS: the provider contract against a REAL PowerDNS Authoritative server (Debian's
// pdns-server + sqlite3 backend) started by the test on loopback ports, and a DNS query to it
// after apply. Without the binary the tests skip, saying so; under CI they fail instead.
import { describe, expect, it } from 'vitest';
import { createPowerDnsProvider, queryServer, type RecordSetState } from '../../src/dns/index.ts';
import { createVirtualClock, findPowerDns, type PowerDnsServer, startPowerDns } from '@tenantops/emulators';
import { call } from '@tenantops/emulators/testing';
import { describeDnsContract } from '../support/dns-contract.ts';
import { changesOf, dnsHarness, tenantConfig, ZONE } from '../support/dns.ts';
import { startPowerDnsProxy } from '../support/powerdns-proxy.ts';

const { missing } = findPowerDns();

if (missing && process.env.CI) {
  describe('PowerDNS', () => {
    it('is installed (CI must run the PowerDNS contract, not skip it)', () => {
      throw new Error(`${missing}: .ci/run installs pdns-server and pdns-backend-sqlite3 before the tests`);
    });
  });
} else if (missing) {
  describe('PowerDNS', () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
} else {
  describeDnsContract('PowerDNS 4.x (real server)', async () => {
    const pdns = await startPowerDns({ zones: [ZONE] });
    const proxy = await startPowerDnsProxy(pdns.apiUrl);
    const clock = createVirtualClock();
    const provider = createPowerDnsProvider({ zone: ZONE, apiUrl: proxy.url, apiKey: pdns.apiKey, nameserver: pdns.nameserver, now: clock.now, sleep: clock.sleep });
    return {
      provider,
      sleep: clock.sleep,
      seed: (set) => patchDirect(pdns, set),
      throttleStatuses: [429, 503],
      async throttle() {
        const from = proxy.requests().length;
        proxy.addFaults([
          { route: 'zone.patch', nth: 1, times: 1, status: 429, retryAfter: 3 },
          { route: 'zone.patch', nth: 2, times: 1, status: 503 },
        ]);
        return () => proxy.requests().slice(from).filter((r) => r.route === 'zone.patch').map((r) => r.status);
      },
      async stop() {
        await proxy.stop();
        await pdns.stop();
      },
    };
  });

  describe('PowerDNS: verification by query', () => {
    it('answers a DNS query for the tenant name with the CNAME just applied, and reports it', async () => {
      const pdns = await startPowerDns({ zones: [ZONE] });
      try {
        const provider = createPowerDnsProvider({ zone: ZONE, apiUrl: pdns.apiUrl, apiKey: pdns.apiKey, nameserver: pdns.nameserver });
        const h = dnsHarness(provider);
        const before = await queryServer(pdns.nameserver, 'acme-training.tenants.example.com', 'CNAME');
        expect(before).toMatchObject({ reachable: true, answer: [], error: 'ENOTFOUND' });

        const result = await h.apply([tenantConfig('acme-training')]);
        expect(result.tenants[0].verified).toEqual(['dns/ownership', 'dns/record']);
        const after = await queryServer(pdns.nameserver, 'acme-training.tenants.example.com', 'CNAME');
        expect(after).toEqual({ reachable: true, answer: ['app.example.com'] });
        // Verifications run in parallel: compare them in name order.
        expect(h.service.verifications.map((v) => [v.fqdn, v.type, v.server, v.answer]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
          ['_tenantops.acme-training.tenants.example.com', 'TXT', pdns.nameserver, ['heritage=tenantops,platform=tenantops-test,tenant=acme-training']],
          ['acme-training.tenants.example.com', 'CNAME', pdns.nameserver, ['app.example.com']],
        ]);
        expect(h.log.lines).toContain(`info: acme-training: acme-training.tenants.example.com CNAME → app.example.com (answered by ${pdns.nameserver})`);
        expect(changesOf(await h.plan([tenantConfig('acme-training')]), 'acme-training')).toEqual([]);
      } finally {
        await pdns.stop();
      }
    });
  });
}

/** Someone else's change, straight through PowerDNS's API. */
async function patchDirect(pdns: PowerDnsServer, set: RecordSetState): Promise<void> {
  const name = `${set.name}.${ZONE}.`;
  const content = (v: string) => (set.type === 'TXT' ? `"${v}"` : set.type === 'CNAME' ? `${v}.` : v);
  const res = await call(`${pdns.apiUrl}/api/v1/servers/localhost/zones/${ZONE}.`, 'PATCH', {
    headers: { 'x-api-key': pdns.apiKey },
    body: { rrsets: [{ name, type: set.type, ttl: set.ttl, changetype: 'REPLACE', records: set.values.map((v) => ({ content: content(v), disabled: false })) }] },
  });
  if (res.status !== 204) throw new Error(`seeding ${name} failed: ${res.status} ${res.text}`);
}
