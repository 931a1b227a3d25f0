// Planning tenants: pick the tenants, derive each one's context once, build their resource graphs
// and hand them to the plan engine. Offline plans contact nothing; online plans read through the
// capabilities' services.
import type { LoadedTenant } from '../config/index.ts';
import { EnvironmentError } from '../errors/index.ts';
import { buildPlan, type ContextFactory, type OfflinePlanOptions, type Plan, type TenantResources } from '../plan/index.ts';
import type { Inputs } from './inputs.ts';
import { deriveTenantContext, tenantContext, tenantResources, type CapabilityName } from './resources.ts';
import { contextFactory, type Services } from './services.ts';

/** Which part of the fleet a run covers. */
export interface RunScope {
  /** Only this tenant (its code); every tenant when absent. */
  tenant?: string;
  /** Only these capabilities; all when absent or empty. */
  only?: readonly CapabilityName[];
}

export interface PlanTenantsOptions extends RunScope {
  offline?: boolean;
  createContext?: ContextFactory;
}

export function selectTenants(inputs: Inputs, code?: string): LoadedTenant[] {
  if (code === undefined) return inputs.tenants;
  const found = inputs.tenants.filter((t) => t.config.code === code);
  if (!found.length) {
    const known = inputs.tenants.map((t) => t.config.code).join(', ') || 'none';
    throw new EnvironmentError(`no tenant "${code}" in tenants/; known: ${known}`);
  }
  return found;
}

/** The resource graph of every tenant in scope, each built from its context. */
export function tenantGraphs(inputs: Inputs, scope: RunScope): TenantResources[] {
  return selectTenants(inputs, scope.tenant).map((t) => ({ tenant: t.config.code, resources: tenantResources(tenantContext(inputs, t.config), scope.only) }));
}

export async function planTenants(inputs: Inputs, options: PlanTenantsOptions = {}): Promise<Plan> {
  return buildPlan({ tenants: tenantGraphs(inputs, options), offline: options.offline, createContext: options.createContext });
}

/** A plan against what exists now (read-only calls only). */
export async function planOnline(inputs: Inputs, services: Services, scope: RunScope = {}): Promise<Plan> {
  return planTenants(inputs, { ...scope, createContext: contextFactory(services) });
}

/**
 * What an offline plan of the tenants in scope is made of, for withOfflinePlan (equal to
 * planTenants(..., { offline: true })): each tenant's context and resources are made on its turn
 * and dropped after, so a fleet of 10,000 plans in the memory of one tenant.
 */
export function offlinePlanOf(inputs: Inputs, scope: RunScope = {}): OfflinePlanOptions {
  const selected = selectTenants(inputs, scope.tenant);
  const byCode = new Map(selected.map((t) => [t.config.code, t.config]));
  return {
    tenants: selected.map((t) => t.config.code),
    resources: (code) => tenantResources(deriveTenantContext(inputs, byCode.get(code)!), scope.only),
  };
}
