// What the dashboard reads of drift and refreshes: each tenant's last drift check (keys only,
// replaced by each check, skipped by a read-only reader) and each refresh's start, end and state.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log/index.ts';
import { deleteTenantRows, getDriftCheck, listRefreshRuns, openRegistry, recordDriftChecks, recordRefreshRun } from '../../src/registry/index.ts';
import { superQuery, urlWith } from '../support/pg.ts';
import { useTestRegistry } from '../support/registry.ts';

const reg = useTestRegistry(['acme-training', 'beta-corp', 'gamma-skills']);

describe('drift checks', () => {
  it("replace each tenant's last check, keys only, and skip tenants the registry does not know yet", async () => {
    const first = await recordDriftChecks(reg.pool, [
      { tenant: 'acme-training', resources: ['powerbi/report/APTEM - Tutor', 'dns/record', 'dns/record'] },
      { tenant: 'beta-corp', resources: [] },
      { tenant: 'new-tenant', resources: ['db/schema'] },
    ], { githubRun: '41', runUrl: 'https://github.com/org/repo/actions/runs/41' });
    expect(first).toEqual({ kind: 'recorded', recorded: ['acme-training', 'beta-corp'], skipped: ['new-tenant'] });
    const acme = await getDriftCheck(reg.pool, 'acme-training');
    expect(acme).toMatchObject({ drifted: true, resources: ['dns/record', 'powerbi/report/APTEM - Tutor'], githubRun: '41', runUrl: 'https://github.com/org/repo/actions/runs/41' });
    expect(await getDriftCheck(reg.pool, 'beta-corp')).toMatchObject({ drifted: false, resources: [] });
    expect(await getDriftCheck(reg.pool, 'gamma-skills')).toBeUndefined();

    await recordDriftChecks(reg.pool, [{ tenant: 'acme-training', resources: [] }], { githubRun: '42' });
    const again = await getDriftCheck(reg.pool, 'acme-training');
    expect(again).toMatchObject({ drifted: false, resources: [], githubRun: '42', runUrl: null });
    expect(again!.checkedAt.getTime()).toBeGreaterThan(acme!.checkedAt.getTime());
  });

  it('refuse a resource name that looks like a secret, recording nothing', async () => {
    const leaked = `dns/record/${randomBytes(24).toString('base64url')}`;
    await expect(recordDriftChecks(reg.pool, [{ tenant: 'gamma-skills', resources: [leaked] }])).rejects.toThrow(/resources\[0\]\[0\] look\(s\) like a secret/);
    expect(await getDriftCheck(reg.pool, 'gamma-skills')).toBeUndefined();
  });

  it('are skipped, not failed, by a reader whose role may only SELECT', async () => {
    const database = new URL(reg.url).pathname.slice(1);
    const role = `reader_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await superQuery(database, `CREATE ROLE ${role} LOGIN PASSWORD '${password}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
    const reader = openRegistry(urlWith(reg.url, database, { user: role, password }), createMemoryLogger());
    try {
      const before = await getDriftCheck(reg.pool, 'beta-corp');
      const result = await recordDriftChecks(reader, [{ tenant: 'beta-corp', resources: ['db/schema'] }]);
      expect(result).toEqual({ kind: 'read-only', reason: expect.stringMatching(/permission denied for table drift_checks/) });
      expect(await getDriftCheck(reg.pool, 'beta-corp')).toEqual(before);
      // The reader still reads what a writer recorded.
      expect(await getDriftCheck(reader, 'beta-corp')).toEqual(before);
    } finally {
      await reader.end();
      await superQuery(database, `DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });
});

describe('refresh runs', () => {
  it('keep start, end, state and the duration between, once per request id', async () => {
    await recordRefreshRun(reg.pool, { tenant: 'acme-training', requestId: 'AAAA-1', state: 'Unknown', startTime: '2026-12-05T05:00:00Z' });
    await recordRefreshRun(reg.pool, { tenant: 'acme-training', requestId: 'aaaa-1', state: 'Completed', startTime: '2026-12-05T05:00:00Z', endTime: '2026-12-05T05:03:04.500Z' });
    await recordRefreshRun(reg.pool, { tenant: 'acme-training', requestId: 'bbbb-2', state: 'Failed', startTime: '2026-12-05T06:00:00Z', endTime: '2026-12-05T06:00:10Z' });
    await recordRefreshRun(reg.pool, { tenant: 'beta-corp', requestId: 'cccc-3', state: 'Completed', startTime: '2026-12-05T06:00:00Z', endTime: '2026-12-05T06:00:01Z' });
    const runs = await listRefreshRuns(reg.pool, 'acme-training');
    expect(runs.map((r) => [r.requestId, r.state, r.durationMs])).toEqual([['bbbb-2', 'Failed', 10_000], ['aaaa-1', 'Completed', 184_500]]);
    expect(runs[1].startedAt.toISOString()).toBe('2026-12-05T05:00:00.000Z');
    expect(runs[1].endedAt?.toISOString()).toBe('2026-12-05T05:03:04.500Z');
  });

  it('go with the tenant when it is offboarded with deletion, as its other rows do', async () => {
    await recordDriftChecks(reg.pool, [{ tenant: 'gamma-skills', resources: ['db/schema'] }]);
    await recordRefreshRun(reg.pool, { tenant: 'gamma-skills', requestId: 'dddd-4', state: 'Completed', startTime: '2026-12-05T06:00:00Z', endTime: '2026-12-05T06:00:01Z' });
    const deleted = await deleteTenantRows(reg.pool, 'gamma-skills');
    expect(deleted).toMatchObject({ drift_checks: 1, refresh_runs: 1 });
    expect(await listRefreshRuns(reg.pool, 'gamma-skills')).toEqual([]);
    expect(await getDriftCheck(reg.pool, 'gamma-skills')).toBeUndefined();
  });
});
