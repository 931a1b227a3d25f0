// The DNS logic that needs no particular provider: canonical forms (so an unchanged tenant plans
// to nothing), the ownership rules of the plan, the zone-wide safety threshold (run against the
// GoDaddy emulator), the settings from platform.yaml, and the job summary.
import { describe, expect, it } from 'vitest';
import {
  countOwnedSets, createDnsResource, createGodaddyProvider, createPlatformDnsProvider, desiredDnsResources, normalizeSet, parseOwnership, parseTxt, planChange,
  quoteTxt, renderDnsSummary, sameRecordSet, tenantRecordNames, type DnsActual, type DnsResourceSpec,
} from '../../src/dns/index.ts';
import { EnvironmentError, UnsafePlanError } from '../../src/errors/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { buildPlan } from '../../src/plan/index.ts';
import { createVirtualClock, startGodaddy } from '@tenantops/emulators';
import { testTls } from '@tenantops/emulators/testing';
import { changesOf, dnsContext, dnsHarness, platformConfig, tenantConfig, ZONE } from '../support/dns.ts';

describe('canonical record sets', () => {
  it.each([
    ['trailing dot and case', { name: 'Acme', type: 'cname', ttl: 600, values: ['App.Example.COM.'] }, { name: 'acme', type: 'CNAME', ttl: 600, values: ['app.example.com'] }],
    ['value order and duplicates', { name: 'a', type: 'A', ttl: 600, values: ['192.0.2.2', '192.0.2.1', '192.0.2.2'] }, { name: 'a', type: 'A', ttl: 600, values: ['192.0.2.1', '192.0.2.2'] }],
    ['IPv6 in RFC 5952 form', { name: 'a', type: 'AAAA', ttl: 600, values: ['2001:DB8:0:0:0:0:0:1'] }, { name: 'a', type: 'AAAA', ttl: 600, values: ['2001:db8::1'] }],
    ['quoted TXT chunks', { name: 't', type: 'TXT', ttl: 600, values: ['"heritage=tenantops," "platform=p"'] }, { name: 't', type: 'TXT', ttl: 600, values: ['heritage=tenantops,platform=p'] }],
  ])('%s', (_, input, expected) => {
    expect(normalizeSet(input)).toEqual(expected);
  });

  it('raises a TTL to the provider floor, so GoDaddy at 600 s does not plan forever', () => {
    expect(normalizeSet({ name: 'a', type: 'CNAME', ttl: 300, values: ['x'] }, 600).ttl).toBe(600);
    expect(sameRecordSet({ name: 'a', type: 'CNAME', ttl: 600, values: ['x.'] }, { name: 'A', type: 'CNAME', ttl: 600, values: ['X'] })).toBe(true);
  });

  it('quotes TXT the way PowerDNS and Cloudflare take it, and reads it back unchanged', () => {
    const long = 'v'.repeat(300) + '"\\';
    expect(quoteTxt('a "b"')).toBe('"a \\"b\\""');
    expect(parseTxt(quoteTxt(long))).toBe(long);
    expect(quoteTxt(long).split('" "')).toHaveLength(2);
  });

  it('reads ownership values and counts the sets a platform provably owns', () => {
    expect(parseOwnership('heritage=tenantops,platform=p,tenant=acme')).toEqual({ heritage: 'tenantops', platform: 'p', tenant: 'acme' });
    expect(parseOwnership('heritage=external-dns,external-dns/owner=default')).toBeUndefined();
    const sets = [
      { name: '_tenantops.a', type: 'TXT', ttl: 600, values: ['heritage=tenantops,platform=p,tenant=a'] },
      { name: 'a', type: 'CNAME', ttl: 600, values: ['app.example.com'] },
      { name: '_tenantops.b', type: 'TXT', ttl: 600, values: ['heritage=tenantops,platform=other,tenant=b'] },
      { name: 'b', type: 'CNAME', ttl: 600, values: ['app.example.com'] },
      { name: 'www', type: 'CNAME', ttl: 600, values: ['web.example.net'] },
    ];
    expect(countOwnedSets(sets, 'p', ['CNAME'])).toBe(2);
  });
});

