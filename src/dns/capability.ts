// dns as the run layer composes it: one tenant's record sets from its TenantContext.
import type { TenantContext } from '../config/index.ts';
import type { Capability } from '../plan/index.ts';
import { desiredDnsResources } from './desired.ts';

export const dnsCapability: Capability<TenantContext> = {
  name: 'dns',
  desiredResources: desiredDnsResources,
};
