// Rounds of one figure folded into what a reader can trust: the median (robust to the one round a
// background job slowed down) and the spread (min..max), so a figure that moves between rounds says
// so instead of hiding behind one lucky run.
import type { Figure } from './scenario.ts';

export interface FigureStats extends Figure {
  /** Every round's value, in round order. */
  rounds: number[];
  min: number;
  max: number;
  /** (max − min) ÷ median: 0.05 means the rounds agree within 5 %. */
  spread: number;
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
export function foldRounds(rounds: readonly Figure[][]): FigureStats[] {
  const names = [...new Set(rounds.flatMap((r) => r.map((f) => f.name)))];
  return names.map((name) => {
    const present = rounds.map((r) => r.find((f) => f.name === name)).filter((f): f is Figure => f !== undefined);
    const values = present.map((f) => f.value);
    const value = median(values);
    const targets = present.map((f) => f.target).filter((t): t is number => t !== undefined);
    const min = Math.min(...values);
    const max = Math.max(...values);
    return {
      ...present[0],
      value,
      ...(targets.length ? { target: median(targets) } : {}),
      rounds: values,
      min,
      max,
      spread: value === 0 ? (max === min ? 0 : Infinity) : (max - min) / Math.abs(value),
    };
  });
}
