// Done when: a full onboarding (db → powerbi → dns, `tenantops apply` in a child process on the
// sandbox) SIGKILLed right after any of its journal records, or after any of its SQL writes, and
// then re-run, ends in exactly the clean run's world: Power BI / Fabric items and bindings, DNS
// records, registry rows and the tenant database's catalog. Here a seeded sample of kill points
// (TENANTOPS_CHAOS_SEED picks another); `npm run chaos` sweeps every one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCount } from '../../src/db/index.ts';
import { createPrng } from '../../src/random/index.ts';
import { duplicates, killAfterStep, killAfterWrite, openSweep, type Sweep } from '../support/chaos-sweep.ts';

const STEP_SAMPLES = Number(process.env.TENANTOPS_CHAOS_STEP_SAMPLES ?? 14);
const WRITE_SAMPLES = Number(process.env.TENANTOPS_CHAOS_WRITE_SAMPLES ?? 6);
const seed = Number(process.env.TENANTOPS_CHAOS_SEED ?? 20261205);
const TENANT = 'sweep-1';
let sweep: Sweep;

beforeAll(async () => {
  sweep = await openSweep();
}, 180_000);

afterAll(async () => {
  await sweep?.close();
});

/** Distinct points in 1..n, drawn from the seed. */
function sample(n: number, count: number, salt: number): number[] {
  const random = createPrng(seed + salt);
  const points = new Set<number>();
  while (points.size < Math.min(count, n)) points.add(1 + Math.floor(random() * n));
  return [...points].sort((a, b) => a - b);
}

describe('a full onboarding killed at a sampled step', () => {
  it('converges on re-run to the clean run\'s whole end state, without duplicates', async () => {
    // The clean run in this process, so that its SQL writes can be counted (the same code counts them in the child).
    const before = writeCount();
    const clean = await sweep.applyInProcess(TENANT);
    expect(clean.tenants[0].failed).toEqual([]);
    const writes = writeCount() - before;
    // Kill points per capability, from this clean run's own records: each is one a repetition reaches.
    const points = await sweep.journalKillPoints(TENANT);
    expect(points.length).toBeGreaterThan(10);
    const expected = await sweep.endState(TENANT);
    await sweep.reset();

    const trials = [
      ...sample(points.length, STEP_SAMPLES, 1).map((i) => points[i - 1]).map((p) => ({ what: `${p.capability} journal record ${p.k}`, env: killAfterStep(p) })),
      ...sample(writes, WRITE_SAMPLES, 2).map((i) => ({ what: `SQL write ${i} of ${writes}`, env: killAfterWrite(i) })),
    ];
    for (const trial of trials) {
      const killed = await sweep.apply(TENANT, trial.env);
      // Not killed: a sweep error (the point was never tested), not a failure to converge.
      expect(killed.signal, `sweep error: the run to be killed after ${trial.what} was not killed (exit ${killed.code}): ${killed.stderr.slice(-2000)}`).toBe('SIGKILL');
      // The re-run in this process: the same apply, without a process start-up per trial.
      const rerun = await sweep.applyInProcess(TENANT);
      expect(rerun.tenants[0].failed, `re-run after a kill after ${trial.what}`).toEqual([]);
      expect(await sweep.endState(TENANT), `kill after ${trial.what} (seed ${seed})`).toEqual(expected);
      expect(duplicates(sweep, TENANT)).toEqual([]);
      await sweep.reset();
    }
  }, 900_000);
});
