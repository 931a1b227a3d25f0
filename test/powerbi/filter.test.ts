// The action's `reports` filter: a run narrowed to some reports deploys those and leaves every
// other report alone — neither cloned nor removed — and a later full run completes the set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTenants } from '../../src/run/index.ts';
import { startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.provisionData('acme-training');
});
afterAll(async () => h?.stop());

describe('the reports filter', () => {
  it('deploys only the reports it names', async () => {
    const services = h.services({ reports: ['operations leader', 'Achievement'] });
    await applyTenants(h.inputs, services, { tenant: 'acme-training', only: ['powerbi'], actor: 'test' });
    expect(tenantObjects(h, 'acme-training').reports.map((r) => r.displayName).sort()).toEqual(['Achievement Rates', 'Operations Leader']);
  });

  it('then a full run clones the rest and removes nothing', async () => {
    h.clearLogs();
    await h.apply('acme-training');
    expect(tenantObjects(h, 'acme-training').reports).toHaveLength(42);
    expect(h.writes().filter((w) => w.route === 'reports.clone')).toHaveLength(40);
    expect(h.writes().filter((w) => w.route === 'reports.delete')).toHaveLength(0);
  });
});
