// Apply, bound to a reviewed plan: recompute the plan from fresh reads and refuse (changing
// nothing) when its hash is not the reviewed one or when it is unsafe without force; then apply
// each tenant's changes in dependency order, journaled, under the tenant's lock, and verify.

import { PlanMismatchError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { canonicalJson, hashPlan, matchesPlanHash } from './hash.ts';
import { discoverPlan, diffTenant, readTenant, type ContextFactory, type TenantResources, type TenantState } from './build.ts';
import { mapLimit } from './concurrency.ts';
import { ACTION_SYMBOL } from './format.ts';
import { PLAN_VERSION, type Plan, type PlannedChange } from './model.ts';
import { ApplyResultError } from './result.ts';
import { assertSafe, type SafetyOptions } from './safety.ts';
import { asError, runScheduled, type ScheduledTask } from './schedule.ts';
import { snapshotVouchesFor } from './snapshot.ts';
import type { Journal } from './types.ts';
import { verifyResources } from './verify.ts';

export interface ApplyPlanOptions {
  tenants: readonly TenantResources[];
  /** The reviewed hash; defaults to the given plan's hash. Neither: apply what is found now. */
  expectedHash?: string;
  /** Allow changes that destroy data or exceed the threshold. Default false. */
  force?: boolean;
  safety?: SafetyOptions;
  /** Changes in flight at once within one tenant; default 4. */
  concurrency?: number;
  /** Tenants applied at once; default 2. */
  tenantConcurrency?: number;
  /** Reads in flight while recomputing the plan; default 8. */
  readConcurrency?: number;
  journal?: Journal;
  /**
   * Serialises work on one tenant across runs (the registry's advisory lock). When given, the
   * tenant is re-read under the lock, so a run that changed it meanwhile is noticed, not undone;
   * the lock tells `fn` whether it had to wait, and for whom, so the messages can say so.
   */
  lock?: <T>(tenant: string, fn: (wait?: LockWait) => Promise<T>) => Promise<T>;
  createContext: ContextFactory;
  log: Logger;
  /** Milliseconds, for durations; default performance.now. */
  clock?: () => number;
  /** Once aborted, no further change starts; the rest are reported as skipped. */
  signal?: AbortSignal;
}

export interface TenantApplyResult {
  tenant: string;
  /** Keys, in plan order. */
  applied: string[];
  failed: string[];
  skipped: string[];
  verified: string[];
  durationMs: number;
}

export interface ApplyResult {
  /** The hash of the plan that was applied. */
  hash: string;
  tenants: TenantApplyResult[];
  durationMs: number;
}

type Failure = { key: string; error: Error };

/** How a tenant's lock was had: `holder` describes the run waited for, when it could be seen. */
export interface LockWait {
  waited: boolean;
  holder?: string;
  /**
   * The locker vouches that no other run has held or changed the tenant since this run began
   * planning (see src/run/apply.ts for how the registry proves it): what the plan read is what a
   * re-read under the lock would find, so the plan's reads are reused instead of read again.
   */
  untouchedSincePlan?: boolean;
}

/**
 * The reviewed plan no longer holds because another run changed the tenant while this one waited
 * for its lock: a PlanMismatchError (nothing was applied) that says so instead of blaming a review.
 */
export class ChangedWhileWaitingError extends PlanMismatchError {
  constructor(tenant: string, expected: string, actual: string, wait: LockWait | undefined) {
    super(expected, actual);
    const other = `another run${wait?.holder ? ` (${wait.holder})` : ''}`;
    this.message =
      `tenant ${tenant}: ${wait?.waited ? `while this run waited for its lock, ${other}` : `between this run's plan and its lock, ${other}`} changed the tenant, ` +
      `so the reviewed plan (hash ${expected}) is not what would be applied now (hash ${actual}); this run applied nothing. ` +
      `Plan again and apply the new plan's hash if it is still wanted.`;
  }
}

/**
 * The reviewed plan was read from a fleet-wide snapshot that, as the tenant's own reads under its
 * lock show, missed what the tenant holds (no other run touched it meanwhile): a PlanMismatchError
 * (nothing was applied) that blames the snapshot, not another run or the review.
 */
export class SnapshotMismatchError extends PlanMismatchError {
  constructor(tenant: string, expected: string, actual: string) {
    super(expected, actual);
    this.message =
      `tenant ${tenant}: read with its own calls under its lock, the tenant is not what the fleet-wide snapshot the plan was read from showed ` +
      `(no other run touched it since), so the reviewed plan (hash ${expected}) is not what would be applied now (hash ${actual}); this run applied nothing. ` +
      `Plan again (a plan of fewer tenants reads each with its own calls) and apply the new plan's hash if it is still wanted.`;
  }
}

/**
 * Applies the plan. Throws PlanMismatchError or UnsafePlanError before any change; throws an
 * ApplyResultError (an ApplyError carrying the result) when any change or check failed.
 */
export async function applyPlan(plan: Plan | undefined, options: ApplyPlanOptions): Promise<ApplyResult> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const expected = options.expectedHash ?? plan?.hash;
  if (plan && options.expectedHash && !matchesPlanHash(options.expectedHash, plan.hash)) {
    throw new PlanMismatchError(options.expectedHash, plan.hash);
  }
  const { plan: current, states } = await discoverPlan({
    tenants: options.tenants,
    createContext: options.createContext,
    safety: options.safety,
    concurrency: options.readConcurrency,
  });
  if (expected !== undefined && !matchesPlanHash(expected, current.hash)) {
    // Another run may be applying this very plan right now: find out under the locks before
    // blaming the review.
    if (options.lock && (await appliedMeanwhile(states, options))) {
      const tenants = states.map((s) => ({ tenant: s.tenant, applied: [], failed: [], skipped: [], verified: [], durationMs: 0 }));
      return { hash: current.hash, tenants, durationMs: clock() - started };
    }
    throw new PlanMismatchError(expected, current.hash);
  }
  assertSafe(current, { force: options.force });

  // One failure list per tenant, joined in tenant order: tenants finish in any order, the report should not.
  const perTenant = states.map((): Failure[] => []);
  // Bound to a reviewed plan (a hash, or the plan itself): what is applied must be that plan.
  // Unbound, each tenant is planned again under its lock, since waiting may have made the
  // first reading stale.
  const bound = expected !== undefined;
  const results = await mapLimit(states, options.tenantConcurrency ?? 2, async (state, i) => {
    const tenantStarted = clock();
    const result = await applyTenantLocked(state, options, perTenant[i], bound);
    return { ...result, durationMs: clock() - tenantStarted };
  });
  const result: ApplyResult = { hash: current.hash, tenants: results, durationMs: clock() - started };
  const failures = perTenant.flat();
  if (failures.length > 0) throw new ApplyResultError(failures, result);
  return result;
}

