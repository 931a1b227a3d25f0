// Throttling as the services document it, on the Power BI sandbox: the emulators enforce their own
// configuration (Fabric per principal; Power BI per profile or per principal) 25% tighter than the
// client's budgets assume, and onboarding a 42-report tenant still converges with nothing failed
// and nothing duplicated, the 429s waited out as Retry-After says. Time is the harness's virtual
// clock, so the minutes of pacing cost no real waiting.
import { afterEach, describe, expect, it } from 'vitest';
import { DOCUMENTED_LIMITS } from '../../src/http/index.ts';
import { startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The client's budgets: what the services document (Power BI: the reported figure). */
const budgets = {
  powerbi: { perSecond: DOCUMENTED_LIMITS.powerbi.perMinute / 60, burst: DOCUMENTED_LIMITS.powerbi.perMinute },
  fabric: { perSecond: DOCUMENTED_LIMITS.fabric.perMinute / 60, burst: DOCUMENTED_LIMITS.fabric.perMinute },
};
const TIGHTER = 0.75;

const throttled = (harness: Harness) => [...harness.powerbi.requests(), ...harness.fabric.requests()].filter((r) => r.status === 429).length;

describe('emulators 25% tighter than the client assumes', () => {
  it.each(['profile', 'principal'] as const)('Power BI throttled per %s: onboarding converges, every 429 waited out', async (per) => {
    h = await startHarness({ throttling: { powerbi: { per, scale: TIGHTER }, fabric: { scale: TIGHTER } } });
    await h.provisionData('acme-training');
    const result = await h.apply('acme-training', { services: h.services({ ratePerSecond: undefined, budgets, powerbiBudgetPer: per }) });
    expect(result.tenants[0]).toMatchObject({ failed: [], skipped: [] });
    const objects = tenantObjects(h, 'acme-training');
    expect(objects.reports).toHaveLength(42);
    expect(objects.models).toHaveLength(1);
    // The emulators did push back (the client believed in a bigger budget) and the client yielded.
    expect(throttled(h)).toBeGreaterThan(0);
  }, 300_000);
});
