// The records a tenant is reached by: its subdomain pointing at the platform's app host, and the
// TXT record that proves tenantops owns it (in the spirit of external-dns's registry). A
// decommissioned tenant desires neither, so both are planned for deletion (behind the gate).
import type { PlatformConfig, TenantConfig } from '../config/index.ts';
import { ownershipRecordName } from '../naming/index.ts';
import type { Resource } from '../plan/index.ts';
import { normalizeSet, normalizeZone } from './normalize.ts';
import { ownershipValue } from './ownership.ts';
import { createDnsResource, type DnsServiceLookup } from './resources.ts';
import type { RecordSetState } from './types.ts';

export type { RecordSetState } from './types.ts';
export { ownershipValue } from './ownership.ts';

export function desiredDnsResources(tenant: TenantConfig, platform: PlatformConfig, lookup?: DnsServiceLookup): Resource[] {
  const gone = tenant.lifecycle === 'decommissioned';
  const { dns } = platform;
  const zone = normalizeZone(dns.zone);
  const name = tenant.subdomain.toLowerCase();
  const ownershipName = ownershipRecordName(name);
  const common = { tenant: tenant.code, tenantFile: `tenants/${tenant.code}.yaml`, zone, ownershipName, takeover: tenant.dns?.takeover ?? false };
  const desired = (set: RecordSetState) => (gone ? undefined : normalizeSet(set));
  const ownership = createDnsResource(
    { ...common, key: 'dns/ownership', kind: 'dns.ownership', name: ownershipName, type: 'TXT', dependsOn: [], desired: desired({ name: ownershipName, type: 'TXT', ttl: dns.ttl, values: [ownershipValue(platform, tenant)] }) },
    lookup,
  );
  const record = createDnsResource(
    {
      ...common,
      key: 'dns/record',
      kind: 'dns.record',
      name,
      type: dns.recordType,
      // The ownership record goes first, so a crash never leaves a record nobody can prove is ours.
      dependsOn: ['dns/ownership'],
      desired: desired({ name, type: dns.recordType, ttl: dns.ttl, values: [dns.target] }),
    },
    lookup,
  );
  return [ownership, record] as Resource[];
}