async function applyTenantLocked(
  state: TenantState,
  options: ApplyPlanOptions,
  failures: Failure[],
  bound: boolean,
): Promise<Omit<TenantApplyResult, 'durationMs'>> {
  const keys = state.plan.changes.map((c) => c.key);
  const nothing = { tenant: state.tenant, applied: [], failed: [], skipped: [], verified: [] };
  if (keys.length === 0) return nothing;
  // Kept outside the lock so a lock that fails to release still reports what was applied.
  let outcome: Omit<TenantApplyResult, 'durationMs'> | undefined;
  try {
    if (!options.lock) {
      outcome = await applyTenant(state, options, failures);
    } else {
      await options.lock(state.tenant, async (wait) => {
        const fresh = await recheckTenant(state, options, bound, wait);
        outcome = fresh.plan.changes.length ? await applyTenant(fresh, options, failures) : nothing;
      });
    }
  } catch (err) {
    // The lock, the re-read or the apply context failed: the tenant as a whole, not one change.
    failures.push({ key: state.tenant, error: asError(err) });
  }
  return outcome ?? { ...nothing, skipped: keys };
}

// Between the plan check and the lock another run may have applied the same changes; applying
// them again would duplicate what names cannot deduplicate (Power BI reports), so re-read.
// Nothing left to do is no failure: the other run did it. Something else left to do is this
// run's to apply when it was not bound to a reviewed plan (checked for safety again), and a
// mismatch that names the other run when it was.
//
// The re-read is skipped only when the locker vouches `untouchedSincePlan`, and, for a tenant the
// plan read from a fleet-wide snapshot, only when its plan is updates the snapshot vouches for
// (snapshot.ts says why a create or a delete, or an update planned from something the snapshot
// lacked, is read again). Why the lock makes the re-read redundant:
// the re-read exists to see what another tenantops run changed between this run's plan reads and
// its lock, and every such run changes the tenant only while holding its lock. A lock had without
// waiting means nobody holds it now; the locker's registry check means nobody else held it
// (no other deployment running or finished) since before this run's reads began. So nothing that
// the re-read could see has changed since the plan read it, and the state planned — the very
// state whose hash matched the reviewed one in applyPlan, and which passed the safety check
// there — is the one to apply. Changes made outside tenantops are no concern of the lock: they
// can land just after a re-read as well.
async function recheckTenant(state: TenantState, options: ApplyPlanOptions, bound: boolean, wait: LockWait | undefined): Promise<TenantState> {
  const { tenant } = state;
  const untouched = wait?.untouchedSincePlan === true && !wait.waited;
  if (untouched && snapshotVouchesFor(state.plan, state.snapshot)) {
    options.log.debug(`${tenant}: had its lock at once and no other run touched the tenant since the plan read it${state.snapshot ? ' (from a fleet-wide snapshot that vouches for each of its updates)' : ''}; applying the plan as read`);
    return state;
  }
  const actuals = await readTenant(tenant, state.graph, options.createContext, options.readConcurrency);
  const fresh = diffTenant(tenant, state.graph, actuals, options.safety);
  if (canonicalJson(fresh.plan.changes) === canonicalJson(state.plan.changes)) {
    if (wait?.waited) options.log.info(`${tenant}: had its lock after waiting for ${describeOther(wait)}; the plan is unchanged, applying it`);
    return fresh;
  }
  // Nobody touched the tenant since the plan read it: what differs is what the snapshot missed.
  const snapshotMissed = untouched && state.snapshot !== undefined;
  if (fresh.plan.changes.length === 0) {
    const why = snapshotMissed ? 'read with its own calls under its lock, the tenant already holds what the fleet-wide snapshot missed' : wait?.waited ? `waited for its lock while ${describeOther(wait)} applied these changes` : `${describeOther(wait)} applied these changes before this run took the lock`;
    options.log.info(`${tenant}: ${why}; nothing is left to do`);
    return fresh;
  }
  if (bound) throw snapshotMissed ? new SnapshotMismatchError(tenant, tenantHash(state), tenantHash(fresh)) : new ChangedWhileWaitingError(tenant, tenantHash(state), tenantHash(fresh), wait);
  assertSafe({ tenants: [fresh.plan] }, { force: options.force });
  const why = snapshotMissed ? 'read with its own calls under its lock, the tenant is not what the fleet-wide snapshot showed' : `${describeOther(wait)} changed the tenant before this run had its lock`;
  options.log.info(`${tenant}: ${why}; planned again: ${fresh.plan.changes.length} change(s) left`);
  return fresh;
}

