// Done when: a new tenant's first refresh poll can wait what the fleet's refreshes took, since
// Power BI answers a refresh with no estimate: the median of the fleet's recent completed ones.
import { describe, expect, it } from 'vitest';
import { recordCapacityAssignment, recordRefreshRun, typicalCapacityAssignmentMs, typicalRefreshMs } from '../../src/registry/index.ts';
import { useTestRegistry } from '../support/registry.ts';

const reg = useTestRegistry(['acme-a', 'acme-b', 'acme-c']);

describe('typicalRefreshMs', () => {
  it('is undefined before any refresh completed, then the median of the fleet\'s completed refreshes', async () => {
    expect(await typicalRefreshMs(reg.pool)).toBeUndefined();
    const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 12, 0, s)).toISOString();
    await recordRefreshRun(reg.pool, { tenant: 'acme-a', requestId: 'r1', state: 'Completed', startTime: at(0), endTime: at(40) });
    await recordRefreshRun(reg.pool, { tenant: 'acme-b', requestId: 'r2', state: 'Completed', startTime: at(0), endTime: at(45) });
    await recordRefreshRun(reg.pool, { tenant: 'acme-c', requestId: 'r3', state: 'Completed', startTime: at(0), endTime: at(50) });
    // A failed refresh says nothing of how long a load takes.
    await recordRefreshRun(reg.pool, { tenant: 'acme-c', requestId: 'r4', state: 'Failed', startTime: at(0), endTime: at(2) });
    expect(await typicalRefreshMs(reg.pool)).toBe(45_000);
  });
});

describe('typicalCapacityAssignmentMs', () => {
  it('is undefined before any assignment completed, then the median of the fleet\'s completed ones, by the service\'s own times', async () => {
    expect(await typicalCapacityAssignmentMs(reg.pool)).toBeUndefined();
    const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 12, 0, s)).toISOString();
    const cap = 'c0ffee00-0000-4000-8000-000000000001';
    await recordCapacityAssignment(reg.pool, { tenant: 'acme-a', activityId: 'A1', capacityId: cap, state: 'CompletedSuccessfully', startTime: at(0), endTime: at(10) });
    await recordCapacityAssignment(reg.pool, { tenant: 'acme-b', activityId: 'a2', capacityId: cap, state: 'CompletedSuccessfully', startTime: at(0), endTime: at(12) });
    // The same status read twice is one assignment.
    await recordCapacityAssignment(reg.pool, { tenant: 'acme-a', activityId: 'a1', capacityId: cap, state: 'CompletedSuccessfully', startTime: at(0), endTime: at(10) });
    await recordCapacityAssignment(reg.pool, { tenant: 'acme-c', activityId: 'a3', capacityId: cap, state: 'AssignmentFailed', startTime: at(0), endTime: at(1) });
    expect(await typicalCapacityAssignmentMs(reg.pool)).toBe(11_000);
  });
});
