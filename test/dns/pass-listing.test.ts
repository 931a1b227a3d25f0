// One zone listing per read pass: a plan of many tenants lists the zone once, however its reads
// interleave, finds exactly the tenant whose record was edited, and the next pass (the re-read
// under a tenant's lock at apply included) lists again rather than trusting the earlier listing.
import { describe, expect, it } from 'vitest';
import { createGodaddyProvider } from '../../src/dns/index.ts';
import { createVirtualClock, startGodaddy } from '@tenantops/emulators';
import { testTls } from '@tenantops/emulators/testing';
import { dnsHarness, tenantConfig, ZONE } from '../support/dns.ts';

const KEY = 'synthetic-godaddy-key';
const SECRET = 'synthetic-godaddy-secret';
const TENANTS = Array.from({ length: 24 }, (_, i) => tenantConfig(`pass-${String(i).padStart(2, '0')}`));
const EDITED = TENANTS[7].code;

describe('DNS reads in a read pass', () => {
  it('list the zone once per pass and find exactly the edited record', async () => {
    const clock = createVirtualClock();
    const emulator = await startGodaddy({ tls: testTls(), clock, credentials: [{ key: KEY, secret: SECRET }], domains: { 'example.com': {} } });
    try {
      const provider = createGodaddyProvider({ zone: ZONE, baseUrl: emulator.url, key: KEY, secret: SECRET, ca: testTls().caPem, now: clock.now, sleep: clock.sleep });
      const h = dnsHarness(provider, { sleep: clock.sleep });
      await h.apply(TENANTS);
      const listings = () => emulator.requests().filter((r) => r.route === 'records.list').length;

      let before = listings();
      expect((await h.plan(TENANTS)).tenants.every((t) => t.changes.length === 0)).toBe(true);
      expect(listings() - before).toBe(1);

      clock.advance(60_000);
      emulator.putRecords('example.com', [{ type: 'CNAME', name: `${EDITED}.tenants`, data: 'elsewhere.example.net', ttl: 600 }]);
      before = listings();
      const plan = await h.plan(TENANTS);
      expect(listings() - before).toBe(1);
      expect(plan.tenants.filter((t) => t.changes.length).map((t) => t.tenant)).toEqual([EDITED]);
    } finally {
      await emulator.stop();
    }
  });
});
