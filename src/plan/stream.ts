// A plan as the renderers take it (PlanView): up front, what headers and totals need — the hash and
// each tenant's counts and unsafe reasons — then the tenants' changes one at a time. An offline plan
// of a large fleet is never held whole (10,000 tenants' changes are over a gigabyte) and is planned
// once: tenant by tenant, each tenant's part of every output is rendered as soon as it is planned
// and spilled to a private temporary file, and once the hash and totals are known the header is
// written followed by the spilled parts. An online plan reads the world once and is held (viewOfPlan).

import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InternalError } from '../errors/index.ts';
import { diffTenant } from './build.ts';
import { buildGraph, compareKeys } from './graph.ts';
import { createPlanHasher } from './hash.ts';
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

/** A plan without its changes: what a header, a footer or an exit code needs. */
export interface PlanHeader {
  version: typeof PLAN_VERSION;
  hash: string;
  offline?: boolean;
  /** Every tenant in plan order. */
  tenants: readonly TenantSummary[];
}

export interface PlanView extends PlanHeader {
  /** Every tenant's plan in plan order. */
  plans(): Iterable<TenantPlan>;
}

/**
 * One output of a plan, in three parts, each the output's text ('' for nothing). A tenant's part
 * needs that tenant's plan only, so it can be made before the header, which needs every tenant.
 */
export interface PlanRendering {
  head(plan: PlanHeader): string;
  /** `index` is the tenant's place in plan order. */
  tenant(plan: TenantPlan, index: number): string;
  tail(plan: PlanHeader): string;
}

/** A rendering's output of a plan, part by part (a tenant at a time), empty parts left out. */
export function* renderChunks(plan: PlanView, rendering: PlanRendering): Generator<string> {
  const head = rendering.head(plan);
  if (head) yield head;
  let index = 0;
  for (const t of plan.plans()) {
    const part = rendering.tenant(t, index++);
    if (part) yield part;
  }
  const tail = rendering.tail(plan);
  if (tail) yield tail;
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

export interface OfflinePlanOptions {
  /** Tenant codes; planned in code order, as buildPlan does. */
  tenants: readonly string[];
  /** One tenant's resources, made anew on each call so nothing of a tenant outlives its turn. */
  resources: (tenant: string) => readonly Resource[];
  safety?: SafetyOptions;
  /** Where the private spill directory is made; default os.tmpdir(). */
  spillRoot?: string;
}

/** An offline plan whose outputs are spilled, open while withOfflinePlan's callback runs. */
export interface SpilledPlan extends PlanHeader {
  /**
   * The output of renderings[index], in order: the header, then the tenants' parts as spilled
   * (one chunk per tenant), then the tail. It may be read more than once.
   */
  chunks(index: number): Generator<string>;
}

/**
 * Plans offline, equal to buildPlan({ offline: true }) of the same resources, each tenant once and
 * never the whole plan held: every tenant's part of each rendering goes to a file of its own in a
 * private directory (0700, files 0600) that is removed when `use` settles, fulfilled or not.
 */
export async function withOfflinePlan<T>(
  options: OfflinePlanOptions,
  renderings: readonly PlanRendering[],
  use: (plan: SpilledPlan) => Promise<T>,
): Promise<T> {
  const codes = [...options.tenants].sort(compareKeys);
  for (let i = 1; i < codes.length; i++) {
    if (codes[i] === codes[i - 1]) throw new InternalError(`tenant ${codes[i]} is planned twice`);
  }
  // Plans hold no secrets, but another user of the machine has no business reading one.
  const dir = mkdtempSync(join(options.spillRoot ?? tmpdir(), 'tenantops-plan-'));
  const fds: number[] = [];
  try {
    for (let r = 0; r < renderings.length; r++) fds.push(openSync(join(dir, `${r}.part`), 'wx+', 0o600));
    const plan = planInto(codes, options, renderings, fds);
    return await use(plan);
  } finally {
    for (const fd of fds) closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

function planInto(codes: readonly string[], options: OfflinePlanOptions, renderings: readonly PlanRendering[], fds: readonly number[]): SpilledPlan {
  const hasher = createPlanHasher();
  const tenants: TenantSummary[] = [];
  const grouped: GroupedChange[] = [];
  // Per rendering, each tenant's spilled bytes in plan order.
  const sizes = renderings.map(() => new Array<number>(codes.length).fill(0));
  // A tenant a shared threshold could still make unsafe, rendered once that is judged. Offline,
  // against an empty world, every real change is a create, which no threshold counts: only a test
  // double lands here, so holding these plans keeps memory flat for any real fleet.
  const held = new Map<number, TenantPlan>();
  codes.forEach((tenant, index) => {
    const { plan, grouped: ofTenant } = diffTenant(tenant, buildGraph(tenant, options.resources(tenant)), NOTHING_READ, options.safety, false);
    hasher.add(tenant, plan.changes);
    tenants.push({ tenant, counts: plan.counts, unsafe: plan.unsafe, changeCount: plan.changes.length });
    grouped.push(...ofTenant);
    if (ofTenant.some((g) => g.action !== 'create')) {
      held.set(index, plan);
      return;
    }
    renderings.forEach((rendering, r) => (sizes[r][index] = writeAll(fds[r], rendering.tenant(plan, index))));
  });
  // Shared thresholds (a DNS zone) span tenants: judged once every tenant is diffed, as buildPlan does.
  // A summary's unsafe list is its plan's, so a held plan gets its group reasons too.
  const groupUnsafe = findGroupUnsafe(grouped, options.safety);
  for (const t of tenants) t.unsafe.push(...(groupUnsafe.get(t.tenant) ?? []));

  const header: PlanHeader = { version: PLAN_VERSION, hash: hasher.digest(PLAN_VERSION), offline: true, tenants };
  return {
    ...header,
    *chunks(r) {
      const rendering = renderings[r];
      const head = rendering.head(header);
      if (head) yield head;
      let position = 0;
      const buffer = { bytes: Buffer.allocUnsafe(64 * 1024) };
      for (let index = 0; index < codes.length; index++) {
        const plan = held.get(index);
        const part = plan ? rendering.tenant(plan, index) : readPart(fds[r], sizes[r][index], position, buffer);
        if (!plan) position += sizes[r][index];
        if (part.length > 0) yield part;
      }
      const tail = rendering.tail(header);
      if (tail) yield tail;
    },
  };
}

/** Appends text to the file, returning its size in bytes. */
function writeAll(fd: number, text: string): number {
  if (!text) return 0;
  // Written as a string: a Buffer copy of every tenant's part would be garbage the size of the plan.
  const size = Buffer.byteLength(text);
  const written = writeSync(fd, text);
  if (written !== size) throw new InternalError(`the plan spilled ${written} of ${size} bytes`);
  return size;
}

/**
 * A spilled part as text, read through one buffer: a fresh Buffer per tenant is memory outside the
 * heap that the collector frees late (a 10,000-tenant plan rose 60 MB that way); a string is freed
 * as any other.
 */
function readPart(fd: number, size: number, position: number, buffer: { bytes: Buffer }): string {
  if (buffer.bytes.length < size) buffer.bytes = Buffer.allocUnsafe(Math.max(size, 2 * buffer.bytes.length));
  for (let done = 0; done < size; ) {
    const n = readSync(fd, buffer.bytes, done, size - done, position + done);
    if (n === 0) throw new InternalError(`the spilled plan ended ${size - done} bytes early`);
    done += n;
  }
  return buffer.bytes.toString('utf8', 0, size);
}

const NOTHING_READ: ReadonlyMap<string, unknown> = new Map();
