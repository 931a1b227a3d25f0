// What makes a plan unsafe: a change that destroys data (declared by the resource as data, the
// way Terraform marks "forces replacement") or, octoDNS-style, too large a share of existing
// resources changed or deleted at once — a tenant's own, or a group that changes across tenants
// declare (a DNS zone). Unsafe plans are still planned and shown; only apply refuses them without
// force.

import { UnsafePlanError } from '../errors/index.ts';
import { formatValue } from './format.ts';
import type { PlanCounts, PlannedChange, TenantPlan, UnsafeReason } from './model.ts';
import type { ChangeAction, SafetyGroup } from './types.ts';

export interface ThresholdOptions {
  /** Largest share of existing resources one plan may change or delete; default 0.3. */
  maxShare?: number;
  /** Below this many existing resources the threshold does not apply; default 10. */
  minExisting?: number;
  /**
   * Count plain updates against the threshold too; default false, because a template rollout
   * updates every report of a tenant by design. Replacements always count: they destroy.
   */
  countUpdates?: boolean;
}

export interface SafetyOptions {
  /** The flag named in refusals as the way to override them; default `--force`. */
  forceFlag?: string;
  /**
   * Per-tenant change threshold; `false` turns it off. Default: on, with its defaults. Shared
   * thresholds (safety groups) are declared by the changes themselves and are not affected.
   */
  threshold?: ThresholdOptions | false;
}

export interface ThresholdInput {
  existing: number;
  updates: number;
  deletes: number;
  maxShare?: number;
  minExisting?: number;
  /** What `existing` counts, plural; default `existing resources`. */
  noun?: string;
}

/**
 * octoDNS's safety threshold: once at least `minExisting` resources exist, more than `maxShare`
 * of them updated, or deleted, is refused. Returns the reason, or undefined when within bounds.
 */
export function checkThreshold(input: ThresholdInput): string | undefined {
  const { existing, updates, deletes, maxShare = 0.3, minExisting = 10, noun = 'existing resources' } = input;
  if (existing <= 0 || existing < minExisting) return undefined;
  const reasons: string[] = [];
  const limit = `${formatShare(maxShare)} allowed`;
  if (updates / existing > maxShare) {
    reasons.push(`${updates} of ${existing} ${noun} would be changed (${formatShare(updates / existing)}, ${limit})`);
  }
  if (deletes / existing > maxShare) {
    reasons.push(`${deletes} of ${existing} ${noun} would be deleted (${formatShare(deletes / existing)}, ${limit})`);
  }
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** Every reason a tenant's changes need force, in plan order, threshold last. */
export function findUnsafe(
  tenant: string,
  changes: readonly PlannedChange[],
  counts: PlanCounts,
  options: SafetyOptions = {},
): UnsafeReason[] {
  const flag = options.forceFlag ?? '--force';
  const override = `re-run with ${flag} to allow it`;
  const reasons: UnsafeReason[] = [];
  for (const c of changes) {
    for (const f of c.fields) {
      if (!f.forcesReplacement) continue;
      reasons.push({
        key: c.key,
        field: f.path,
        message:
          `tenant ${tenant}: ${c.key}: ${f.path} ${formatValue(f.before)} → ${formatValue(f.after)} forces replacement, ` +
          `which destroys data${f.reason ? `: ${f.reason}` : ''}; ${override}`,
      });
    }
    if (c.destroysData) {
      reasons.push({
        key: c.key,
        message: `tenant ${tenant}: ${c.key}: ${c.action} destroys data${c.reason ? `: ${c.reason}` : ''}; ${override}`,
      });
    }
  }
  if (options.threshold !== false) {
    const t = options.threshold ?? {};
    const reason = checkThreshold({
      existing: counts.update + counts.replace + counts.delete + counts.noop,
      updates: counts.replace + (t.countUpdates ? counts.update : 0),
      deletes: counts.delete,
      maxShare: t.maxShare,
      minExisting: t.minExisting,
    });
    if (reason) reasons.push({ message: `tenant ${tenant}: ${reason}; ${override}` });
  }
  return reasons;
}

/** A planned change that declared a safety group. */
export interface GroupedChange {
  tenant: string;
  key: string;
  action: ChangeAction;
  group: SafetyGroup;
}

/**
 * The shared thresholds of a whole plan: per group, the updates (replacements included) and
 * deletes of every tenant against what exists, as octoDNS judges a zone. Each change of a group
 * over its threshold gets a reason, listed under its tenant in the order given.
 */
export function findGroupUnsafe(changes: readonly GroupedChange[], options: Pick<SafetyOptions, 'forceFlag'> = {}): Map<string, UnsafeReason[]> {
  const override = `re-run with ${options.forceFlag ?? '--force'} to allow it`;
  const tallies = new Map<string, { group: SafetyGroup; updates: number; deletes: number }>();
  for (const c of changes) {
    if (c.action === 'create') continue;
    const tally = tallies.get(c.group.id) ?? { group: c.group, updates: 0, deletes: 0 };
    tallies.set(c.group.id, tally);
    if (c.action === 'delete') tally.deletes++;
    else tally.updates++;
  }
  const reasons = new Map<string, string>();
  for (const [id, { group, updates, deletes }] of tallies) {
    const { existing, maxShare, minExisting, noun } = group;
    const reason = checkThreshold({ existing, updates, deletes, maxShare, minExisting, noun });
    if (reason) reasons.set(id, `${group.title}: ${reason}`);
  }
  const out = new Map<string, UnsafeReason[]>();
  for (const c of changes) {
    const reason = c.action === 'create' ? undefined : reasons.get(c.group.id);
    if (!reason) continue;
    const list = out.get(c.tenant) ?? [];
    out.set(c.tenant, list);
    list.push({ key: c.key, message: `tenant ${c.tenant}: ${c.key}: ${c.action}: ${reason}; ${override}` });
  }
  return out;
}

/** Throws UnsafePlanError listing every reason, unless forced. */
export function assertSafe(plan: { tenants: readonly Pick<TenantPlan, 'unsafe'>[] }, options: { force?: boolean } = {}): void {
  if (options.force) return;
  const reasons = plan.tenants.flatMap((t) => t.unsafe.map((u) => u.message));
  if (reasons.length > 0) throw new UnsafePlanError(reasons);
}

function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
