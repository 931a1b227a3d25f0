// Done when: a SIGKILLed apply does not leave its deployment `running` for ever. The next run
// marks it `abandoned` (and says so), `tenantops status` reports it, and a deployment whose run is
// alive — even one that has not yet reached the tenant's lock — is never taken for dead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abandonDeadDeployments, startLiveDeployment } from '../../src/registry/index.ts';
import { createChaosHarness, type ChaosHarness } from '../support/chaos.ts';
import { adminUrl, withClient } from '../support/pg.ts';
import { useTestRegistry } from '../support/registry.ts';

describe('a SIGKILLed apply', () => {
  let harness: ChaosHarness;
  beforeAll(async () => {
    harness = await createChaosHarness(adminUrl());
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
  });

  const deployments = (code: string) =>
    withClient(harness.env.TENANTOPS_REGISTRY_URL!, async (c) => (await c.query<{ id: string; status: string }>('SELECT id, status FROM deployments WHERE tenant = $1 ORDER BY started_at', [code])).rows);

  it('leaves a deployment the next run marks abandoned, and status says so', async () => {
    const code = harness.code('schema');
    expect(await harness.applyKilledAfter('schema', 3), 'the child reached its third write').toBe(true);
    const [killed] = await deployments(code);
    expect(killed.status).toBe('running');

    // Before any other run: status already tells a dead run from a live one.
    const before = await harness.cli(['status', code, '--root', harness.root]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toContain(`abandoned: tenant ${code}: deployment ${killed.id}`);
    expect(before.stdout).toContain('its run died before finishing');

    const rerun = await harness.cli(['apply', '--tenant', code, '--only', 'db', '--root', harness.root]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout + rerun.stderr).toContain(`deployment ${killed.id}`);
    const after = await deployments(code);
    expect(after.map((d) => d.status)).toEqual(['abandoned', 'succeeded']);

    const json = await harness.cli(['status', code, '--json', '--root', harness.root]);
    expect(JSON.parse(json.stdout).abandonedDeployments.map((d: { id: string }) => d.id)).toEqual([killed.id]);
  });
});

describe('a live deployment', () => {
  const reg = useTestRegistry(['acme-training']);

  it('is never abandoned, even before its run holds the tenant lock; once finished its liveness lock is gone', async () => {
    const live = await startLiveDeployment(reg.pool, { tenant: 'acme-training', planHash: 'unreviewed', actor: 'alice' });
    // Another process's view: a pool of its own.
    const other = await withClient(reg.url, (c) => abandonDeadDeployments(c, 'acme-training'));
    expect(other).toEqual([]);
    await live.finish('succeeded');
    const { rows } = await reg.pool.query('SELECT status FROM deployments WHERE id = $1', [live.id]);
    expect(rows).toEqual([{ status: 'succeeded' }]);
    const { rows: locks } = await reg.pool.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory'`);
    expect(locks).toEqual([]);
  });
});
