// Tearing a tenant down by planning it as something it is not yet in its file: rollback plans a
// never-live tenant as decommissioned (or suspended, to keep it), offboarding plans the file's own
// decommission. The ordinary plan engine makes the plans; they are applied one capability at a
// time in reverse dependency order — dns (the tenant stops being reachable), then powerbi, then
// db — each bound to the hash that was shown, with force, and only for this one tenant.
import type { LoadedTenant, TenantConfig } from '../../config/index.ts';
import { renderPlanMarkdown, type ApplyResult, type Plan } from '../../plan/index.ts';
import { applyTenants } from '../apply.ts';
import type { Inputs } from '../inputs.ts';
import { planOnline, selectTenants } from '../plan.ts';
import { KIND_LABELS, type CapabilityName } from '../resources.ts';
import type { Services } from '../services.ts';

/** Reverse dependency order: what depends on the others goes first. */
export const TEARDOWN_ORDER: readonly CapabilityName[] = ['dns', 'powerbi', 'db'];

export interface TeardownPlan {
  tenant: string;
  /** The inputs with the tenant as it is planned (the others untouched, and out of scope anyway). */
  inputs: Inputs;
  plans: { capability: CapabilityName; plan: Plan }[];
}

export interface RunActor {
  actor: string;
  githubRun?: string;
  githubRunUrl?: string;
  approvedBy?: string;
}

/** The tenant's file as loaded; throws naming the known codes when there is none. */
export function tenantFile(inputs: Inputs, code: string): LoadedTenant {
  return selectTenants(inputs, code)[0];
}

/** `inputs` with one tenant's config replaced. */
export function withTenantAs(inputs: Inputs, code: string, change: Partial<TenantConfig>): Inputs {
  return { ...inputs, tenants: inputs.tenants.map((t) => (t.config.code === code ? { ...t, config: { ...t.config, ...change } } : t)) };
}

/** `only`: a subset of the capabilities (e.g. a platform without Power BI); all when absent or empty. */
export async function planTeardown(inputs: Inputs, services: Services, code: string, only?: readonly CapabilityName[]): Promise<TeardownPlan> {
  const plans: TeardownPlan['plans'] = [];
  for (const capability of TEARDOWN_ORDER.filter((c) => !only?.length || only.includes(c))) plans.push({ capability, plan: await planOnline(inputs, services, { tenant: code, only: [capability] }) });
  return { tenant: code, inputs, plans };
}

export function renderTeardownMarkdown(teardown: TeardownPlan): string {
  return teardown.plans.map(({ capability, plan }) => `#### ${capability}\n\n${renderPlanMarkdown(plan, { labels: KIND_LABELS })}`).join('\n\n');
}

/**
 * Applies each capability's plan in TEARDOWN_ORDER, bound to the hash shown (a world that moved
 * since is refused, changing nothing of that capability), with force. Stops at the first failure.
 */
export async function applyTeardown(teardown: TeardownPlan, services: Services, run: RunActor): Promise<{ capability: CapabilityName; result: ApplyResult }[]> {
  const results: { capability: CapabilityName; result: ApplyResult }[] = [];
  for (const { capability, plan } of teardown.plans) {
    const result = await applyTenants(teardown.inputs, services, { tenant: teardown.tenant, only: [capability], planHash: plan.hash, force: true, ...run });
    results.push({ capability, result });
  }
  return results;
}

/** The resource keys a teardown applied, capability by capability. */
export function appliedKeys(results: { capability: CapabilityName; result: ApplyResult }[]): Record<string, string[]> {
  return Object.fromEntries(results.map(({ capability, result }) => [capability, result.tenants.flatMap((t) => t.applied)]));
}
