// Where the checklist moves a tenant's status: after provisioning, `provisioned` (awaiting QA) when
// it passes, `failed` when it does not; after the go-live approval, `live` — and only when the
// checklist, run again then, passes. A tenant already live (or suspended) keeps its status here:
// a later provisioning run of it is an update, not an onboarding.
import type { TenantConfig } from '../config/index.ts';
import { getTenant, transitionTenant, type TenantStatus, type TransitionResult } from '../registry/index.ts';
import { runChecklist, type ChecklistHooks, type TenantChecklist } from './checklist.ts';
import type { Inputs } from './inputs.ts';
import type { Services } from './services.ts';

export interface LifecycleOptions {
  /** `github:<login>`, `cli:<user>`, `sandbox`. */
  actor: string;
  run?: string;
  /** The plan hash(es) the tenant's state rests on (the reviewed ones), for the audit row. */
  planHash?: string;
  hooks?: ChecklistHooks;
}

export interface LifecycleResult {
  checklist: TenantChecklist;
  /** The move made; absent when the tenant's status was left as it was. */
  transition?: TransitionResult;
}

/** Statuses that onboarding's QA decides between. */
const ONBOARDING: readonly TenantStatus[] = ['pending', 'provisioned', 'failed'];

/** After provisioning: the checklist, and `provisioned` or `failed` for a tenant not yet live. */
export async function recordQaChecklist(inputs: Inputs, services: Services, config: TenantConfig, options: LifecycleOptions): Promise<LifecycleResult> {
  const checklist = await runChecklist(inputs, services, config, options.hooks);
  const registry = await services.registry();
  const status = (await getTenant(registry, config.code))?.status;
  if (!status || !ONBOARDING.includes(status)) return { checklist };
  const transition = await transitionTenant(registry, config.code, checklist.ok ? 'provisioned' : 'failed', {
    actor: options.actor,
    run: options.run,
    planHash: options.planHash,
    reason: checklist.ok ? 'QA checklist passed' : `QA checklist failed: ${checklist.checks.filter((c) => !c.ok).map((c) => c.id).join(', ')}`,
  });
  return { checklist, transition: transition.changed ? transition : undefined };
}

/**
 * After the go-live approval: `live` when the checklist passes now (a tenant whose earlier QA
 * failed is first recorded `provisioned`, audited like any move); nothing moves when it fails.
 */
export async function goLiveTenant(inputs: Inputs, services: Services, config: TenantConfig, options: LifecycleOptions & { approvedBy: string }): Promise<LifecycleResult> {
  const checklist = await runChecklist(inputs, services, config, options.hooks);
  if (!checklist.ok || config.lifecycle !== 'active') return { checklist };
  const registry = await services.registry();
  const status = (await getTenant(registry, config.code))?.status;
  const move = { actor: options.actor, run: options.run, planHash: options.planHash };
  if (status === 'pending' || status === 'failed') await transitionTenant(registry, config.code, 'provisioned', { ...move, reason: 'QA checklist passed at go-live' });
  const transition = await transitionTenant(registry, config.code, 'live', { ...move, approvedBy: options.approvedBy, reason: 'go-live approved' });
  return { checklist, transition: transition.changed ? transition : undefined };
}
