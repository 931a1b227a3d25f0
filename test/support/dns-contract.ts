// The one provider contract every DNS implementation passes, against a real service or an
// emulation of one: create, re-run with zero writes, change the target, refuse a foreign record
// (and take it over only when the tenant file says so), delete only its own records and only
// when forced, and ride out throttling. Each `it` builds on the state the previous one left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsProvider, RecordSetState } from '../../src/dns/index.ts';
import { UnsafePlanError } from '../../src/errors/index.ts';
import { changesOf, dnsHarness, platformConfig, tenantConfig, type DnsHarness } from './dns.ts';

export interface ContractTarget {
  provider: DnsProvider;
  sleep?: (ms: number) => Promise<void>;
  /** Writes a record set straight into the service, as someone else (or another tool) would. */
  seed(set: RecordSetState): Promise<void>;
  /**
   * Makes the service refuse the next writes the way it throttles (429, and 409 where it has an
   * edit lock); returns the statuses the service answered, to check the client waited and retried.
   */
  throttle(): Promise<() => number[]>;
  /** Statuses `throttle` makes the service answer; the contract checks each was seen and overcome. */
  throttleStatuses: number[];
  stop(): Promise<void>;
}

const OWNER = (tenant: string) => `heritage=tenantops,platform=tenantops-test,tenant=${tenant}`;

export function describeDnsContract(name: string, setup: () => Promise<ContractTarget | undefined>): void {
  describe(`${name}: the DNS provider contract`, () => {
    let t: ContractTarget;
    let h: DnsHarness;
    const acme = tenantConfig('acme');

    beforeAll(async () => {
      const target = await setup();
      if (!target) return;
      t = target;
      h = dnsHarness(t.provider, { sleep: t.sleep });
    });
    afterAll(async () => t?.stop());

    it('creates the tenant record and its ownership TXT, the TXT first, and verifies them', async () => {
      const plan = await h.plan([acme]);
      expect(changesOf(plan, 'acme')).toEqual([
        ['dns/ownership', 'create'],
        ['dns/record', 'create'],
      ]);
      const result = await h.apply([acme]);
      expect(result.tenants[0]).toMatchObject({ applied: ['dns/ownership', 'dns/record'], failed: [], verified: ['dns/ownership', 'dns/record'] });
      expect(await t.provider.readRecordSet('acme', 'CNAME')).toEqual({ name: 'acme', type: 'CNAME', ttl: 600, values: ['app.example.com'] });
      expect(await t.provider.readRecordSet('_tenantops.acme', 'TXT')).toEqual({ name: '_tenantops.acme', type: 'TXT', ttl: 600, values: [OWNER('acme')] });
    });

    it('plans nothing and makes no write call when run again', async () => {
      const before = t.provider.counts.writes;
      expect(changesOf(await h.plan([acme]), 'acme')).toEqual([]);
      const result = await h.apply([acme]);
      expect(result.tenants[0].applied).toEqual([]);
      expect(t.provider.counts.writes).toBe(before);
    });

    it('changes the target in place, the ownership record untouched', async () => {
      const moved = platformConfig({ target: 'app2.example.com.' });
      const plan = await h.plan([acme], moved);
      expect(changesOf(plan, 'acme')).toEqual([['dns/record', 'update']]);
      expect(plan.tenants[0].changes[0].fields).toEqual([{ path: 'values', before: ['app.example.com'], after: ['app2.example.com'] }]);
      await h.apply([acme], { platform: moved });
      expect((await t.provider.readRecordSet('acme', 'CNAME'))?.values).toEqual(['app2.example.com']);
      expect(changesOf(await h.plan([acme], moved), 'acme')).toEqual([]);
    });

    it('refuses a record set it cannot prove it owns, showing it, and takes it over only when the tenant file says so', async () => {
      await t.seed({ name: 'intruder', type: 'CNAME', ttl: 3600, values: ['elsewhere.example.net'] });
      const intruder = tenantConfig('intruder');
      const refusal = await h.plan([intruder]).then(() => undefined, (err: unknown) => err);
      expect(refusal).toBeInstanceOf(UnsafePlanError);
      expect((refusal as Error).message).toContain('intruder.tenants.example.com already exists and tenantops cannot prove it owns it');
      expect((refusal as Error).message).toContain('CNAME 3600 elsewhere.example.net');
      expect((refusal as Error).message).toContain('dns.takeover: true in tenants/intruder.yaml');

      const adopting = tenantConfig('intruder', { dns: { takeover: true } });
      const plan = await h.plan([adopting]);
      expect(changesOf(plan, 'intruder')).toEqual([
        ['dns/ownership', 'create'],
        ['dns/record', 'update'],
      ]);
      expect(plan.tenants[0].changes[1].summary).toContain('take over CNAME intruder.tenants.example.com');
      await h.apply([adopting]);
      expect((await t.provider.readRecordSet('intruder', 'CNAME'))?.values).toEqual(['app.example.com']);
      expect(changesOf(await h.plan([intruder]), 'intruder')).toEqual([]);
    });

    it('refuses an ownership record that names another platform', async () => {
      await t.seed({ name: '_tenantops.shared', type: 'TXT', ttl: 600, values: ['heritage=tenantops,platform=someone-else,tenant=shared'] });
      const err = await h.plan([tenantConfig('shared')]).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(UnsafePlanError);
      expect((err as Error).message).toContain('platform=someone-else');
    });

    it('deletes only its own records, only when decommissioned and forced', async () => {
      await t.seed({ name: 'www', type: 'CNAME', ttl: 3600, values: ['web.example.net'] });
      const gone = tenantConfig('acme', { lifecycle: 'decommissioned' });
      const plan = await h.plan([gone]);
      expect(changesOf(plan, 'acme')).toEqual([
        ['dns/record', 'delete'],
        ['dns/ownership', 'delete'],
      ]);
      expect(plan.tenants[0].unsafe.map((u) => u.key)).toEqual(['dns/record', 'dns/ownership']);
      await expect(h.apply([gone])).rejects.toBeInstanceOf(UnsafePlanError);
      expect(await t.provider.readRecordSet('acme', 'CNAME')).toBeDefined();

      await h.apply([gone], { force: true });
      expect(await t.provider.readRecordSet('acme', 'CNAME')).toBeUndefined();
      expect(await t.provider.readRecordSet('_tenantops.acme', 'TXT')).toBeUndefined();
      expect((await t.provider.readRecordSet('www', 'CNAME'))?.values).toEqual(['web.example.net']);
      // A decommissioned tenant whose name somebody else now uses leaves it alone.
      await t.seed({ name: 'acme', type: 'CNAME', ttl: 3600, values: ['reused.example.net'] });
      expect(changesOf(await h.plan([gone]), 'acme')).toEqual([]);
    });

    it('waits out throttling and edit conflicts and still converges', async () => {
      const seen = await t.throttle();
      const late = tenantConfig('late-comer');
      const result = await h.apply([late]);
      expect(result.tenants[0].applied).toEqual(['dns/ownership', 'dns/record']);
      const statuses = seen();
      for (const status of t.throttleStatuses) expect(statuses).toContain(status);
      expect((await t.provider.readRecordSet('late-comer', 'CNAME'))?.values).toEqual(['app.example.com']);
    });
  });
}
