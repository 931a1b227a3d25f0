import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGREEMENT_ROUNDS, roundsOf, WALL_CLOCK_ROUNDS, type Scenario } from '../../bench/scenario.ts';
import { repoRoot } from '../support/repo.ts';

const dir = path.join(repoRoot, 'bench', 'scenarios');
const names = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
/** Scenarios with a figure timed on the wall clock (a CLI, PostgreSQL): they need the rounds a median needs. */
const WALL_CLOCK = /^(validate-plan|provision)-/;

describe('rounds per scenario', () => {
  it('are --rounds when given, else the scenario\'s own, else the wall-clock rounds', () => {
    expect(roundsOf({ rounds: AGREEMENT_ROUNDS }, 3)).toBe(3);
    expect(roundsOf({ rounds: AGREEMENT_ROUNDS })).toBe(2);
    expect(roundsOf({})).toBe(WALL_CLOCK_ROUNDS);
    expect(WALL_CLOCK_ROUNDS).toBe(5);
  });

  it('are two for virtual-time and call-count scenarios (the agreement check) and five for wall-clock ones', async () => {
    const rounds: Record<string, number | undefined> = {};
    for (const name of names) rounds[name] = ((await import(path.join(dir, `${name}.ts`))) as { default: Scenario }).default.rounds;
    const expected = Object.fromEntries(names.map((n) => [n, WALL_CLOCK.test(n) ? WALL_CLOCK_ROUNDS : AGREEMENT_ROUNDS]));
    expect(rounds).toEqual(expected);
    // Both kinds exist: a renamed scenario cannot silently leave the wall-clock rule matching nothing.
    expect(Object.values(rounds)).toEqual(expect.arrayContaining([AGREEMENT_ROUNDS, WALL_CLOCK_ROUNDS]));
  });
});
