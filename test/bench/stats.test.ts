import { describe, expect, it } from 'vitest';
import { renderRow } from '../../bench/scenario.ts';
import { DEFAULT_TOLERANCE, foldRounds, median } from '../../bench/stats.ts';

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
    expect(row).toBe('| s | onboard (virtual time) | 3 s (2–4, 2 rounds) | — | **rounds disagree** (spread 66.667 % > 1 %) |');
  });

  it('says when the rounds of a virtual-time figure disagree beyond the tolerance, and only for those', () => {
    const virtual = (value: number, extra = {}) => [{ name: 'onboard', value, unit: 's', clock: 'virtual' as const, ...extra }];
    const [apart] = foldRounds([virtual(100), virtual(103), virtual(110)]);
    expect(DEFAULT_TOLERANCE).toBe(0.01);
    expect(apart).toEqual(expect.objectContaining({ spread: 10 / 103, tolerance: 0.01, disagree: true }));
    const [row] = renderRow({ scenario: 's', figures: [apart], peakRssMb: 10 });
    expect(row).toBe('| s | onboard (virtual time) | 103 s (100–110, 3 rounds) | — | **rounds disagree** (spread 9.709 % > 1 %) |');

    expect(foldRounds([virtual(100), virtual(100.5), virtual(100.8)])[0].disagree).toBe(false);
    // The scenario's tolerance, and a figure's own before it.
    expect(foldRounds([virtual(100), virtual(110)], { tolerance: 0.1 })[0].disagree).toBe(false);
    expect(foldRounds([virtual(100, { tolerance: 0.01 }), virtual(102, { tolerance: 0.01 })], { tolerance: 0.1 })[0].disagree).toBe(true);
    // Wall-clock figures move with the machine; one round has nothing to compare.
    expect(foldRounds([[{ name: 'wall', value: 10, unit: 's' }], [{ name: 'wall', value: 30, unit: 's' }]])[0]).not.toHaveProperty('disagree');
    expect(foldRounds([virtual(100)])[0]).not.toHaveProperty('disagree');
  });

  it('keeps the target verdict beside the disagreement', () => {
    const rounds = [[{ name: 'ratio', value: 1.1, unit: '×', target: 1.2, direction: 'max' as const, clock: 'virtual' as const }], [{ name: 'ratio', value: 1.3, unit: '×', target: 1.2, direction: 'max' as const, clock: 'virtual' as const }], [{ name: 'ratio', value: 1.4, unit: '×', target: 1.2, direction: 'max' as const, clock: 'virtual' as const }]];
    const [row] = renderRow({ scenario: 's', figures: foldRounds(rounds), peakRssMb: 10 });
    expect(row).toBe('| s | ratio (virtual time) | 1.3 × (1.1–1.4, 3 rounds) | ≤ 1.2 × | **not met**; **rounds disagree** (spread 23.077 % > 1 %) |');
  });
});
