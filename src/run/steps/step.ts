// What the three action steps share: the options every step takes (the inputs the actions' shared
// step runner reads), planning their slice and, in apply mode, applying exactly that plan, and the
// plan's counts summed over its tenants for the step outputs.
import type { Logger } from '../../log/index.ts';
import { PlanMismatchError } from '../../errors/index.ts';
import { countChanges, matchesPlanHash, parsePlanHash, renderPlanMarkdown, type Plan, type PlanCounts } from '../../plan/index.ts';
import { applyTenants, type ApplyTenantsOptions } from '../apply.ts';
import { planOnline, type RunScope } from '../plan.ts';
import { KIND_LABELS } from '../resources.ts';
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
  /** The GitHub run's page, recorded with each deployment. */
  githubRunUrl?: string;
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
  // A malformed hash is the caller's mistake, refused before anything is read.
  const reviewed = step.mode === 'apply' && step.planHash ? parsePlanHash(step.planHash, 'the plan-hash input') : undefined;
  const plan = await planOnline(run.inputs, run.services, scope);
  if (reviewed && !matchesPlanHash(reviewed, plan.hash)) throw new ReviewedPlanChangedError(reviewed, plan, scope);
  if (step.mode !== 'apply' || (options.skipWhenUnchanged && countChanges(plan) === 0)) return { plan, applied: 0, appliedTenants: 0, durationMs: 0 };
  const result = await applyTenants(run.inputs, run.services, {
    ...scope,
    // The full hash of the plan just checked against the reviewed one (which may be a prefix).
    planHash: plan.hash,
    force: step.force,
    actor: step.actor,
    githubRun: step.githubRun,
    githubRunUrl: step.githubRunUrl,
  });
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

/**
 * The step's refusal when the world changed since the plan was reviewed: nothing was applied, and
 * the job summary (the step runner writes `summary`) shows the new plan and how to accept it.
 */
export class ReviewedPlanChangedError extends PlanMismatchError {
  readonly summary: string;
  constructor(expected: string, plan: Plan, scope: RunScope) {
    super(expected, plan.hash);
    const capability = scope.only?.join(',') ?? 'all';
    this.summary = [
      `### Refused: the ${capability} plan${scope.tenant ? ` of ${scope.tenant}` : ''} changed since it was reviewed`,
      '',
      `Reviewed hash \`${expected}\`, computed now \`${plan.hash}\`. Nothing was changed.`,
      '',
      'If the new plan below is what should happen, re-dispatch tenant-provision for this tenant with the input',
      `\`accept-hashes\` set to \`${capability}=${plan.hash}\` (comma-separate several capabilities).`,
      '',
      renderPlanMarkdown(plan, { labels: KIND_LABELS }),
    ].join('\n');
  }
}
