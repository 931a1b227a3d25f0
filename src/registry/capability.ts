// registry as the run layer composes it: the registry's own record of a tenant (name, subdomain,
// lifecycle, super users, modules and report links), planned and applied like any resource.
import type { TenantContext } from '../config/index.ts';
import type { Capability, KindLabel } from '../plan/index.ts';
import { desiredRegistryResources } from './record.ts';

const KIND_LABELS: Record<string, KindLabel> = {
  'registry.modules': { plural: 'module sets', verbs: { create: 'to initialise', update: 'to update', delete: 'to remove' } },
};

export const registryCapability: Capability<TenantContext> = {
  name: 'registry',
  desiredResources: desiredRegistryResources,
  labels: KIND_LABELS,
  // Nothing of these is in the world: a registry rebuild writes them from the tenant file.
  recordKinds: ['registry.tenant', 'registry.super-users', 'registry.modules'],
};