describe('ownership rules of the plan', () => {
  const spec: DnsResourceSpec = {
    key: 'dns/record', kind: 'dns.record', tenant: 'acme', tenantFile: 'tenants/acme.yaml', zone: ZONE, name: 'acme', type: 'CNAME',
    desired: { name: 'acme', type: 'CNAME', ttl: 600, values: ['app.example.com'] }, ownershipName: '_tenantops.acme', takeover: false, dependsOn: [],
    threshold: { maxShare: 0.3, minRecords: 10 },
  };
  const actual = (over: Partial<DnsActual>): DnsActual => ({ owner: 'none', blocking: [], minTtl: 0, ownedInZone: 0, ...over });
  const cname = (target: string, ttl = 600) => ({ name: 'acme', type: 'CNAME', ttl, values: [target] });

  it.each([
    ['nothing there: create', actual({}), 'create'],
    ['ours and equal: nothing', actual({ owner: 'this-tenant', set: cname('app.example.com') }), undefined],
    ['ours, other target: update', actual({ owner: 'this-tenant', set: cname('old.example.com') }), 'update'],
    ['ours, only the TTL: update', actual({ owner: 'this-tenant', set: cname('app.example.com', 3600) }), 'update'],
  ])('%s', (_, a, action) => {
    expect(planChange(spec, spec.desired, a)?.action).toBe(action);
  });

  it.each([
    ['a CNAME nobody claims', actual({ set: cname('x.example.net') }), 'there is no ownership record _tenantops.acme.tenants.example.com'],
    ['a CNAME another tenant claims', actual({ owner: 'other', ownerValues: ['heritage=tenantops,platform=tenantops-test,tenant=beta'], set: cname('app.example.com') }), 'names someone else (heritage=tenantops,platform=tenantops-test,tenant=beta)'],
    ['an A record where the CNAME would go', actual({ blocking: [{ name: 'acme', type: 'A', ttl: 300, values: ['192.0.2.7'] }] }), 'Existing: A 300 192.0.2.7'],
  ])('refuses %s, showing it', (_, a, message) => {
    expect(() => planChange(spec, spec.desired, a)).toThrow(UnsafePlanError);
    expect(() => planChange(spec, spec.desired, a)).toThrow(message);
  });

  it('takes over only with dns.takeover, and replaces what blocks the name', () => {
    const change = planChange({ ...spec, takeover: true }, spec.desired, actual({ blocking: [{ name: 'acme', type: 'A', ttl: 300, values: ['192.0.2.7'] }] }));
    expect(change).toMatchObject({ action: 'update', summary: 'take over CNAME acme.tenants.example.com → app.example.com (was A 300 192.0.2.7)' });
  });

  it('deletes on decommission only what it owns, as a destructive change', () => {
    expect(planChange(spec, undefined, actual({ set: cname('app.example.com') }))).toBeUndefined();
    expect(planChange(spec, undefined, actual({ owner: 'this-tenant', set: cname('app.example.com') }))).toMatchObject({
      action: 'delete', destroysData: true, reason: 'removes acme.tenants.example.com from public DNS (the tenant is decommissioned)',
    });
  });

  it('diffs as a pure function of desired and actual, declaring owned changes towards the zone threshold', () => {
    const resource = createDnsResource(spec, () => {
      throw new Error('diff must not reach a service');
    });
    const owned = actual({ owner: 'this-tenant', set: cname('old.example.com'), ownedInZone: 12 });
    const change = resource.diff(spec.desired, owned);
    expect(change).toEqual(resource.diff(spec.desired, owned));
    expect(change?.safetyGroup).toEqual({
      id: `dns zone ${ZONE}`, title: `zone-wide DNS safety threshold of ${ZONE}`, noun: 'tenantops-owned record sets', existing: 12, maxShare: 0.3, minExisting: 10,
    });
    // Creates and takeovers touch nothing tenantops owns: they do not count.
    expect(resource.diff(spec.desired, actual({ ownedInZone: 12 }))?.safetyGroup).toBeUndefined();
    expect(createDnsResource({ ...spec, takeover: true }).diff(spec.desired, actual({ set: cname('x.example.net'), ownedInZone: 12 }))?.safetyGroup).toBeUndefined();
  });

  it('names the records after the host name naming derived, lower-cased there once', () => {
    const ctx = dnsContext(tenantConfig('acme', { subdomain: 'Acme-Training' }));
    expect(ctx.hostname).toBe('acme-training.tenants.example.com');
    expect(tenantRecordNames(ctx)).toEqual({ zone: ZONE, name: 'acme-training', ownershipName: '_tenantops.acme-training' });
    expect(desiredDnsResources(ctx).map((r) => (r.desired as { name: string }).name)).toEqual(['_tenantops.acme-training', 'acme-training']);
  });

  it('plans offline against an empty world without any service', async () => {
    const plan = await buildPlan({ tenants: [{ tenant: 'acme', resources: desiredDnsResources(dnsContext(tenantConfig('acme'))) }], offline: true });
    expect(plan.tenants[0].changes.map((c) => c.summary)).toEqual([
      'create TXT _tenantops.acme.tenants.example.com → heritage=tenantops,platform=tenantops-test,tenant=acme',
      'create CNAME acme.tenants.example.com → app.example.com',
    ]);
  });
});

