// db as the run layer composes it: a tenant's data store, from the context the run derived once.
import type { TenantContext } from '../config/index.ts';
import type { Capability } from '../plan/index.ts';
import { desiredDbResources } from './desired.ts';

export const dbCapability: Capability<TenantContext> = {
  name: 'db',
  desiredResources: (ctx) => desiredDbResources(ctx),
  recordKinds: ['db.route'],
};
