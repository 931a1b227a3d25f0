// Post-apply checks: each resource that offers `verify` confirms its actual state works (an embed
// token, a role that can log in...). Run right after apply on what was applied, or on its own
// (`verifyPlan`) as a phase of its own, e.g. before the QA gate.

import { compareKeys, buildGraph } from './graph.ts';
import { readTenant, type ContextFactory, type TenantResources } from './build.ts';
import { ApplyResultError } from './result.ts';
import { runScheduled, type ScheduleOutcome } from './schedule.ts';
import type { Resource, ResourceContext } from './types.ts';

export interface VerifyPlanOptions {
  tenants: readonly TenantResources[];
  createContext: ContextFactory;
  /** Reads and checks in flight per tenant; default 4. */
  concurrency?: number;
}

export interface TenantVerifyResult {
  tenant: string;
  verified: string[];
  failed: string[];
}

export interface VerifyResult {
  tenants: TenantVerifyResult[];
}

/**
 * Reads every resource that should exist and has `verify`, and verifies it. Throws an
 * ApplyResultError (an ApplyError) gathering every failed check; returns the summary otherwise.
 */
export async function verifyPlan(options: VerifyPlanOptions): Promise<VerifyResult> {
  const tenants = [...options.tenants].sort((a, b) => compareKeys(a.tenant, b.tenant));
  const results: TenantVerifyResult[] = [];
  const failures: { key: string; error: Error }[] = [];
  for (const t of tenants) {
    const graph = buildGraph(t.tenant, t.resources);
    const targets = graph.order.filter((r) => r.verify && r.desired !== undefined);
    const onlyTargets = { ...graph, order: targets };
    const actuals = await readTenant(t.tenant, onlyTargets, options.createContext, options.concurrency ?? 4);
    const ctx = await options.createContext(t.tenant, { phase: 'verify', force: false });
    const outcome = await verifyResources(ctx, targets.map((r) => ({ resource: r, actual: actuals.get(r.key) })), options.concurrency);
    results.push({ tenant: t.tenant, verified: outcome.succeeded, failed: outcome.failed.map((f) => f.key) });
    failures.push(...outcome.failed.map((f) => ({ key: `${t.tenant} ${f.key} (verify)`, error: f.error })));
  }
  const result = { tenants: results };
  if (failures.length > 0) throw new ApplyResultError(failures, result);
  return result;
}

/** Verifies resources independently of each other; every failure is kept. Keys keep input order. */
export async function verifyResources(
  ctx: ResourceContext,
  items: readonly { resource: Resource; actual: unknown }[],
  concurrency = 4,
): Promise<ScheduleOutcome> {
  const byKey = new Map(items.filter((i) => i.resource.verify).map((i) => [i.resource.key, i]));
  const order = [...byKey.keys()];
  const outcome = await runScheduled(
    order.map((key) => ({ key, waitsFor: [] })),
    async (key) => {
      const { resource, actual } = byKey.get(key)!;
      await resource.verify!(ctx, actual);
    },
    { concurrency },
  );
  const rank = new Map(order.map((k, i) => [k, i]));
  outcome.succeeded.sort((a, b) => rank.get(a)! - rank.get(b)!);
  outcome.failed.sort((a, b) => rank.get(a.key)! - rank.get(b.key)!);
  return outcome;
}
