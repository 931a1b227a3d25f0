// The records a tenant is reached by: its host name pointing at the platform's app host, and the
// TXT record that proves tenantops owns it (in the spirit of external-dns's registry). A
// decommissioned tenant desires neither, so both are planned for deletion (behind the gate). A
// suspended tenant's record points at the platform's maintenance target (unless suspend.dns is
// keep), an ordinary update that resuming undoes.
import type { PlatformConfig, TenantConfig, TenantContext } from '../config/index.ts';
import type { Resource } from '../plan/index.ts';
import { tenantRecordNames } from './names.ts';
import { normalizeSet } from './normalize.ts';
import { ownershipValue } from './ownership.ts';
import { createDnsResource } from './resources.ts';
import type { RecordSetState } from './types.ts';

export function desiredDnsResources(tenant: TenantContext): Resource[] {
  const { config, platform } = tenant;
  const { dns } = platform;
  const { zone, name, ownershipName } = tenantRecordNames(tenant);
  const gone = config.lifecycle === 'decommissioned';
  const common = {
    tenant: config.code,
    tenantFile: `tenants/${config.code}.yaml`,
    zone,
    ownershipName,
    takeover: config.dns?.takeover ?? false,
    threshold: dns.changeThreshold,
  };
  const desired = (set: RecordSetState) => (gone ? undefined : normalizeSet(set));
  const ownership = createDnsResource({
    ...common,
    key: 'dns/ownership',
    kind: 'dns.ownership',
    name: ownershipName,
    type: 'TXT',
    dependsOn: [],
    desired: desired({ name: ownershipName, type: 'TXT', ttl: dns.ttl, values: [ownershipValue(platform, config)] }),
  });
  const record = createDnsResource({
    ...common,
    key: 'dns/record',
    kind: 'dns.record',
    name,
    type: dns.recordType,
    // The ownership record goes first, so a crash never leaves a record nobody can prove is ours.
    dependsOn: ['dns/ownership'],
    desired: desired({ name, type: dns.recordType, ttl: dns.ttl, values: [recordTarget(config, platform)] }),
  });
  return [ownership, record] as Resource[];
}

/**
 * Where a suspended tenant's record points: dns.maintenanceTarget unless suspend.dns is keep
 * (the platform rules refuse maintenance without a target); undefined keeps dns.target.
 */
export function suspendDnsTarget(platform: PlatformConfig): string | undefined {
  return platform.suspend?.dns === 'keep' ? undefined : platform.dns.maintenanceTarget;
}

/** What the tenant's record points at in its lifecycle. */
export function recordTarget(config: Pick<TenantConfig, 'lifecycle'>, platform: PlatformConfig): string {
  return (config.lifecycle === 'suspended' && suspendDnsTarget(platform)) || platform.dns.target;
}