function describeOther(wait: LockWait | undefined): string {
  return wait?.holder ? `another run (${wait.holder})` : 'another run';
}

/**
 * Whether every tenant, read again under its lock, has nothing left to do: another run applied
 * the reviewed changes between the review and this run's reading (or while this run read).
 */
async function appliedMeanwhile(states: readonly TenantState[], options: ApplyPlanOptions): Promise<boolean> {
  const lock = options.lock!;
  for (const state of states) {
    const done = await lock(state.tenant, async (wait) => {
      const actuals = await readTenant(state.tenant, state.graph, options.createContext, options.readConcurrency);
      if (diffTenant(state.tenant, state.graph, actuals, options.safety).plan.changes.length) return false;
      const other = describeOther(wait);
      options.log.info(`${state.tenant}: ${wait?.waited ? `waited for its lock while ${other} applied the reviewed changes` : `${other} applied the reviewed changes before this run could`}; nothing is left to do`);
      return true;
    });
    if (!done) return false;
  }
  return true;
}

function tenantHash(state: TenantState): string {
  return hashPlan({ version: PLAN_VERSION, tenants: [state.plan] });
}

async function applyTenant(
  state: TenantState,
  options: ApplyPlanOptions,
  failures: Failure[],
): Promise<Omit<TenantApplyResult, 'durationMs'>> {
  const { tenant, plan } = state;
  const log = options.log;
  const ctx = await options.createContext(tenant, { phase: 'apply', force: options.force ?? false });
  // The apply pass makes a context of its own; what was read of the resources that do not change
  // (under the lock, or vouched for by it) is what exists, so it need not be listed again.
  for (const { resource, actual, change } of state.discovered.values()) if (!change && actual !== undefined) resource.prime?.(ctx, actual);
  const byKey = new Map(plan.changes.map((c) => [c.key, c]));
  const newActual = new Map<string, unknown>();
  const tenantFailures: Failure[] = [];

  const applyOne = async (key: string) => {
    const planned = byKey.get(key)!;
    const { resource, actual, change } = state.discovered.get(key)!;
    const journal = options.journal;
    await journal?.intent(tenant, key, planned.action, planned.kind);
    let after: unknown;
    try {
      after = await resource.apply(ctx, change!, actual);
    } catch (err) {
      const error = asError(err);
      log.error(`${tenant}: ${ACTION_SYMBOL[planned.action]} ${key} failed: ${error.message}`);
      try {
        await journal?.failed(tenant, key, planned.action, error);
      } catch (journalErr) {
        // The change's own error is the one to report; the journal's is secondary.
        log.error(`${tenant}: could not journal the failure of ${key}: ${asError(journalErr).message}`);
      }
      throw error;
    }
    newActual.set(key, after);
    await journal?.done(tenant, key, planned.action, after);
    log.info(`${tenant}: ${ACTION_SYMBOL[planned.action]} ${key}`);
  };
  const schedule = { concurrency: options.concurrency ?? 4, canStart: () => !options.signal?.aborted };

  const forward = plan.changes.filter((c) => c.action !== 'delete');
  const deletes = plan.changes.filter((c) => c.action === 'delete');
  const first = await runScheduled(forwardTasks(state, forward), applyOne, schedule);
  tenantFailures.push(...first.failed);
  const skipped = [...first.skipped];
  const succeeded = [...first.succeeded];
  // Deletes come last and only after everything else went through: removing what a failed
  // change may still need would turn one failure into an outage.
  if (first.failed.length > 0 || first.skipped.length > 0) {
    skipped.push(...deletes.map((c) => c.key));
  } else {
    const second = await runScheduled(deleteTasks(state, deletes), applyOne, schedule);
    tenantFailures.push(...second.failed);
    skipped.push(...second.skipped);
    succeeded.push(...second.succeeded);
  }
  for (const key of skipped) log.warn(`${tenant}: ${key} skipped`);
  const rank = new Map(plan.changes.map((c, i) => [c.key, i]));
  tenantFailures.sort((a, b) => rank.get(a.key)! - rank.get(b.key)!);
  failures.push(...tenantFailures.map((f) => ({ key: `${tenant} ${f.key}`, error: f.error })));

  const toVerify = forward
    .filter((c) => newActual.has(c.key) && state.discovered.get(c.key)!.resource.verify)
    .map((c) => ({ resource: state.discovered.get(c.key)!.resource, actual: newActual.get(c.key) }));
  let verified: string[] = [];
  if (toVerify.length > 0) {
    try {
      const verifyCtx = await options.createContext(tenant, { phase: 'verify', force: options.force ?? false });
      const outcome = await verifyResources(verifyCtx, toVerify, options.concurrency);
      verified = outcome.succeeded;
      for (const f of outcome.failed) log.error(`${tenant}: ${f.key} failed verification: ${f.error.message}`);
      failures.push(...outcome.failed.map((f) => ({ key: `${tenant} ${f.key} (verify)`, error: f.error })));
    } catch (err) {
      failures.push({ key: `${tenant} (verify)`, error: asError(err) });
    }
  }

  const inPlanOrder = (list: string[]) => plan.changes.map((c) => c.key).filter((k) => list.includes(k));
  return {
    tenant,
    applied: inPlanOrder(succeeded),
    failed: inPlanOrder(tenantFailures.map((f) => f.key)),
    skipped: inPlanOrder(skipped),
    verified,
  };
}

