// What the fleet scenarios share: a repository of N copies of acme-training (42 reports each), the
// documented limits as the emulators' throttling and as our client's budgets (never a lifted
// rate), and the rate term of a bound from the emulators' request logs.
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOCUMENTED_LIMITS } from '../../src/http/index.ts';
import type { RequestLogEntry, World } from '@tenantops/emulators';
import { repoRoot } from '../../test/support/repo.ts';
import { CODE, type PowerBiBenchOptions } from '../scenarios/powerbi-onboard-realistic.ts';

export const POWERBI_PER_MINUTE = DOCUMENTED_LIMITS.powerbi.perMinute;
export const FABRIC_PER_MINUTE = DOCUMENTED_LIMITS.fabric.perMinute;

/** Polls: calls that only ask whether something has finished (left out of the fewest calls). */
export const POLLS = new Set(['operations.get', 'groups.capacityAssignmentStatus', 'datasets.refreshes', 'admin.capacities.refreshables']);

/** A temporary repository of `count` tenants, each a copy of acme-training; the caller removes it. */
export async function fleetRepository(count: number, prefix: string): Promise<{ root: string; codes: string[] }> {
  const root = await mkdtemp(path.join(tmpdir(), 'tenantops-bench-fleet-'));
  for (const entry of ['templates', 'platform.yaml', 'platform.schema.json']) await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
  await mkdir(path.join(root, 'tenants'));
  const template = await readFile(path.join(repoRoot, 'tenants', `${CODE}.yaml`), 'utf8');
  const codes = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
  for (const code of codes) await writeFile(path.join(root, 'tenants', `${code}.yaml`), template.replaceAll(CODE, code));
  return { root, codes };
}

/**
 * The most tenants one principal can onboard: Power BI caps a service principal at 1,000
 * workspaces (src/powerbi/access.ts refuses the next one), and ours is Admin of the template
 * workspace and of every tenant's — tenant profiles make the workspaces, but the Fabric item APIs
 * take no profile, so the principal creates and redeploys each tenant's model and stays a member
 * (DESIGN.md, Ownership). Profiles therefore do not lift the cap for this product: template + 999.
 */
export const TENANTS_PER_PRINCIPAL = 1000 - 1;

/**
 * The fleet scenarios onboard with service principal profiles (platform.yaml's default, pinned
 * here so the bench measures it whatever the file says): each tenant's workspace is made by its
 * own profile, as a fleet near 1,000 tenants must be, and at every scale, so a small run measures
 * the same calls (a profile per tenant, its template access) as the full one.
 */
export function withTenantProfiles<T extends { powerbi: { tenantProfiles: boolean } }>(platform: T): T {
  platform.powerbi.tenantProfiles = true;
  return platform;
}

/** Workspaces the principal itself is a member of (not through a profile): what the 1,000 cap counts. */
export function principalWorkspaces(world: World): number {
  let n = 0;
  for (const ws of world.state.workspaces.values()) if (ws.members.some((m) => m.principalType === 'App' && !m.profileId)) n++;
  return n;
}

/** Whose budget a Power BI call draws on is not documented: FLEET_POWERBI_PER selects it (default principal). */
export function powerbiBudgetPer(): 'principal' | 'profile' {
  return process.env.FLEET_POWERBI_PER === 'profile' ? 'profile' : 'principal';
}

/** The emulators throttling at the documented limits, and our client budgeting to the same figures. */
export function documentedLimits(per: 'principal' | 'profile'): Pick<PowerBiBenchOptions, 'throttling' | 'client'> {
  return {
    throttling: { powerbi: { per, perMinute: POWERBI_PER_MINUTE }, fabric: { perMinute: FABRIC_PER_MINUTE } },
    client: {
      powerbiBudgetPer: per,
      budgets: {
        powerbi: { perSecond: POWERBI_PER_MINUTE / 60, burst: POWERBI_PER_MINUTE },
        fabric: { perSecond: FABRIC_PER_MINUTE / 60, burst: FABRIC_PER_MINUTE },
      },
    },
  };
}

export interface RateTerm {
  /** Writes of the busiest budget ÷ its documented rate, ms. */
  ms: number;
  /** Writes of the busiest budget. */
  most: number;
  identities: number;
  writes: number;
  /**
   * The same writes less the bucket's burst (a minute's calls at once), ms: the formula
   * ignores the burst, so at small scale a run can beat it; this one it cannot.
   */
  burstAwareMs: number;
  /** Every call the busiest budget answered (reads and polls too), ÷ its rate, ms: where a rate-bound wall goes. */
  allCallsMs: number;
}

/** POSTs that change nothing: a scanner request only starts a read of the organisation. */
export const READ_POSTS: ReadonlySet<string> = new Set(['admin.workspaces.getInfo']);

/** A call that changed something (answered, not a poll, not a read made as a POST). */
export function isWrite(r: RequestLogEntry): boolean {
  return r.method !== 'GET' && r.status !== 429 && !POLLS.has(r.route ?? '') && !READ_POSTS.has(r.route ?? '');
}

/**
 * The rate term of a bound: the writes each budget (identity, or the principal whose budget it
 * draws on) made, reads, polls and 429-refused calls left out, so it is at most the fewest calls.
 */
export function rateTerm(entries: readonly RequestLogEntry[], perMinute: number): RateTerm {
  const writes = new Map<string, number>();
  for (const r of entries) {
    if (!isWrite(r)) continue;
    const key = r.identity?.rateKey ?? r.identity?.key ?? 'anonymous';
    writes.set(key, (writes.get(key) ?? 0) + 1);
  }
  const all = new Map<string, number>();
  for (const r of entries) {
    if (r.status === 429) continue;
    const key = r.identity?.rateKey ?? r.identity?.key ?? 'anonymous';
    all.set(key, (all.get(key) ?? 0) + 1);
  }
  const most = Math.max(0, ...writes.values());
  return {
    ms: (most / perMinute) * 60_000,
    most,
    identities: writes.size,
    writes: [...writes.values()].reduce((a, b) => a + b, 0),
    burstAwareMs: (Math.max(0, most - perMinute) / perMinute) * 60_000,
    allCallsMs: (Math.max(0, ...all.values()) / perMinute) * 60_000,
  };
}

/** Calls by kind, for the figure that says where the calls went. */
export function callMix(entries: readonly RequestLogEntry[]): { all: number; writes: number; reads: number; polls: number; throttled: number } {
  const polls = entries.filter((r) => POLLS.has(r.route ?? '')).length;
  return {
    all: entries.length,
    writes: entries.filter(isWrite).length,
    reads: entries.filter((r) => r.status !== 429 && !POLLS.has(r.route ?? '') && !isWrite(r)).length,
    polls,
    throttled: entries.filter((r) => r.status === 429).length,
  };
}

/** Reads by route, busiest first: where the calls beyond the writes go. */
export function readsByRoute(entries: readonly RequestLogEntry[]): string {
  const by = new Map<string, number>();
  for (const r of entries) if (r.method === 'GET' && r.status !== 429) by.set(r.route ?? '?', (by.get(r.route ?? '?') ?? 0) + 1);
  return [...by].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
}
