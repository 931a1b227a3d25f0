// Done when: the calls a fleet spends on the principal's Power BI budget that carry no change are
// cut where the answer is already known. A capacity assignment's first status poll waits what the
// fleet's recent assignments took (the registry's record of the service's own start and end; Power
// BI gives no estimate), and an apply pass does not list the tenant's workspaces again when the
// plan read its workspace unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typicalCapacityAssignmentMs } from '../../src/registry/index.ts';
import { APP, startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';

const ASSIGNMENT_MS = 20_000;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ latency: { profile: 'realistic', durations: { 'capacity.assignment': ASSIGNMENT_MS } } });
  await h.provisionData('acme-training');
  await h.provisionData('beta-corp');
});
afterAll(async () => h?.stop());

const statusPolls = () => h.powerbi.requests().filter((r) => r.route === 'groups.capacityAssignmentStatus').length;
const groupListings = () => h.powerbi.requests().filter((r) => r.route === 'groups.list').length;

describe('capacity assignment polls', () => {
  it('poll from the first second before the fleet has an estimate, and record what the assignment took', async () => {
    h.clearLogs();
    const result = await h.apply('acme-training');
    expect(result.tenants[0].failed).toEqual([]);
    // 1 → 2 → 4 → 8 s after the assignment: 5 polls of a 20 s assignment on a quiet machine. How
    // many is not asserted: the virtual clock moves on whenever the process idles, so on a loaded
    // machine the whole assignment can pass during the first 1 s wait (seen in CI: 1 poll).
    expect(statusPolls()).toBeGreaterThanOrEqual(1);
    // The service's own start and end, not when we happened to see it.
    expect(await typicalCapacityAssignmentMs(h.registry)).toBe(ASSIGNMENT_MS);
  });

  it('poll a new tenant once the fleet has an estimate: after the typical assignment', async () => {
    h.clearLogs();
    const result = await h.apply('beta-corp');
    expect(result.tenants[0].failed).toEqual([]);
    expect(statusPolls()).toBe(1);
    // The one poll waited the fleet's typical assignment (a timer the virtual clock cannot fire early).
    const at = (route: string) => Date.parse(h.powerbi.requests().find((r) => r.route === route)!.time);
    expect(at('groups.capacityAssignmentStatus') - at('groups.assignToCapacity')).toBeGreaterThanOrEqual(ASSIGNMENT_MS);
    expect([...h.world.state.workspaces.values()].find((w) => w.id === tenantObjects(h, 'beta-corp').workspaces[0].id)?.capacityId).toBeTruthy();
  });
});

describe('an apply pass after a plan that read the workspace unchanged', () => {
  it('lists the tenant\'s workspaces once (the plan\'s), not again to apply', async () => {
    const report = tenantObjects(h, 'acme-training').reports[0];
    h.world.deleteItem(h.world.resolveActor(APP.objectId), report.id);
    h.clearLogs();
    const result = await h.apply('acme-training');
    expect(result.tenants[0].failed).toEqual([]);
    expect(h.writes().filter((w) => w.route === 'reports.clone')).toHaveLength(1);
    expect(tenantObjects(h, 'acme-training').reports).toHaveLength(42);
    // The plan's listing; the other is the template workspace's, looked up once per run by name.
    expect(groupListings()).toBe(2);
  });
});
