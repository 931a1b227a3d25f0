// What the three action steps share: the options every step takes (the inputs the actions' shared
// step runner reads), planning their slice and, in apply mode, applying exactly that plan, and the
// plan's counts summed over its tenants for the step outputs.
import type { Logger } from '../../log/index.ts';
import { countChanges, type Plan, type PlanCounts } from '../../plan/index.ts';
import { applyTenants, type ApplyTenantsOptions } from '../apply.ts';
import { planOnline, type RunScope } from '../plan.ts';
import type { Run } from '../with-run.ts';

export interface StepOptions<Mode extends string> {
  /** The repository root: tenants/, templates/ and platform.yaml are read from it. */
  root: string;
  /** One tenant's code; every tenant when absent. */
  tenant?: string;
  mode: Mode;
  /** Apply only when the recomputed plan still has this hash (the reviewed one). */
  planHash?: string;
  /** Allow changes that destroy data, or runs over a safety threshold (the gated job). */
  force?: boolean;
  /** Who is applying: `github:<actor>`, `cli:<user>`. */
  actor: string;
  githubRun?: string;
  log: Logger;
  /** Where secrets are read from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface PlannedStep {
  plan: Plan;
  /** Changes applied (0 unless the step applied). */
  applied: number;
  /** Tenants that had a change applied; 0 unless the step applied. */
  appliedTenants: number;
  durationMs: number;
}

/**
 * Plans `scope` online and, in apply mode, applies it bound to the reviewed hash (or to the plan
 * just made). `skipWhenUnchanged` leaves a plan without changes unapplied: no deployment, no lock.
 */
export async function planThenApply(
  run: Run,
  step: StepOptions<string>,
  scope: RunScope & Pick<ApplyTenantsOptions, 'concurrency'>,
  options: { skipWhenUnchanged?: boolean } = {},
): Promise<PlannedStep> {
  const plan = await planOnline(run.inputs, run.services, scope);
  if (step.mode !== 'apply' || (options.skipWhenUnchanged && countChanges(plan) === 0)) return { plan, applied: 0, appliedTenants: 0, durationMs: 0 };
  const result = await applyTenants(run.inputs, run.services, { ...scope, planHash: step.planHash ?? plan.hash, force: step.force, actor: step.actor, githubRun: step.githubRun });
  const applied = result.tenants.filter((t) => t.applied.length);
  return { plan, applied: applied.reduce((n, t) => n + t.applied.length, 0), appliedTenants: applied.length, durationMs: result.durationMs };
}

export function emptyCounts(): PlanCounts {
  return { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
}

/** The plan's counts over all its tenants (zero for no plan: a verify or migration run). */
export function sumCounts(plan: Plan | undefined): PlanCounts {
  const total = emptyCounts();
  for (const t of plan?.tenants ?? []) for (const k of Object.keys(total) as (keyof PlanCounts)[]) total[k] += t.counts[k];
  return total;
}
