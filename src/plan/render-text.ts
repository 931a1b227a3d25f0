// The plan as log lines: one per change, prefixed by the tenant so a line grepped out of a long
// rollout log still says where it belongs.

import { ACTION_PHRASE, ACTION_SYMBOL, ACTIONS, formatValue } from './format.ts';
import { shortHash } from './hash.ts';
import type { Plan, PlanCounts, PlannedChange } from './model.ts';
import { lines, printed } from './printed.ts';
import { renderChunks, viewOfPlan, type PlanRendering } from './stream.ts';

export interface RenderTextOptions {
  /** Longest JSON shown for one before or after value; default 60. */
  maxValueLength?: number;
}

/** `+ key`, `~ key field: a → b, other: c → d`, `± key ...`, `- key`. */
export function formatChangeLine(change: PlannedChange, options: RenderTextOptions = {}): string {
  const max = options.maxValueLength ?? 60;
  const head = `${ACTION_SYMBOL[change.action]} ${change.key}`;
  if (change.action === 'create' || change.action === 'delete' || change.fields.length === 0) return head;
  const fields = change.fields.map(
    (f) =>
      `${f.path}: ${formatValue(f.before, max)} → ${formatValue(f.after, max)}` +
      (f.forcesReplacement ? ' (forces replacement)' : ''),
  );
  return `${head} ${fields.join(', ')}`;
}

/** "2 to create, 1 to change": non-zero counts only; `no changes` when there are none. */
export function formatCounts(counts: PlanCounts): string {
  const parts = ACTIONS.filter((a) => counts[a] > 0).map((a) => `${counts[a]} ${ACTION_PHRASE[a]}`);
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

export function renderPlanText(plan: Plan, options: RenderTextOptions = {}): string {
  return printed(renderChunks(viewOfPlan(plan), textRendering(options)));
}

/**
 * The text plan as printed, in parts: the header line, then tenant by tenant, then an empty line.
 * The output is renderPlanText's string (which ends in a newline) and the newline a printed line
 * ends with.
 */
export function textRendering(options: RenderTextOptions = {}): PlanRendering {
  return {
    head: (plan) => lines([`plan ${shortHash(plan.hash)}${plan.offline ? ' (offline)' : ''}: ${formatCounts(sumCounts(plan))}`]),
    tenant(t) {
      const out: string[] = [];
      for (const c of t.changes) out.push(`${t.tenant}: ${formatChangeLine(c, options)}`);
      for (const u of t.unsafe) out.push(`${t.tenant}: unsafe: ${u.message}`);
      return out.length > 0 ? lines(out) : '';
    },
    tail: () => '\n',
  };
}

export function sumCounts(plan: { tenants: readonly { counts: PlanCounts }[] }): PlanCounts {
  const total: PlanCounts = { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
  for (const t of plan.tenants) {
    for (const k of Object.keys(total) as (keyof PlanCounts)[]) total[k] += t.counts[k];
  }
  return total;
}