describe('the zone-wide safety threshold (octoDNS-style, over tenantops-owned sets)', () => {
  /** A zone holding `owned` tenants, each with its TXT and CNAME: 2 owned sets per tenant. */
  async function zoneWith(owned: number) {
    const clock = createVirtualClock();
    const emulator = await startGodaddy({ tls: testTls(), clock, credentials: [{ key: 'k', secret: 's' }], domains: { 'example.com': {} } });
    const tenants = Array.from({ length: owned }, (_, i) => tenantConfig(`tenant-${String(i).padStart(2, '0')}`));
    for (const t of tenants) {
      emulator.putRecords('example.com', [
        { type: 'TXT', name: `_tenantops.${t.code}.tenants`, data: `heritage=tenantops,platform=tenantops-test,tenant=${t.code}`, ttl: 600 },
        { type: 'CNAME', name: `${t.code}.tenants`, data: 'app.example.com', ttl: 600 },
      ]);
    }
    const provider = createGodaddyProvider({ zone: ZONE, baseUrl: emulator.url, key: 'k', secret: 's', ca: testTls().caPem, now: clock.now, sleep: clock.sleep });
    return { emulator, tenants, h: dnsHarness(provider, { sleep: clock.sleep }) };
  }
  const moved = platformConfig({ target: 'new-app.example.com' });

  it.each([
    // tenants in the zone, tenants whose target changes in this run, refused?
    [4, 4, false], // 8 owned sets: below the 10 the threshold starts at
    [5, 3, false], // 3 of 10 = 30%: at the limit, not over it
    [5, 4, true], // 4 of 10 = 40%
    [20, 12, false], // 12 of 40 = 30%
    [20, 13, true], // 13 of 40 = 32.5%
  ])('%i tenants, %i retargeted in one run: refused %s', async (inZone, changed, refused) => {
    const { emulator, tenants, h } = await zoneWith(inZone);
    try {
      const run = tenants.slice(0, changed);
      const plan = await h.plan(run, moved);
      const unsafe = plan.tenants.flatMap((t) => t.unsafe.map((u) => u.message));
      if (refused) {
        expect(unsafe).toHaveLength(changed);
        expect(unsafe[0]).toContain(`zone-wide DNS safety threshold of ${ZONE}: ${changed} of ${inZone * 2} tenantops-owned record sets would be changed`);
        await expect(h.apply(run, { platform: moved })).rejects.toBeInstanceOf(UnsafePlanError);
        const result = await h.apply(run, { platform: moved, force: true });
        expect(result.tenants.every((t) => t.applied.includes('dns/record'))).toBe(true);
      } else {
        expect(unsafe).toEqual([]);
      }
    } finally {
      await emulator.stop();
    }
  });

  it('counts deletes of decommissioned tenants the same way', async () => {
    const { emulator, tenants, h } = await zoneWith(10);
    try {
      const gone = tenants.slice(0, 4).map((t) => ({ ...t, lifecycle: 'decommissioned' as const }));
      const plan = await h.plan(gone);
      expect(changesOf(plan, gone[0].code)).toEqual([
        ['dns/record', 'delete'],
        ['dns/ownership', 'delete'],
      ]);
      const over = `zone-wide DNS safety threshold of ${ZONE}: 8 of 20 tenantops-owned record sets would be deleted (40%, 30% allowed); re-run with --force to allow it`;
      expect(plan.tenants[0].unsafe).toEqual([
        { key: 'dns/record', message: `tenant tenant-00: dns/record: delete destroys data: removes tenant-00.${ZONE} from public DNS (the tenant is decommissioned); re-run with --force to allow it` },
        { key: 'dns/ownership', message: `tenant tenant-00: dns/ownership: delete destroys data: removes _tenantops.tenant-00.${ZONE} from public DNS (the tenant is decommissioned); re-run with --force to allow it` },
        { key: 'dns/record', message: `tenant tenant-00: dns/record: delete: ${over}` },
        { key: 'dns/ownership', message: `tenant tenant-00: dns/ownership: delete: ${over}` },
      ]);
    } finally {
      await emulator.stop();
    }
  });

  it('takes its figures from platform.yaml dns.changeThreshold, and leaves the plan hash to the changes', async () => {
    const { emulator, tenants, h } = await zoneWith(5);
    try {
      const run = tenants.slice(0, 4);
      const strict = await h.plan(run, moved);
      expect(strict.tenants.flatMap((t) => t.unsafe)).toHaveLength(4);
      const lenient = await h.plan(run, platformConfig({ target: 'new-app.example.com', changeThreshold: { maxShare: 0.5, minRecords: 10 } }));
      expect(lenient.tenants.flatMap((t) => t.unsafe)).toEqual([]);
      const small = await h.plan(run, platformConfig({ target: 'new-app.example.com', changeThreshold: { maxShare: 0.3, minRecords: 11 } }));
      expect(small.tenants.flatMap((t) => t.unsafe)).toEqual([]);
      expect(lenient.hash).toBe(strict.hash);
    } finally {
      await emulator.stop();
    }
  });
});

