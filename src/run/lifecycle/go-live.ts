// Where the checklist moves a tenant's status: after provisioning, `provisioned` (awaiting QA) when
// it passes, `failed` when it does not; after the go-live approval, `live` — and only when the
// checklist, run again then, passes. A tenant already live (or suspended) keeps its status here:
// a later provisioning run of it is an update, not an onboarding.
import type { TenantConfig } from '../../config/index.ts';
import { getTenant, transitionTenant, type TenantStatus, type TransitionResult } from '../../registry/index.ts';
import { runChecklist, type ChecklistHooks, type TenantChecklist } from '../checklist.ts';
import { matchesPlanHash } from '../../plan/index.ts';
import { PlanMismatchError } from '../../errors/index.ts';
import { applyTenants } from '../apply.ts';
import { planOnline } from '../plan.ts';
import { offboardTenant } from './offboard.ts';
import { deliverGoLiveMail } from '../mail.ts';
import type { Inputs } from '../inputs.ts';
import type { CapabilityName } from '../resources.ts';
import type { Services } from '../services.ts';

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

export interface GoLiveOptions extends LifecycleOptions {
  approvedBy: string;
  /** The capabilities left for the gate (destructive), applied with force bound to `planHash`. */
  only: readonly CapabilityName[];
  githubRunUrl?: string;
}

export interface GoLiveResult {
  /** False when the deferred apply failed or the checklist fails: the tenant did not go live. */
  ok: boolean;
  /** One line: what was applied and where the tenant's status went. */
  outcome: string;
  /** The checklist, for an active tenant whose deferred apply succeeded. */
  checklist?: TenantChecklist;
  /** Markdown for the job summary beyond the outcome line (an offboarding's certificate). */
  summary?: string;
}

/**
 * The go-live job after its approval: apply exactly the destructive plan shown before the gate,
 * then, for an active tenant, `live` when the checklist passes. A suspended or decommissioned
 * tenant's run has no go-live: its plan is all there is.
 */
export async function approveGoLive(inputs: Inputs, services: Services, config: TenantConfig, options: GoLiveOptions): Promise<GoLiveResult> {
  if (config.lifecycle === 'decommissioned' && config.deletionPolicy === 'delete' && options.only.length) return offboardAtGate(inputs, services, config, options);
  let applied = 'nothing destructive to apply';
  if (options.only.length) {
    const result = await applyTenants(inputs, services, { tenant: config.code, only: options.only, planHash: options.planHash, force: true, actor: options.actor, githubRun: options.run, githubRunUrl: options.githubRunUrl, approvedBy: options.approvedBy });
    const [t] = result.tenants;
    applied = `${t.applied.length} change(s) applied`;
    if (t.failed.length || t.skipped.length) return { ok: false, outcome: `${applied}; REFUSED: ${t.failed.length} change(s) failed, ${t.skipped.length} skipped` };
  }
  if (config.lifecycle !== 'active') return { ok: true, outcome: `${applied}; status unchanged (${config.lifecycle})` };
  const { checklist, transition } = await goLiveTenant(inputs, services, config, options);
  if (!checklist.ok) return { ok: false, outcome: `${applied}; REFUSED: the QA checklist fails (${checklist.checks.filter((c) => !c.ok).map((c) => c.id).join(', ')})`, checklist };
  // Live: its super users get their welcome (with an invitation) and the go-live notification,
  // once each — the outbox makes a re-run of this job send nothing new.
  const mail = await deliverGoLiveMail(inputs, services, config.code, { actor: options.actor, githubRun: options.run });
  const mailed = mail.skipped ? `no mail (${mail.skipped})` : `${mail.sent} mail(s) sent`;
  return { ok: true, outcome: `${applied}; ${transition ? `${transition.from} → live` : 'already live'}; ${mailed}`, checklist };
}

/**
 * A decommission with deletionPolicy delete never deletes straight away: behind the gate it is an
 * offboarding — the reviewed plan is checked first (a late approval whose plan changed refuses,
 * exporting and deleting nothing), then every table is exported and verified, and only then is
 * anything deleted, with a deletion certificate.
 */
async function offboardAtGate(inputs: Inputs, services: Services, config: TenantConfig, options: GoLiveOptions): Promise<GoLiveResult> {
  if (options.planHash) {
    const plan = await planOnline(inputs, services, { tenant: config.code, only: options.only });
    if (!matchesPlanHash(options.planHash, plan.hash)) throw new PlanMismatchError(options.planHash, plan.hash);
  }
  const r = await offboardTenant(inputs, services, { tenant: config.code, only: options.only, actor: options.actor, githubRun: options.run, githubRunUrl: options.githubRunUrl, approvedBy: options.approvedBy });
  const tables = r.export?.manifest.tables.length ?? 0;
  return { ok: true, outcome: `offboarded: ${tables} table(s) exported and verified, then deleted (deletion certificate in the audit log)`, summary: r.markdown };
}
