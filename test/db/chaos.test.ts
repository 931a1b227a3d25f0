// Done when: killing the apply (SIGKILL of the provisioning process, not of PostgreSQL) after
// statement i and re-running converges to the same catalog state as a clean run — here for a
// seeded sample of i in every mode (TENANTOPS_CHAOS_SEED picks another sample); `npm run chaos`
// sweeps every i.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../support/pg.ts';
import { createChaosHarness, MODES, seededRandom, type ChaosHarness } from '../support/chaos.ts';

const SAMPLES_PER_MODE = 2;
const seed = Number(process.env.TENANTOPS_CHAOS_SEED ?? 20240611);
let harness: ChaosHarness;

beforeAll(async () => {
  harness = await createChaosHarness(adminUrl());
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

describe.each(MODES)('%s isolation, killed after a sampled write', (mode) => {
  it('converges on re-run to the clean run\'s catalogs and registry rows', async () => {
    const writes = await harness.cleanApply(mode);
    expect(writes).toBeGreaterThan(10);
    const clean = await harness.snapshot(mode);
    await harness.teardown(mode);

    const random = seededRandom(seed + mode.length);
    const points = [...new Set(Array.from({ length: SAMPLES_PER_MODE }, () => 1 + Math.floor(random() * writes)))];
    for (const i of points) {
      expect(await harness.applyKilledAfter(mode, i), `the child reached write ${i} of ${writes}`).toBe(true);
      await harness.apply(mode);
      expect(await harness.snapshot(mode), `kill after write ${i} of ${writes} (seed ${seed})`).toEqual(clean);
      await harness.teardown(mode);
    }
    // Five applies, two of them child processes: past the default minute on a loaded machine.
  }, 240_000);
});
