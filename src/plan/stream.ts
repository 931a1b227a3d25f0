// A plan as the renderers take it (PlanView): up front, what headers and totals need — the hash and
// each tenant's counts and unsafe reasons — then the tenants' changes one at a time. An offline plan
// of a large fleet is never held whole (10,000 tenants' changes are over a gigabyte): it is planned
// tenant by tenant twice, once for the hash and the totals, keeping nothing else, and again while
// the output is written. Offline planning reads nothing and is pure, so both passes agree; an
// online plan reads the world once and is held (viewOfPlan).

import { InternalError } from '../errors/index.ts';
import { diffTenant } from './build.ts';
import { buildGraph, compareKeys } from './graph.ts';
import { createPlanHasher, markCanonical } from './hash.ts';
import { PLAN_VERSION, type Plan, type PlanCounts, type TenantPlan, type UnsafeReason } from './model.ts';
import { findGroupUnsafe, type GroupedChange, type SafetyOptions } from './safety.ts';
import type { Resource } from './types.ts';

/** One tenant of a plan without its changes: what a header, a total or an exit code needs. */
export interface TenantSummary {
  tenant: string;
  counts: PlanCounts;
  unsafe: UnsafeReason[];
  changeCount: number;
}

export interface PlanView {
  version: typeof PLAN_VERSION;
  hash: string;
  offline?: boolean;
  /** Every tenant in plan order. */
  tenants: readonly TenantSummary[];
  /** Every tenant's plan in plan order, each made (or taken) as it is asked for. */
  plans(): Iterable<TenantPlan>;
}

export interface StreamOfflinePlanOptions {
  /** Tenant codes; planned in code order, as buildPlan does. */
  tenants: readonly string[];
  /** One tenant's resources, made anew on each call so nothing of a tenant outlives its turn. */
  resources: (tenant: string) => readonly Resource[];
  safety?: SafetyOptions;
}

/** An offline plan, equal to buildPlan({ offline: true }) of the same resources, never held whole. */
export function streamOfflinePlan(options: StreamOfflinePlanOptions): PlanView {
  const codes = [...options.tenants].sort(compareKeys);
  for (let i = 1; i < codes.length; i++) {
    if (codes[i] === codes[i - 1]) throw new InternalError(`tenant ${codes[i]} is planned twice`);
  }
  const planOne = (tenant: string) => diffTenant(tenant, buildGraph(tenant, options.resources(tenant)), NOTHING_READ, options.safety, false);

  const hasher = createPlanHasher();
  const tenants: TenantSummary[] = [];
  const grouped: GroupedChange[] = [];
  for (const tenant of codes) {
    const state = planOne(tenant);
    hasher.add(tenant, state.plan.changes);
    tenants.push({ tenant, counts: state.plan.counts, unsafe: state.plan.unsafe, changeCount: state.plan.changes.length });
    grouped.push(...state.grouped);
  }
  // Shared thresholds (a DNS zone) span tenants: judged once every tenant is diffed, as buildPlan does.
  const groupUnsafe = findGroupUnsafe(grouped, options.safety);
  for (const t of tenants) t.unsafe.push(...(groupUnsafe.get(t.tenant) ?? []));

  return {
    version: PLAN_VERSION,
    hash: hasher.digest(PLAN_VERSION),
    offline: true,
    tenants,
    *plans() {
      for (const t of tenants) {
        if (t.changeCount === 0) {
          yield unchangedPlan(t);
          continue;
        }
        const plan = planOne(t.tenant).plan;
        if (plan.changes.length !== t.changeCount) {
          throw new InternalError(`tenant ${t.tenant} planned ${plan.changes.length} changes the second time, ${t.changeCount} the first`);
        }
        plan.unsafe = t.unsafe;
        yield plan;
      }
    },
  };
}

/** A plan already held (an online plan), as the renderers take it. */
export function viewOfPlan(plan: Plan): PlanView {
  const view: PlanView = {
    version: plan.version,
    hash: plan.hash,
    tenants: plan.tenants.map((t) => ({ tenant: t.tenant, counts: t.counts, unsafe: t.unsafe, changeCount: t.changes.length })),
    plans: () => plan.tenants,
  };
  if (plan.offline !== undefined) view.offline = plan.offline;
  return view;
}

const NOTHING_READ: ReadonlyMap<string, unknown> = new Map();

// Key order as diffTenant builds a tenant's plan, so its JSON reads the same.
function unchangedPlan(t: TenantSummary): TenantPlan {
  return { tenant: t.tenant, changes: markCanonical([]), counts: t.counts, unsafe: t.unsafe };
}
