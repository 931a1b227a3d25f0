// db as the run layer sees it: one tenant's data-store resources from its TenantContext. A thin
// adapter over desiredDbResources, so the run composes db like every other capability.
import type { TenantContext } from '../config/index.ts';
import type { Capability } from '../plan/index.ts';
import { desiredDbResources } from './desired.ts';

export const dbCapability: Capability<TenantContext> = {
  name: 'db',
  desiredResources: (ctx) => desiredDbResources(ctx.config, ctx.platform, { root: ctx.root }),
};
