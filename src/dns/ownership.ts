// Ownership records, in the spirit of external-dns's TXT registry: next to each tenant name
// `<sub>` tenantops keeps `_tenantops.<sub>` TXT "heritage=tenantops,platform=<owner>,tenant=<code>".
// A record set counts as tenantops' only when that record names this platform; anything else in
// the zone belongs to someone else and is never created over, changed or deleted.
import type { PlatformConfig, TenantConfig } from '../config/index.ts';
import type { RecordSetState } from './types.ts';

export const HERITAGE = 'tenantops';

export interface OwnershipClaim {
  heritage: string;
  platform: string;
  tenant: string;
}

export function ownerIdOf(platform: PlatformConfig): string {
  return platform.dns.ownerId ?? platform.name;
}

export function ownershipValue(platform: PlatformConfig, tenant: TenantConfig): string {
  return formatOwnership({ heritage: HERITAGE, platform: ownerIdOf(platform), tenant: tenant.code });
}

export function formatOwnership(claim: OwnershipClaim): string {
  return `heritage=${claim.heritage},platform=${claim.platform},tenant=${claim.tenant}`;
}

/** The claim in a TXT value, or undefined when the value is not one of ours. */
export function parseOwnership(value: string): OwnershipClaim | undefined {
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const heritage = fields.get('heritage');
  const platform = fields.get('platform');
  const tenant = fields.get('tenant');
  if (heritage !== HERITAGE || !platform || !tenant) return undefined;
  return { heritage, platform, tenant };
}

/** The tenant of this platform an ownership TXT set names, if any. */
export function claimedTenant(set: RecordSetState | undefined, ownerId: string): string | undefined {
  for (const v of set?.values ?? []) {
    const claim = parseOwnership(v);
    if (claim && claim.platform === ownerId) return claim.tenant;
  }
  return undefined;
}

/**
 * How many record sets of the zone this platform provably owns: each ownership TXT that names it,
 * plus the sets of the managed types at the name it covers. The base of the safety threshold.
 */
export function countOwnedSets(sets: readonly RecordSetState[], ownerId: string, managedTypes: readonly string[]): number {
  const byName = new Map<string, RecordSetState[]>();
  for (const s of sets) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  let owned = 0;
  for (const s of sets) {
    if (s.type !== 'TXT' || !s.name.startsWith('_tenantops.')) continue;
    if (claimedTenant(s, ownerId) === undefined) continue;
    owned += 1;
    const name = s.name.slice('_tenantops.'.length);
    owned += (byName.get(name) ?? []).filter((r) => managedTypes.includes(r.type)).length;
  }
  return owned;
}
