// An in-memory world and resources over it: the plan engine's own test double for a capability.
// A resource's state is a flat record; the world records every read and apply, and apply steps
// yield to the event loop (microtasks only, no timers) so concurrency actually interleaves.

import { createMemoryLogger, type Logger } from '../../src/log/index.ts';
import type { ContextFactory } from '../../src/plan/build.ts';
import type { Change, FieldChange, Resource, ResourceContext } from '../../src/plan/types.ts';

type State = Record<string, unknown>;

export interface World {
  /** `tenant/key` → state */
  states: Map<string, State>;
  reads: string[];
  applies: string[];
  /** `start:key` / `end:key` in the order they happened. */
  events: string[];
  inFlight: number;
  maxInFlight: number;
}

export function createWorld(): World {
  return { states: new Map(), reads: [], applies: [], events: [], inFlight: 0, maxInFlight: 0 };
}

export interface MemorySpec {
  key: string;
  kind?: string;
  dependsOn?: string[];
  desired?: State;
  /** Fields whose change destroys the resource: field → why. */
  replaceOn?: Record<string, string>;
  /** Deleting it destroys data, for this reason. */
  deleteDestroys?: string;
  /** Makes apply throw this message. */
  failWith?: string;
  /** Microtask turns apply (and read) takes; default 1. */
  turns?: number;
  verify?: (actual: State | undefined) => void;
  /** The create's summary; default `create <key>`. */
  summary?: string;
}

export function memoryResource(world: World, spec: MemorySpec): Resource<State, State> {
  const turns = spec.turns ?? 1;
  const resource: Resource<State, State> = {
    key: spec.key,
    kind: spec.kind ?? 'test.thing',
    dependsOn: spec.dependsOn ?? [],
    desired: spec.desired,
    async read(ctx) {
      world.reads.push(`${ctx.tenant}/${spec.key}`);
      await yieldTurns(turns);
      const state = world.states.get(`${ctx.tenant}/${spec.key}`);
      return state && { ...state };
    },
    diff: (desired, actual) => diffRecords(spec, desired, actual),
    async apply(ctx, change) {
      const id = `${ctx.tenant}/${spec.key}`;
      world.applies.push(`${change.action} ${id}`);
      world.events.push(`start:${spec.key}`);
      world.inFlight++;
      world.maxInFlight = Math.max(world.maxInFlight, world.inFlight);
      try {
        await yieldTurns(turns);
        if (spec.failWith) throw new Error(spec.failWith);
        if (change.action === 'delete') {
          world.states.delete(id);
          return undefined;
        }
        world.states.set(id, { ...spec.desired });
        return { ...spec.desired };
      } finally {
        world.inFlight--;
        world.events.push(`end:${spec.key}`);
      }
    },
  };
  if (spec.verify) {
    const check = spec.verify;
    resource.verify = async (_ctx, actual) => check(actual);
  }
  return resource;
}

function diffRecords(spec: MemorySpec, desired: State | undefined, actual: State | undefined): Change | undefined {
  if (desired === undefined && actual === undefined) return undefined;
  if (desired === undefined) {
    return spec.deleteDestroys
      ? { action: 'delete', fields: [], destroysData: true, reason: spec.deleteDestroys }
      : { action: 'delete', fields: [] };
  }
  if (actual === undefined) return { action: 'create', fields: [], summary: spec.summary ?? `create ${spec.key}` };
  const fields: FieldChange[] = [];
  // Walk the desired keys in their own order: the engine, not the resource, makes order stable.
  for (const path of new Set([...Object.keys(desired), ...Object.keys(actual)])) {
    if (JSON.stringify(desired[path]) === JSON.stringify(actual[path])) continue;
    const reason = spec.replaceOn?.[path];
    fields.push({ path, before: actual[path], after: desired[path], ...(reason ? { forcesReplacement: true, reason } : {}) });
  }
  if (fields.length === 0) return undefined;
  return { action: fields.some((f) => f.forcesReplacement) ? 'replace' : 'update', fields };
}

async function yieldTurns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

export function contextFactory(log: Logger = createMemoryLogger()): ContextFactory & { made: string[] } {
  const made: string[] = [];
  const factory = (tenant: string, info: { phase: string; force: boolean }): ResourceContext => {
    made.push(`${info.phase}:${tenant}`);
    return { tenant, allowDestroy: info.force, log, services: {} };
  };
  return Object.assign(factory, { made });
}

/** A fake clock: each reading advances by `step` ms. */
export function steppingClock(step = 1): () => number {
  let now = 0;
  return () => (now += step);
}
