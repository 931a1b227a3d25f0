// The Plan: plain, versioned data (what the PR comment, the JSON artifact and the log lines are
// rendered from) and the fixed order of its changes, so two plans of the same inputs are equal
// byte for byte. Only changes are listed; no-ops are counted.

import type { ChangeAction } from './types.ts';

export const PLAN_VERSION = 1;

export interface PlannedField {
  path: string;
  before?: unknown;
  after?: unknown;
  forcesReplacement?: boolean;
  reason?: string;
}

export interface PlannedChange {
  key: string;
  kind: string;
  action: ChangeAction;
  /** Sorted by path, so the order a resource's diff walked its fields in does not matter. */
  fields: PlannedField[];
  summary: string;
  destroysData?: boolean;
  reason?: string;
}

export interface PlanCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
  noop: number;
}

/** Why a plan needs `force`: a destroyed field or resource (with its key) or a threshold. */
export interface UnsafeReason {
  key?: string;
  field?: string;
  message: string;
}

export interface TenantPlan {
  tenant: string;
  /** Creates, updates and replacements in dependency order, then deletes in reverse order. */
  changes: PlannedChange[];
  counts: PlanCounts;
  /** Empty when the tenant's changes are safe. Recorded even when forced, for the reviewer. */
  unsafe: UnsafeReason[];
}

export interface Plan {
  version: typeof PLAN_VERSION;
  /** SHA-256 hex over the changes (see hashPlan). */
  hash: string;
  /** Tenants by code. */
  tenants: TenantPlan[];
  /** Planned against an empty world without reading anything (`--offline`). */
  offline?: boolean;
}

/** How many changes a plan holds across all tenants. */
export function countChanges(plan: Pick<Plan, 'tenants'>): number {
  return plan.tenants.reduce((n, t) => n + t.changes.length, 0);
}

/** Whether any tenant needs `force`. */
export function isUnsafe(plan: Pick<Plan, 'tenants'>): boolean {
  return plan.tenants.some((t) => t.unsafe.length > 0);
}

export function emptyCounts(): PlanCounts {
  return { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
}

/**
 * Puts a tenant's changes in plan order. `changes` arrive in topological order of the whole
 * graph (unchanged resources already dropped); deletes move to the end, reversed, because a
 * dependent must go before what it depends on — octoDNS's create/update then delete ordering.
 */
export function orderChanges(changes: readonly PlannedChange[]): PlannedChange[] {
  const forward = changes.filter((c) => c.action !== 'delete');
  const deletes = changes.filter((c) => c.action === 'delete').reverse();
  return [...forward, ...deletes];
}
