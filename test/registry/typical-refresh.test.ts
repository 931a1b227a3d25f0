// Done when: a new tenant's first refresh poll can wait what the fleet's refreshes took, since
// Power BI answers a refresh with no estimate: the median of the fleet's recent completed ones.
import { describe, expect, it } from 'vitest';
import { recordRefreshRun, typicalRefreshMs } from '../../src/registry/index.ts';
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
