// strategy.matrix: vectors, include/exclude, fromJSON matrices, fail-fast, max-parallel, the 256 cap.
import { describe, expect, it } from 'vitest';
import { MATRIX_JOB_LIMIT, MatrixError } from '../../dev/runner/index.ts';
import { expandMatrix } from '../../dev/runner/matrix.ts';
import { setupBenches } from './fixture-repo.ts';

const openBench = setupBenches();

describe('matrix expansion (GitHub examples)', () => {
  it('extends matching combinations with include and adds the ones that match none', () => {
    // The documentation's example for "Expanding or adding matrix configurations".
    const combos = expandMatrix('x', {
      fruit: ['apple', 'pear'],
      animal: ['cat', 'dog'],
      include: [{ color: 'green' }, { color: 'pink', animal: 'cat' }, { fruit: 'apple', shape: 'circle' }, { fruit: 'banana' }, { fruit: 'banana', animal: 'cat' }],
    });
    expect(combos).toEqual([
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ]);
  });

  it('removes excluded combinations by partial match', () => {
    const combos = expandMatrix('x', { os: ['macos', 'windows'], version: [12, 14, 16], environment: ['staging', 'production'], exclude: [{ os: 'macos', version: 12, environment: 'production' }, { os: 'windows', version: 16 }] });
    expect(combos).toHaveLength(12 - 1 - 2);
  });

  it(`refuses more than ${MATRIX_JOB_LIMIT} jobs and an empty vector`, () => {
    const values = Array.from({ length: 16 }, (_, i) => i);
    expect(expandMatrix('ok', { a: values, b: values })).toHaveLength(256);
    expect(() => expandMatrix('big', { a: values, b: [...values, 16] })).toThrow(new MatrixError("Strategy produced more than 256 jobs: job 'big' expands to 272 configurations"));
    expect(() => expandMatrix('empty', { tenant: [] })).toThrow("Matrix vector 'tenant' does not contain any values");
  });
});

describe('matrix jobs in a run', () => {
  it('runs every combination, one at a time under max-parallel, with matrix and strategy contexts', async () => {
    const bench = openBench();
    const { runs } = await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'matrix.yml' });
    const run = await runs[0].done;
    const build = run.jobs.filter((j) => j.id === 'build');
    expect(build.map((j) => j.name).sort()).toEqual(['build (linux, 22, true)', 'build (linux, 24, true)', 'build (mac, 24)', 'build (windows, 24)']);
    expect(build.flatMap((j) => j.steps[0].log.filter((l) => !l.startsWith('##[') && !l.startsWith('shell:')))).toEqual(['linux-22-true 0/4', 'linux-24-true 1/4', 'mac-24- 2/4', 'windows-24- 3/4']);

    // fail-fast: false lets the other tenants finish; the job's result is still failure.
    const tenants = run.jobs.filter((j) => j.id === 'tenants');
    expect(Object.fromEntries(tenants.map((j) => [j.matrix?.tenant, j.conclusion]))).toEqual({ acme: 'success', globex: 'failure', initech: 'success' });

    // fail-fast (the default): acme fails, the others are cancelled before their sleep ends.
    const fast = run.jobs.filter((j) => j.id === 'fast');
    expect(Object.fromEntries(fast.map((j) => [j.matrix?.tenant, j.conclusion]))).toEqual({ acme: 'failure', globex: 'cancelled', initech: 'cancelled' });
    expect(run.conclusion).toBe('failure');
  });

  it('fails the job whose matrix exceeds 256 and skips its dependents', async () => {
    const bench = openBench();
    const { runs } = await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'matrix-too-big.yml' });
    const run = await runs[0].done;
    expect(run.conclusion).toBe('failure');
    const huge = run.jobs.filter((j) => j.id === 'huge');
    expect(huge).toHaveLength(1);
    expect(huge[0].annotations[0].message).toBe("Error when evaluating 'strategy' for job 'huge'. Strategy produced more than 256 jobs: job 'huge' expands to 272 configurations");
    expect(run.jobs.find((j) => j.id === 'after')?.conclusion).toBe('skipped');
  });
});
