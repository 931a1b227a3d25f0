// powerbi as the run layer sees it: one tenant's Power BI and Fabric resources from its
// TenantContext, and how plans name its long lists (a tenant gets dozens of reports).
import type { TenantContext } from '../config/index.ts';
import type { Capability, KindLabel } from '../plan/index.ts';
import { desiredPowerBiResources } from './desired.ts';

const KIND_LABELS: Record<string, KindLabel> = {
  'powerbi.report': { plural: 'reports', verbs: { create: 'to clone', update: 'to update', delete: 'to remove' } },
};

export const powerBiCapability: Capability<TenantContext> = {
  name: 'powerbi',
  desiredResources: desiredPowerBiResources,
  labels: KIND_LABELS,
  // The refresh of the current model is known only from the registry; a rebuild refreshes again.
  recordKinds: ['powerbi.refresh'],
};
