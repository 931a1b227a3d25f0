// Wave planning and the halt rule, as tables: canary first, batches of the rest, no empty wave,
// and a wave halting exactly when its failures pass haltAfter.
import { describe, expect, it } from 'vitest';
import { parseAmount, planWaves, shouldHalt, toRolloutPolicy, type Amount } from '../../src/rollout/index.ts';
import { validatePlatformText } from '../../src/config/index.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/repo.ts';

const codes = (n: number) => Array.from({ length: n }, (_, i) => `t${String(i).padStart(4, '0')}`);

describe('planWaves', () => {
  it.each([
    [10, [], { percent: 25 }, [3, 3, 3, 1]],
    [10, ['t0005', 't0001'], { count: 4 }, [2, 4, 4]],
    [3, [], { count: 50 }, [3]],
    [1, [], { percent: 1 }, [1]],
    [0, [], { percent: 25 }, []],
    [2000, ['t0000'], { percent: 10 }, [1, ...Array(9).fill(200), 199]],
  ] as const)('%i tenants, canary %j, batch %j → wave sizes %j', (n, canary, batch, sizes) => {
    const plan = planWaves(codes(n), { canary, batch, haltAfter: { count: 0 } });
    expect(plan.waves.map((w) => w.tenants.length)).toEqual(sizes);
    expect(plan.waves.flatMap((w) => w.tenants).sort()).toEqual(codes(n));
  });

  it('puts the canary first in its own order and names the waves', () => {
    const plan = planWaves(codes(5), { canary: ['t0004', 't0002'], batch: { count: 2 }, haltAfter: { count: 0 } });
    expect(plan.waves.map((w) => [w.name, w.tenants])).toEqual([
      ['canary', ['t0004', 't0002']],
      ['wave 1', ['t0000', 't0001']],
      ['wave 2', ['t0003']],
    ]);
  });

  it('reports canary codes that are not tenants', () => {
    expect(planWaves(codes(2), { canary: ['t0001', 'nope'], batch: { count: 1 }, haltAfter: { count: 0 } }).unknownCanary).toEqual(['nope']);
  });
});

describe('shouldHalt', () => {
  it.each([
    [0, 10, { count: 0 }, false],
    [1, 10, { count: 0 }, true],
    [2, 10, { count: 2 }, false],
    [3, 10, { count: 2 }, true],
    [1, 10, { percent: 10 }, false],
    [2, 10, { percent: 10 }, true],
    [1, 3, { percent: 50 }, false],
    [2, 3, { percent: 50 }, true],
    [10, 10, { percent: 100 }, false],
  ] as [number, number, Amount, boolean][])('%i failed of %i, haltAfter %j → %s', (failed, size, haltAfter, halts) => {
    expect(shouldHalt(failed, size, haltAfter)).toBe(halts);
  });
});

describe('the rollout section of platform.yaml', () => {
  const base = readFileSync(join(repoRoot, 'platform.yaml'), 'utf8');

  it('defaults to no canary, batch 25%, haltAfter 0', () => {
    const { config, findings } = validatePlatformText(base);
    expect(findings).toEqual([]);
    expect(toRolloutPolicy(config!.rollout)).toEqual({ canary: [], batch: { percent: 25 }, haltAfter: { count: 0 } });
  });

  it('reads counts and percents', () => {
    const { config, findings } = validatePlatformText(`${base}\nrollout:\n  canary: [acme-training]\n  batch: 50\n  haltAfter: 10%\n`);
    expect(findings).toEqual([]);
    expect(toRolloutPolicy(config!.rollout)).toEqual({ canary: ['acme-training'], batch: { count: 50 }, haltAfter: { percent: 10 } });
    expect(parseAmount('101%')).toBeUndefined();
  });

  it.each([
    ['batch: 0', 'rollout.batch 0 is not a count or a percent; allowed: a whole number of tenants from 1, or a percent from 1% to 100% such as 25%'],
    ['batch: 150%', 'rollout.batch "150%" is not a count or a percent; allowed: a whole number of tenants from 1, or a percent from 1% to 100% such as 25%'],
    ['haltAfter: -1', 'rollout.haltAfter -1 is not a count or a percent; allowed: a whole number of failed tenants from 0, or a percent from 0% to 100% such as 25%'],
    ['haltAfter: [1]', 'rollout.haltAfter a list is not a count or a percent; allowed: a whole number of failed tenants from 0, or a percent from 0% to 100% such as 25%'],
  ])('refuses %s with one positioned finding', (line, message) => {
    const text = `${base}\nrollout:\n  ${line}\n`;
    const { findings } = validatePlatformText(text);
    const at = text.split('\n').length - 1;
    expect(findings).toEqual([{ file: 'platform.yaml', line: at, col: line.indexOf(':') + 5, message }]);
  });

  it('refuses an unknown key and a canary that is not a code', () => {
    const { findings } = validatePlatformText(`${base}\nrollout:\n  canary: [Acme]\n  batchSize: 3\n`);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^rollout\.canary\[0\] "Acme" is not a valid name/),
      expect.stringMatching(/^unknown key "batchSize" in rollout/),
    ]);
  });
});
