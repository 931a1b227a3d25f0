// The names a tenant's two record sets stand under, relative to the platform zone. They come from
// the host name naming derived (and lower-cased) once per run, never from the subdomain again.
import type { TenantContext } from '../config/index.ts';
import { InternalError } from '../errors/index.ts';
import { ownershipRecordName } from '../naming/index.ts';
import { normalizeZone } from './normalize.ts';

export interface TenantRecordNames {
  /** The platform zone, as the providers and plans write it. */
  zone: string;
  /** `acme` for `acme.tenants.example.com`. */
  name: string;
  /** `_tenantops.acme`: the TXT that proves the name is the tenant's. */
  ownershipName: string;
}

export function tenantRecordNames(tenant: Pick<TenantContext, 'hostname' | 'platform'>): TenantRecordNames {
  const zone = normalizeZone(tenant.platform.dns.zone);
  if (!tenant.hostname.endsWith(`.${zone}`)) throw new InternalError(`${tenant.hostname} is not a name inside the DNS zone ${zone}`);
  const name = tenant.hostname.slice(0, -(zone.length + 1));
  return { zone, name, ownershipName: ownershipRecordName(name) };
}
