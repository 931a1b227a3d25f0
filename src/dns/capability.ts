// dns as the run layer sees it: one tenant's record sets from its TenantContext. A thin adapter
// over desiredDnsResources, so the run composes dns like every other capability.
import type { TenantContext } from '../config/index.ts';
import type { Capability } from '../plan/index.ts';
import { desiredDnsResources } from './desired.ts';

export const dnsCapability: Capability<TenantContext> = {
  name: 'dns',
  desiredResources: (ctx) => desiredDnsResources(ctx.config, ctx.platform),
};
