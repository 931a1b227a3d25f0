// Planning tenants: pick the tenants, build their resource graphs and hand them to the plan
// engine. Offline plans contact nothing; online plans read through the capabilities' services.
import { EnvironmentError } from '../errors/index.ts';
import { buildPlan, type ContextFactory, type KindLabel, type Plan } from '../plan/index.ts';
import type { Inputs } from './inputs.ts';
import { tenantResources, type Capability } from './resources.ts';

export interface PlanTenantsOptions {
  /** Only this tenant (its code). */
  tenant?: string;
  only?: readonly Capability[];
  offline?: boolean;
  createContext?: ContextFactory;
}

export function selectTenants(inputs: Inputs, code?: string) {
  if (code === undefined) return inputs.tenants;
  const found = inputs.tenants.filter((t) => t.config.code === code);
  if (!found.length) {
    const known = inputs.tenants.map((t) => t.config.code).join(', ') || 'none';
    throw new EnvironmentError(`no tenant "${code}" in tenants/; known: ${known}`);
  }
  return found;
}

export async function planTenants(inputs: Inputs, options: PlanTenantsOptions = {}): Promise<Plan> {
  const tenants = selectTenants(inputs, options.tenant).map((t) => ({ tenant: t.config.code, resources: tenantResources(inputs, t, options.only) }));
  return buildPlan({ tenants, offline: options.offline, createContext: options.createContext });
}

/** How plans name long lists of one kind ("42 reports to clone"). */
export const KIND_LABELS: Record<string, KindLabel> = {
  'powerbi.report': { plural: 'reports', verbs: { create: 'to clone', update: 'to update', delete: 'to remove' } },
};