describe('verification by query', () => {
  it('reports an unreachable authoritative server and relies on the API read-back instead of failing', async () => {
    const clock = createVirtualClock();
    const emulator = await startGodaddy({ tls: testTls(), clock, credentials: [{ key: 'k', secret: 's' }], domains: { 'example.com': {} } });
    try {
      const api = createGodaddyProvider({ zone: ZONE, baseUrl: emulator.url, key: 'k', secret: 's', ca: testTls().caPem, now: clock.now, sleep: clock.sleep });
      // The same client, told of an authoritative server on a loopback port nobody listens on.
      const provider = Object.assign(Object.create(api) as typeof api, { nameserver: '127.0.0.1:9' });
      const h = dnsHarness(provider, { sleep: clock.sleep });
      const result = await h.apply([tenantConfig('acme')]);
      expect(result.tenants[0].verified).toEqual(['dns/ownership', 'dns/record']);
      expect(h.service.verifications[1]).toMatchObject({ fqdn: 'acme.tenants.example.com', server: '127.0.0.1:9', readBack: ['app.example.com'] });
      expect(h.service.verifications[1].note).toMatch(/^authoritative server not reachable \((ECONNREFUSED|ETIMEOUT)\); checked through the API$/);
      expect(h.log.lines.filter((l) => l.startsWith('warn:'))).toHaveLength(2);
    } finally {
      await emulator.stop();
    }
  });
});

