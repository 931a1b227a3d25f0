// The resource graph of one tenant: validation (unique keys, known dependencies, no cycles) and
// a deterministic topological order. Resource sets are assembled by our own code, so a broken
// graph is a bug of ours (InternalError), not a user mistake.

import { InternalError } from '../errors/index.ts';
import type { Resource } from './types.ts';

/** The validated graph: resources in dependency order, and each key's direct dependents. */
export interface ResourceGraph {
  /** Dependencies before dependents; ties broken by key so the order never depends on input order. */
  order: Resource[];
  byKey: Map<string, Resource>;
  /** key → keys of the resources that depend on it directly. */
  dependents: Map<string, string[]>;
}

/** Validates one tenant's resources and orders them; throws InternalError naming the fault. */
export function buildGraph(tenant: string, resources: readonly Resource[]): ResourceGraph {
  const byKey = new Map<string, Resource>();
  for (const r of resources) {
    if (byKey.has(r.key)) throw new InternalError(`tenant ${tenant}: resource key "${r.key}" is used twice`);
    byKey.set(r.key, r);
  }
  const dependents = new Map<string, string[]>();
  for (const r of resources) dependents.set(r.key, []);
  for (const r of resources) {
    for (const dep of new Set(r.dependsOn)) {
      if (!byKey.has(dep)) {
        throw new InternalError(`tenant ${tenant}: resource "${r.key}" depends on "${dep}", which is not in the tenant's resource set`);
      }
      dependents.get(dep)!.push(r.key);
    }
  }
  for (const list of dependents.values()) list.sort(compareKeys);
  return { order: sortTopologically(tenant, byKey, dependents), byKey, dependents };
}

/** Dependents before dependencies: the order deletes run in. */
export function reverseOrder(graph: ResourceGraph): Resource[] {
  return [...graph.order].reverse();
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Kahn's algorithm with the ready set kept sorted by key, so ties always resolve the same way.
function sortTopologically(
  tenant: string,
  byKey: Map<string, Resource>,
  dependents: Map<string, string[]>,
): Resource[] {
  const waiting = new Map<string, number>();
  for (const r of byKey.values()) waiting.set(r.key, new Set(r.dependsOn).size);
  const ready = [...byKey.keys()].filter((k) => waiting.get(k) === 0).sort(compareKeys);
  const order: Resource[] = [];
  while (ready.length > 0) {
    const key = ready.shift()!;
    order.push(byKey.get(key)!);
    for (const next of dependents.get(key)!) {
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) insertSorted(ready, next);
    }
  }
  if (order.length < byKey.size) {
    const stuck = new Set([...waiting].filter(([, n]) => n > 0).map(([k]) => k));
    throw new InternalError(`tenant ${tenant}: resource graph has a cycle (→ reads "depends on"): ${describeCycle(byKey, stuck).join(' → ')}`);
  }
  return order;
}

function insertSorted(list: string[], key: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, key);
}

// Every resource left over by Kahn's algorithm still waits on another left-over one, so walking
// "smallest stuck dependency" from the smallest stuck key must come back to a key already seen.
function describeCycle(byKey: Map<string, Resource>, stuck: Set<string>): string[] {
  const path: string[] = [];
  const seenAt = new Map<string, number>();
  let key = [...stuck].sort(compareKeys)[0];
  while (!seenAt.has(key)) {
    seenAt.set(key, path.length);
    path.push(key);
    key = byKey.get(key)!.dependsOn.filter((d) => stuck.has(d)).sort(compareKeys)[0];
  }
  return [...path.slice(seenAt.get(key)!), key];
}
