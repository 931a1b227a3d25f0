// Wave planning, pure: the fleet's tenant codes and the rollout policy in, the waves out — the
// canary tenants first (in the policy's order), then batches of the rest in code order — and the
// halt rule a wave is judged by once its tenants have finished.

/** A count of tenants, or a percent of a whole (rounded up for batches). */
export type Amount = { count: number } | { percent: number };

export interface RolloutPolicy {
  canary: readonly string[];
  batch: Amount;
  haltAfter: Amount;
}

export interface Wave {
  /** 0 is the canary when there is one. */
  index: number;
  /** `canary`, `wave 1`, `wave 2`, ... */
  name: string;
  tenants: string[];
}

export const DEFAULT_POLICY: RolloutPolicy = { canary: [], batch: { percent: 25 }, haltAfter: { count: 0 } };

/** `50` → {count: 50}, `"25%"` → {percent: 25}; anything else undefined (validation has refused it). */
export function parseAmount(value: number | string | undefined): Amount | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? { count: value } : undefined;
  const m = typeof value === 'string' ? /^(\d{1,3})%$/.exec(value) : null;
  return m && Number(m[1]) <= 100 ? { percent: Number(m[1]) } : undefined;
}

/** platform.yaml's `rollout` section (validated, possibly absent) as a policy. */
export function toRolloutPolicy(config: { canary?: readonly string[]; batch?: number | string; haltAfter?: number | string } | undefined): RolloutPolicy {
  return {
    canary: [...(config?.canary ?? DEFAULT_POLICY.canary)],
    batch: parseAmount(config?.batch) ?? DEFAULT_POLICY.batch,
    haltAfter: parseAmount(config?.haltAfter) ?? DEFAULT_POLICY.haltAfter,
  };
}

export function formatAmount(amount: Amount): string {
  return 'count' in amount ? String(amount.count) : `${amount.percent}%`;
}

export interface WavePlan {
  waves: Wave[];
  /** Canary codes that are not tenants of the fleet: the caller refuses the rollout. */
  unknownCanary: string[];
}

/**
 * Canary first, then batches. A percent batch is of the tenants after the canary, rounded up and
 * at least 1, so 25% of 10 is 3, 3, 3, 1 and no wave is ever empty.
 */
export function planWaves(tenants: readonly string[], policy: RolloutPolicy): WavePlan {
  const known = new Set(tenants);
  const unknownCanary = policy.canary.filter((c) => !known.has(c));
  const canary = policy.canary.filter((c) => known.has(c));
  const inCanary = new Set(canary);
  const rest = [...tenants].filter((t) => !inCanary.has(t)).sort();
  const size = Math.max(1, 'count' in policy.batch ? policy.batch.count : Math.ceil((rest.length * policy.batch.percent) / 100));
  const waves: Wave[] = [];
  if (canary.length) waves.push({ index: 0, name: 'canary', tenants: canary });
  for (let i = 0; i < rest.length; i += size) {
    const index = waves.length;
    waves.push({ index, name: `wave ${canary.length ? index : index + 1}`, tenants: rest.slice(i, i + size) });
  }
  return { waves, unknownCanary };
}

/**
 * Whether a finished wave halts the rollout: its failures pass `haltAfter` (a count, or a percent
 * of the wave's tenants). `haltAfter: 0` halts on the first failure.
 */
export function shouldHalt(failed: number, waveSize: number, haltAfter: Amount): boolean {
  const allowed = 'count' in haltAfter ? haltAfter.count : (waveSize * haltAfter.percent) / 100;
  return failed > allowed;
}