// A create/update/replace waits for the nearest changing resources it depends on, looking
// through unchanged ones: an unchanged middle link still needs what is below it in place.
function forwardTasks(state: TenantState, forward: PlannedChange[]): ScheduledTask[] {
  const changing = new Set(forward.map((c) => c.key));
  const memo = new Map<string, string[]>();
  const nearest = (key: string): string[] => {
    const known = memo.get(key);
    if (known) return known;
    const found = new Set<string>();
    for (const dep of state.graph.byKey.get(key)!.dependsOn) {
      if (changing.has(dep)) found.add(dep);
      else for (const k of nearest(dep)) found.add(k);
    }
    const list = [...found];
    memo.set(key, list);
    return list;
  };
  return forward.map((c) => ({ key: c.key, waitsFor: nearest(c.key) }));
}

// A delete waits for the deletes of what depends on it, looking through resources that stay.
function deleteTasks(state: TenantState, deletes: PlannedChange[]): ScheduledTask[] {
  const deleting = new Set(deletes.map((c) => c.key));
  const memo = new Map<string, string[]>();
  const nearest = (key: string): string[] => {
    const known = memo.get(key);
    if (known) return known;
    const found = new Set<string>();
    for (const next of state.graph.dependents.get(key)!) {
      if (deleting.has(next)) found.add(next);
      else for (const k of nearest(next)) found.add(k);
    }
    const list = [...found];
    memo.set(key, list);
    return list;
  };
  return deletes.map((c) => ({ key: c.key, waitsFor: nearest(c.key) }));
}
