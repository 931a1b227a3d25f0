// Planning: read every resource's actual state (bounded concurrency, or nothing at all offline),
// diff it against the desired state and assemble the Plan. Pure apart from the reads, which the
// resources perform; apply re-runs the same steps to check the reviewed plan still holds.

import { InternalError } from '../errors/index.ts';
import { mapLimit } from './concurrency.ts';
import { ACTIONS } from './format.ts';
import { buildGraph, compareKeys, type ResourceGraph } from './graph.ts';
import { hashPlan, markCanonical, toPlainData } from './hash.ts';
import { emptyCounts, orderChanges, PLAN_VERSION, type Plan, type PlannedChange, type PlannedField, type TenantPlan } from './model.ts';
import { findGroupUnsafe, findUnsafe, type GroupedChange, type SafetyOptions } from './safety.ts';
import type { Change, ReadPass, Resource, ResourceContext, SafetyGroup, SnapshotRead } from './types.ts';

export type Phase = 'read' | 'apply' | 'verify';

/**
 * Makes the context resources run with, once per tenant and phase. `force` is what the caller
 * asked for; the factory decides `allowDestroy` from it (and from the QA gate it knows about).
 */
export type ContextFactory = (
  tenant: string,
  info: { phase: Phase; force: boolean },
) => ResourceContext | Promise<ResourceContext>;

export interface TenantResources {
  tenant: string;
  resources: readonly Resource[];
}

export interface BuildPlanOptions {
  tenants: readonly TenantResources[];
  /** Plan against an empty world: no context is made and no `read` is called. Default false. */
  offline?: boolean;
  /** Required unless offline. */
  createContext?: ContextFactory;
  safety?: SafetyOptions;
  /** Reads in flight at once, across all tenants; default 8. */
  concurrency?: number;
}

/** One resource as planning found it; apply needs the actual state and the resource's own Change. */
export interface Discovered {
  resource: Resource;
  actual: unknown;
  change?: Change;
}

export interface TenantState {
  tenant: string;
  graph: ResourceGraph;
  discovered: Map<string, Discovered>;
  plan: TenantPlan;
  /** The changes that count towards a shared threshold, in plan order; judged across tenants. */
  grouped: GroupedChange[];
  /** How a fleet-wide snapshot answered its reads, when one did (`ReadPass.snapshots`; see snapshot.ts). */
  snapshot?: SnapshotRead;
}

/** Reads, diffs and returns the Plan. */
export async function buildPlan(options: BuildPlanOptions): Promise<Plan> {
  return (await discoverPlan(options, { keepDiscovered: false })).plan;
}

/** buildPlan, also returning what was read, for apply. */
export async function discoverPlan(
  options: BuildPlanOptions,
  { keepDiscovered = true }: { keepDiscovered?: boolean } = {},
): Promise<{ plan: Plan; states: TenantState[] }> {
  const tenants = [...options.tenants].sort((a, b) => compareKeys(a.tenant, b.tenant));
  for (let i = 1; i < tenants.length; i++) {
    if (tenants[i].tenant === tenants[i - 1].tenant) throw new InternalError(`tenant ${tenants[i].tenant} is planned twice`);
  }
  const graphs = tenants.map((t) => buildGraph(t.tenant, t.resources));
  const read = options.offline
    ? { results: graphs.map((g) => new Map<string, unknown>(g.order.map((r) => [r.key, undefined]))), pass: undefined }
    : await readAll(tenants.map((t, i) => ({ tenant: t.tenant, graph: graphs[i] })), options);
  // A plan alone needs no per-resource state; keeping it for a thousand tenants doubles the memory.
  const states = tenants.map((t, i) => diffTenant(t.tenant, graphs[i], read.results[i], options.safety, keepDiscovered));
  for (const s of states) {
    const snapshot = read.pass?.snapshots.get(s.tenant);
    if (snapshot) s.snapshot = snapshot;
  }
  // Shared thresholds (a DNS zone) span tenants, so they are judged once every tenant is diffed.
  const grouped = findGroupUnsafe(states.flatMap((s) => s.grouped), options.safety);
  for (const s of states) s.plan.unsafe.push(...(grouped.get(s.tenant) ?? []));
  return { plan: assemblePlan(states.map((s) => s.plan), options.offline), states };
}

/** Reads one tenant's resources: what apply does again under the tenant's lock. */
export async function readTenant(
  tenant: string,
  graph: ResourceGraph,
  createContext: ContextFactory,
  concurrency = 8,
): Promise<Map<string, unknown>> {
  return (await readAll([{ tenant, graph }], { createContext, concurrency })).results[0];
}

