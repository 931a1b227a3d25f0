// Done when: eight applies of one tenant at once serialise on its lock; one does the work, every
// other one says precisely what happened (it waited, another run applied the changes, nothing is
// left to do) instead of "the plan changed since it was reviewed" or advice to remove a workspace
// another run is creating; the end state is right and nothing is duplicated. Database and Power
// BI slices both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { listReportMappings } from '../../src/registry/index.ts';
import { planOnline } from '../../src/run/index.ts';
import { createDbWorld, type DbWorld } from '../support/db-world.ts';
import { withClient } from '../support/pg.ts';
import { startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';

const RUNS = 8;
const MISLEADING = [/the plan changed since it was reviewed/, /or remove it/, /registry does not record it/];

function settle<T>(runs: Promise<T>[]) {
  return Promise.allSettled(runs);
}

describe(`${RUNS} applies of one tenant's database at once`, () => {
  let world: DbWorld;
  beforeAll(async () => {
    world = await createDbWorld();
  }, 60_000);
  afterAll(async () => world?.cleanup());

  const deployments = (code: string) =>
    withClient(world.registry.url, async (c) => (await c.query<{ status: string }>('SELECT status FROM deployments WHERE tenant = $1', [code])).rows.map((r) => r.status));

  it.each([
    ['without a reviewed hash', false],
    ['all bound to the same reviewed hash', true],
  ])('%s: one applies, the others wait and find nothing left to do', async (_label, withHash) => {
    const tenant: TenantConfig = world.tenant(withHash ? 'hashed' : 'free', { isolation: 'schema', cluster: 'main' });
    let planHash: string | undefined;
    if (withHash) {
      const services = world.services();
      try {
        planHash = (await planOnline(world.inputs([tenant]), services, { only: ['db'] })).hash;
      } finally {
        await services.close();
      }
    }
    const logs = Array.from({ length: RUNS }, () => createMemoryLogger());
    const results = await settle(logs.map((log) => world.apply([tenant], { log, planHash })));
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`run ${i}: ${(r.reason as Error).message}`] : []));
    expect(failures).toEqual([]);
    const applied = results.map((r) => (r.status === 'fulfilled' ? r.value.tenants[0].applied.length : -1));
    expect(applied.filter((n) => n > 0), `changes applied per run: ${applied}`).toHaveLength(1);
    const idle = logs.filter((_, i) => applied[i] === 0);
    for (const log of idle) expect(log.lines.join('\n')).toMatch(/applied (these|the reviewed) changes.*; nothing is left to do/);
    for (const log of logs) for (const bad of MISLEADING) expect(log.lines.join('\n')).not.toMatch(bad);
    // One role of each, one schema, and every run recorded as succeeded.
    const { rows } = await withClient(world.admin.url, (c) =>
      c.query(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname LIKE $1`, [`tenant_${tenant.code.replaceAll('-', '_')}\\_%`]),
    );
    expect(rows[0].n).toBe(3);
    expect(await deployments(tenant.code)).toEqual(Array(RUNS).fill('succeeded'));
    const again = await world.apply([tenant]);
    expect(again.tenants[0].applied).toEqual([]);
  });
});

describe(`${RUNS} applies of one tenant's Power BI slice at once`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.provisionData('acme-training');
  }, 120_000);
  afterAll(async () => h?.stop());

  it('make one profile, one workspace, one model and 42 reports; the other runs say they waited', async () => {
    const results = await settle(Array.from({ length: RUNS }, () => h.apply('acme-training')));
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`run ${i}: ${(r.reason as Error).message}`] : []));
    expect(failures).toEqual([]);
    const applied = results.map((r) => (r.status === 'fulfilled' ? r.value.tenants[0].applied.length : -1));
    expect(applied.filter((n) => n > 0), `changes applied per run: ${applied}`).toHaveLength(1);
    const objects = tenantObjects(h, 'acme-training');
    expect([objects.profiles.length, objects.workspaces.length, objects.models.length, objects.reports.length]).toEqual([1, 1, 1, 42]);
    expect(await listReportMappings(h.registry, 'acme-training')).toHaveLength(42);
    const text = h.log.lines.join('\n');
    for (const bad of MISLEADING) expect(text).not.toMatch(bad);
    expect(text.match(/nothing is left to do/g)).toHaveLength(RUNS - 1);
  });
});
