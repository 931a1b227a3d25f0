// The records a tenant is reached by: its subdomain pointing at the platform's app host, and the
// TXT record that proves tenantops owns it (in the spirit of external-dns's registry).
import type { PlatformConfig, TenantConfig } from '../config/index.ts';
import { ownershipRecordName } from '../naming/index.ts';
import { declareResource, type Resource } from '../plan/index.ts';

export interface RecordSetState {
  name: string;
  type: string;
  ttl: number;
  values: string[];
}

export function ownershipValue(platform: PlatformConfig, tenant: TenantConfig): string {
  return `heritage=tenantops,platform=${platform.dns.ownerId ?? platform.name},tenant=${tenant.code}`;
}

export function desiredDnsResources(tenant: TenantConfig, platform: PlatformConfig): Resource[] {
  const gone = tenant.lifecycle === 'decommissioned';
  const { dns } = platform;
  const record = declareResource<RecordSetState>({
    key: 'dns/record',
    kind: 'dns.record',
    // The ownership record goes first, so a crash never leaves a record nobody can prove is ours.
    dependsOn: ['dns/ownership'],
    desired: gone ? undefined : { name: tenant.subdomain, type: dns.recordType, ttl: dns.ttl, values: [dns.target.replace(/\.$/, '').toLowerCase()] },
  });
  const ownership = declareResource<RecordSetState>({
    key: 'dns/ownership',
    kind: 'dns.ownership',
    desired: gone ? undefined : { name: ownershipRecordName(tenant.subdomain), type: 'TXT', ttl: dns.ttl, values: [ownershipValue(platform, tenant)] },
  });
  return [ownership, record];
}