/** Diffs one tenant's resources against what was read and plans its changes. */
export function diffTenant(
  tenant: string,
  graph: ResourceGraph,
  actuals: ReadonlyMap<string, unknown>,
  safety?: SafetyOptions,
  keepDiscovered = true,
): TenantState {
  const discovered = new Map<string, Discovered>();
  const forward: PlannedChange[] = [];
  const groups = new Map<string, SafetyGroup>();
  const counts = emptyCounts();
  for (const resource of graph.order) {
    const actual = actuals.get(resource.key);
    const change = resource.diff(resource.desired, actual);
    if (keepDiscovered) discovered.set(resource.key, { resource, actual, change });
    if (!change) {
      counts.noop++;
      continue;
    }
    if (!ACTIONS.includes(change.action)) {
      throw new InternalError(`tenant ${tenant}: resource ${resource.key} planned an unknown action "${String(change.action)}"`);
    }
    counts[change.action]++;
    forward.push(toPlannedChange(resource, change));
    if (change.safetyGroup) groups.set(resource.key, change.safetyGroup);
  }
  const changes = markCanonical(orderChanges(forward));
  const plan: TenantPlan = { tenant, changes, counts, unsafe: findUnsafe(tenant, changes, counts, safety) };
  const grouped = changes.flatMap((c) => {
    const group = groups.get(c.key);
    return group ? [{ tenant, key: c.key, action: c.action, group }] : [];
  });
  return { tenant, graph, discovered, plan, grouped };
}

export function assemblePlan(tenants: TenantPlan[], offline?: boolean): Plan {
  const plan: Plan = { version: PLAN_VERSION, hash: hashPlan({ version: PLAN_VERSION, tenants }), tenants };
  if (offline) plan.offline = true;
  return plan;
}

function toPlannedChange(resource: Resource, change: Change): PlannedChange {
  // Plain data from here on: what is hashed is exactly what a JSON round trip gives back. Only
  // field values can be anything; the rest is strings and booleans already. Keys are inserted in
  // sorted order (and toPlainData sorts nested ones), so JSON.stringify of a change is its
  // canonical JSON: hashing a large plan then costs a native stringify, not a JS walk.
  const fields = [...change.fields]
    .sort((a, b) => compareKeys(a.path, b.path))
    .map((f) => {
      const field = {} as PlannedField;
      if (f.after !== undefined) field.after = toPlainData(f.after);
      if (f.before !== undefined) field.before = toPlainData(f.before);
      if (f.forcesReplacement) field.forcesReplacement = true;
      field.path = f.path;
      if (f.reason !== undefined) field.reason = f.reason;
      return field;
    });
  const planned = { action: change.action } as PlannedChange;
  if (change.destroysData) planned.destroysData = true;
  planned.fields = fields;
  planned.key = resource.key;
  planned.kind = resource.kind;
  if (change.reason !== undefined) planned.reason = change.reason;
  planned.summary = change.summary ?? `${change.action} ${resource.kind}`;
  return planned;
}

async function readAll(
  tenants: { tenant: string; graph: ResourceGraph }[],
  options: { createContext?: ContextFactory; concurrency?: number },
): Promise<{ results: Map<string, unknown>[]; pass: ReadPass }> {
  const factory = options.createContext;
  if (!factory) throw new InternalError('buildPlan needs createContext unless it plans offline');
  // One context per tenant, made when its first read starts, all of them in this one pass.
  const pass: ReadPass = { codes: tenants.map((t) => t.tenant), shared: new Map(), snapshots: new Map() };
  const contexts = new Map<string, Promise<ResourceContext>>();
  const contextFor = (tenant: string) => {
    let ctx = contexts.get(tenant);
    if (!ctx) contexts.set(tenant, (ctx = Promise.resolve(factory(tenant, { phase: 'read', force: false })).then((c) => ({ ...c, pass }))));
    return ctx;
  };
  const jobs = tenants.flatMap((t, i) => t.graph.order.map((resource) => ({ i, tenant: t.tenant, resource })));
  const results = tenants.map(() => new Map<string, unknown>());
  await mapLimit(jobs, options.concurrency ?? 8, async (job) => {
    const actual = await job.resource.read(await contextFor(job.tenant));
    results[job.i].set(job.resource.key, actual);
  });
  return { results, pass };
}
