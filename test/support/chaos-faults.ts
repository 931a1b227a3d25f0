// Onboardings under seeded random faults, shared by test/chaos/faults.test.ts (a few) and
// scripts/chaos.ts (100): every Power BI, Fabric and GoDaddy route fails at random with 429 (with
// Retry-After), 503, 500, a connection reset, or a 500 / reset AFTER the call took effect (the
// change happened, the caller never heard); optionally one call held until the client gives up
// (a timeout: costs the client's 100 s, so the script asks for it on a few onboardings only).
// An onboarding converges first time, or fails precisely and converges on a re-run without faults;
// either way its end state is the clean run's and nothing is duplicated.
import { isDeepStrictEqual } from 'node:util';
import type { FaultRule } from '@tenantops/emulators';
import { duplicates, type Sweep } from './chaos-sweep.ts';

export const FAULT_KINDS = ['429', '5xx', 'reset', 'after-effect', 'timeout'] as const;
export type FaultLabel = (typeof FAULT_KINDS)[number];

/** The rules for one onboarding, by the label its faults are counted under. */
function rules(seed: number, timeout: boolean): [FaultLabel, FaultRule][] {
  const out: [FaultLabel, FaultRule][] = [
    ['429', { seed: seed * 10 + 1, probability: 0.05, kinds: ['status'], status: 429, retryAfter: 1 }],
    ['5xx', { seed: seed * 10 + 2, probability: 0.03, kinds: ['status'], status: 503 }],
    ['5xx', { seed: seed * 10 + 3, probability: 0.02, kinds: ['status'], status: 500 }],
    ['reset', { seed: seed * 10 + 4, probability: 0.02, kinds: ['reset'] }],
    ['after-effect', { seed: seed * 10 + 5, probability: 0.02, kinds: ['status', 'reset'], status: 500, when: 'after' }],
  ];
  if (timeout) out.push(['timeout', { route: 'GET /**', kind: 'timeout', nth: 1 + (seed % 5), times: 1 }]);
  return out;
}

export interface FaultedOnboarding {
  seed: number;
  faults: Record<FaultLabel, number>;
  outcome: 'first-time' | 're-run' | 'not-converged';
  /** How the first run failed, when it did (what the operator would read). */
  failure?: string;
  /** What differs from the clean run, or the duplicates found; empty when converged. */
  problems: string[];
}

/**
 * One onboarding of `code` from nothing under the seed's faults (in process, waits shortened),
 * then, when it failed, a re-run without faults; compared with `clean` (Sweep.endState of a clean run).
 * Leaves the world as it ended: the caller resets.
 */
export async function faultedOnboarding(sweep: Sweep, code: string, seed: number, clean: unknown, options: { timeout?: boolean } = {}): Promise<FaultedOnboarding> {
  const emulators = [sweep.sandbox.powerbi, sweep.sandbox.fabric, ...(sweep.sandbox.godaddy ? [sweep.sandbox.godaddy] : [])];
  const labels = new Map<string, FaultLabel>();
  emulators.forEach((emulator, e) => {
    // Only the timeout goes to one emulator (Power BI): one 100 s hold per onboarding is plenty.
    const chosen = rules(seed + e * 1000, !!options.timeout && e === 0);
    emulator.addFaults(chosen.map(([, r]) => r)).forEach((state, k) => labels.set(`${e}/${state.id}`, chosen[k][0]));
  });
  let failure: string | undefined;
  try {
    const result = await sweep.applyInProcess(code);
    const failed = result.tenants.flatMap((t) => t.failed);
    if (failed.length) failure = failed.map((f) => JSON.stringify(f).slice(0, 400)).join('; ');
  } catch (err) {
    failure = (err as Error).message;
  }
  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultLabel, number>;
  emulators.forEach((emulator, e) => {
    for (const state of emulator.faults()) faults[labels.get(`${e}/${state.id}`)!] += state.fired;
    emulator.clearFaults();
  });
  if (failure) {
    const rerun = await sweep.applyInProcess(code);
    const failed = rerun.tenants.flatMap((t) => t.failed);
    if (failed.length) return { seed, faults, outcome: 'not-converged', failure, problems: [`the re-run failed too: ${JSON.stringify(failed).slice(0, 800)}`] };
  }
  const after = await sweep.endState(code);
  const problems = [...duplicates(sweep, code)];
  if (!isDeepStrictEqual(after, clean)) problems.push(`end state differs from the clean run's at ${firstDifference(clean, after)}`);
  return { seed, faults, outcome: problems.length ? 'not-converged' : failure ? 're-run' : 'first-time', failure, problems };
}

/** Where two snapshots first differ, as `$.path: clean …, re-run …`. */
export function firstDifference(a: unknown, b: unknown, at = '$'): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
      if (found) return found;
    }
  }
  return `${at}: clean ${JSON.stringify(a)?.slice(0, 300)}, re-run ${JSON.stringify(b)?.slice(0, 300)}`;
}