describe('settings from platform.yaml', () => {
  it('reads credentials from the variables platform.yaml names, and masks them', () => {
    const log = createMemoryLogger();
    const platform = platformConfig({ credentials: { apiKeySecret: 'GD_KEY', apiSecretSecret: 'GD_SECRET' } });
    const provider = createPlatformDnsProvider({ platform, env: { GD_KEY: 'synthetic-key-value', GD_SECRET: 'synthetic-secret-value' }, log });
    expect(provider.name).toBe('godaddy');
    log.info('key synthetic-key-value secret synthetic-secret-value');
    expect(log.lines).toEqual(['info: key *** secret ***']);
  });

  it('names the missing variable, never a value', () => {
    const platform = platformConfig({ credentials: { apiKeySecret: 'GD_KEY', apiSecretSecret: 'GD_SECRET' } });
    expect(() => createPlatformDnsProvider({ platform, env: { GD_KEY: 'k' }, log: createMemoryLogger() })).toThrow(EnvironmentError);
    expect(() => createPlatformDnsProvider({ platform, env: { GD_KEY: 'k' }, log: createMemoryLogger() })).toThrow(/GD_SECRET/);
  });

  it('asks for PowerDNS’s API address through a named variable', () => {
    const platform = platformConfig({ provider: 'powerdns', credentials: { apiKeySecret: 'PDNS_KEY' } });
    expect(() => createPlatformDnsProvider({ platform, env: { PDNS_KEY: 'k' }, log: createMemoryLogger() })).toThrow('dns.credentials.apiUrlSecret is not set in platform.yaml');
    const ok = createPlatformDnsProvider({ platform: platformConfig({ provider: 'powerdns', credentials: { apiKeySecret: 'PDNS_KEY', apiUrlSecret: 'PDNS_URL' } }), env: { PDNS_KEY: 'k', PDNS_URL: 'http://pdns.internal:8081' }, log: createMemoryLogger() });
    expect(ok.nameserver).toBe('pdns.internal:53');
  });
});

describe('the dns job summary', () => {
  it('shows the records before and after, and what the authoritative server answered', () => {
    const md = renderDnsSummary({
      tenant: 'acme', mode: 'apply', provider: 'powerdns', planHash: 'a'.repeat(64), changes: ['create CNAME acme.tenants.example.com → app.example.com'],
      before: [{ fqdn: 'acme.tenants.example.com', type: 'CNAME' }],
      after: [{ fqdn: 'acme.tenants.example.com', type: 'CNAME', set: { name: 'acme', type: 'CNAME', ttl: 600, values: ['app.example.com'] } }],
      verifications: [{ tenant: 'acme', fqdn: 'acme.tenants.example.com', type: 'CNAME', expected: ['app.example.com'], readBack: ['app.example.com'], server: '127.0.0.1:5300', answer: ['app.example.com'] }],
    });
    expect(md).toBe(
      [
        '### DNS for acme (powerdns, apply)',
        '',
        'Plan `aaaaaaaaaaaa`: 1 change(s)',
        '- create CNAME acme.tenants.example.com → app.example.com',
        '',
        '| record | type | before | after |',
        '|---|---|---|---|',
        '| `acme.tenants.example.com` | CNAME | _absent_ | `CNAME 600 app.example.com` |',
        '',
        '**Verification**',
        '',
        '- `acme.tenants.example.com` CNAME: 127.0.0.1:5300 answers app.example.com',
        '',
      ].join('\n'),
    );
  });
});
