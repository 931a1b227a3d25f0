// The engine's lifecycle over in-memory resources: create → re-run is a no-op with zero writes →
// update → delete, each step planned, applied and planned again.

import { expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log/index.ts';
import { applyPlan, buildPlan, type Resource } from '../../src/plan/index.ts';
import { contextFactory, createWorld, memoryResource, steppingClock, type World } from '../support/memory-resources.ts';

function tenantResources(world: World, version: number | undefined): Resource[] {
  const desired = (extra: Record<string, unknown>) => (version === undefined ? undefined : { ...extra, version });
  return [
    memoryResource(world, { key: 'db', desired: desired({ name: 'tenant_acme' }) }),
    memoryResource(world, { key: 'workspace', desired: desired({ name: 'tenant-acme' }) }),
    memoryResource(world, { key: 'model', dependsOn: ['db', 'workspace'], desired: desired({ name: 'model' }) }),
    memoryResource(world, { key: 'report', dependsOn: ['model'], desired: desired({ name: 'ops' }) }),
  ];
}

it('converges: create, no-op, update, delete', async () => {
  const world = createWorld();
  const createContext = contextFactory();
  const run = async (version: number | undefined) => {
    const tenants = [{ tenant: 'acme', resources: tenantResources(world, version) }];
    const plan = await buildPlan({ tenants, createContext });
    const before = world.applies.length;
    const result = await applyPlan(plan, { tenants, createContext, log: createMemoryLogger(), clock: steppingClock() });
    return { plan, result, applyCalls: world.applies.slice(before) };
  };

  const created = await run(1);
  expect(created.applyCalls).toEqual(['create acme/db', 'create acme/workspace', 'create acme/model', 'create acme/report']);
  expect(created.result.tenants[0].applied).toEqual(['db', 'workspace', 'model', 'report']);

  const again = await run(1);
  expect(again.plan.tenants[0].changes).toEqual([]);
  expect(again.plan.tenants[0].counts.noop).toBe(4);
  expect(again.applyCalls).toEqual([]);
  expect(again.result.tenants[0]).toMatchObject({ applied: [], failed: [], skipped: [] });

  const updated = await run(2);
  expect(updated.plan.tenants[0].changes.map((c) => `${c.action} ${c.key} ${c.fields.map((f) => f.path)}`)).toEqual([
    'update db version', 'update workspace version', 'update model version', 'update report version',
  ]);
  expect(updated.applyCalls.length).toBe(4);
  expect(world.states.get('acme/report')).toEqual({ name: 'ops', version: 2 });

  const deleted = await run(undefined);
  expect(deleted.applyCalls).toEqual(['delete acme/report', 'delete acme/model', 'delete acme/workspace', 'delete acme/db']);
  expect(world.states.size).toBe(0);

  const gone = await run(undefined);
  expect(gone.plan.tenants[0].changes).toEqual([]);
  expect(gone.applyCalls).toEqual([]);
});
