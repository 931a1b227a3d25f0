import { describe, expect, it } from 'vitest';
import { renderRow } from '../../bench/scenario.ts';
import { foldRounds, median } from '../../bench/stats.ts';

describe('benchmark rounds', () => {
  it('takes the median, robust to one slow round', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, 1, 1, 1, 50])).toBe(1);
  });

  it('folds rounds by figure name, keeping every round and the spread', () => {
    const folded = foldRounds([
      [{ name: 'wall', value: 10, unit: 's', target: 12, direction: 'max' }],
      [{ name: 'wall', value: 11, unit: 's', target: 12, direction: 'max' }],
      [{ name: 'wall', value: 30, unit: 's', target: 12, direction: 'max' }],
    ]);
    expect(folded).toEqual([expect.objectContaining({ name: 'wall', value: 11, target: 12, rounds: [10, 11, 30], min: 10, max: 30, spread: 20 / 11 })]);
  });

  it('renders the median with its range and labels virtual-time figures', () => {
    const [row] = renderRow({ scenario: 's', figures: foldRounds([[{ name: 'onboard', value: 2, unit: 's', clock: 'virtual' }], [{ name: 'onboard', value: 4, unit: 's', clock: 'virtual' }]]), peakRssMb: 10 });
    expect(row).toBe('| s | onboard (virtual time) | 3 s (2–4, 2 rounds) | — | — |');
  });
});
