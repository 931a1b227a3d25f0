// Rounds of one figure folded into what a reader can trust: the median (robust to the one round a
// background job slowed down) and the spread (min..max), so a figure that moves between rounds says
// so instead of hiding behind one lucky run. A virtual-time figure depends on orchestration only,
// not on the machine, so its rounds must agree within a stated tolerance; when they do not, the
// clock charged some round for real work and the figure is not to be trusted.
import type { Figure } from './scenario.ts';

/**
 * How far the rounds of a virtual-time figure may disagree by default, as (max − min) ÷ median.
 * Measured 2026-12-05 at load 4–8 on 2 cores, 3 interleaved rounds each of fleet-schema-changed-1000
 * (12 tenants), fleet-onboard-50 (6) and powerbi-onboard-realistic: with the in-flight clock
 * (bench/support/clock-settling.ts) every round read the same virtual time to the millisecond;
 * with the former quiet clock the same rounds spread 21 %, 15 % and 28 %, and its closest pair
 * of rounds was 3 % apart. 1 % flags a clock that charged a round for real work, with room for
 * orderings of simultaneous calls that a larger fleet may still vary.
 */
export const DEFAULT_TOLERANCE = 0.01;

export interface FigureStats extends Figure {
  /** Every round's value, in round order. */
  rounds: number[];
  min: number;
  max: number;
  /** (max − min) ÷ median: 0.05 means the rounds agree within 5 %. */
  spread: number;
  /** Virtual-time figures of more than one round: the spread exceeds `tolerance` (the figure's, the scenario's, or DEFAULT_TOLERANCE). */
  disagree?: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Folds the rounds of one scenario into one figure list. Figures are matched by name; the target,
 * bound and labels come from the first round that has the figure (they are computed, not measured).
 * A bound that is itself measured (e.g. a baseline timed in the same run) is folded like any value.
 */
export function foldRounds(rounds: readonly Figure[][], options: { tolerance?: number } = {}): FigureStats[] {
  const names = [...new Set(rounds.flatMap((r) => r.map((f) => f.name)))];
  return names.map((name) => {
    const present = rounds.map((r) => r.find((f) => f.name === name)).filter((f): f is Figure => f !== undefined);
    const values = present.map((f) => f.value);
    const value = median(values);
    const targets = present.map((f) => f.target).filter((t): t is number => t !== undefined);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const spread = value === 0 ? (max === min ? 0 : Infinity) : (max - min) / Math.abs(value);
    const checked = present[0].clock === 'virtual' && values.length > 1;
    const tolerance = present[0].tolerance ?? options.tolerance ?? DEFAULT_TOLERANCE;
    return {
      ...present[0],
      value,
      ...(targets.length ? { target: median(targets) } : {}),
      rounds: values,
      min,
      max,
      spread,
      ...(checked ? { tolerance, disagree: spread > tolerance } : {}),
    };
  });
}
