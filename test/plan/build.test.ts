import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors/index.ts';
import { buildPlan } from '../../src/plan/index.ts';
import { contextFactory, createWorld, memoryResource, type World } from '../support/memory-resources.ts';

function stack(world: World) {
  return [
    memoryResource(world, { key: 'report/a', kind: 'powerbi.report', dependsOn: ['model'], desired: { v: 1 } }),
    memoryResource(world, { key: 'model', kind: 'powerbi.model', dependsOn: ['workspace', 'db'], desired: { v: 1 } }),
    memoryResource(world, { key: 'workspace', kind: 'powerbi.workspace', desired: { v: 1 } }),
    memoryResource(world, { key: 'db', kind: 'db.schema', desired: { v: 1 } }),
  ];
}

describe('buildPlan', () => {
  it('offline: plans everything as a create without making a context or a single read', async () => {
    const world = createWorld();
    world.states.set('acme/db', { v: 1 }); // would be a no-op online
    const plan = await buildPlan({ tenants: [{ tenant: 'acme', resources: stack(world) }], offline: true });
    expect(world.reads).toEqual([]);
    expect(plan.offline).toBe(true);
    expect(plan.tenants[0].changes.map((c) => `${c.action} ${c.key}`)).toEqual([
      'create db', 'create workspace', 'create model', 'create report/a',
    ]);
    expect(plan.tenants[0].counts).toEqual({ create: 4, update: 0, replace: 0, delete: 0, noop: 0 });
  });

  it('online: reads every resource once, lists changes only and counts no-ops', async () => {
    const world = createWorld();
    world.states.set('acme/db', { v: 1 });
    world.states.set('acme/workspace', { v: 0 });
    const plan = await buildPlan({ tenants: [{ tenant: 'acme', resources: stack(world) }], createContext: contextFactory() });
    expect([...world.reads].sort()).toEqual(['acme/db', 'acme/model', 'acme/report/a', 'acme/workspace']);
    expect(plan.tenants[0].changes.map((c) => `${c.action} ${c.key}`)).toEqual(['update workspace', 'create model', 'create report/a']);
    expect(plan.tenants[0].counts).toEqual({ create: 2, update: 1, replace: 0, delete: 0, noop: 1 });
  });

  it('puts deletes last, dependents before what they depend on', async () => {
    const world = createWorld();
    for (const k of ['db', 'model', 'report/a', 'report/b', 'workspace']) world.states.set(`acme/${k}`, { v: 1 });
    const resources = [
      memoryResource(world, { key: 'report/a', dependsOn: ['model'] }),
      memoryResource(world, { key: 'report/b', dependsOn: ['model'], desired: { v: 2 } }),
      memoryResource(world, { key: 'model', dependsOn: ['workspace', 'db'] }),
      memoryResource(world, { key: 'workspace', desired: { v: 2 } }),
      memoryResource(world, { key: 'db' }),
      memoryResource(world, { key: 'dns', desired: { v: 1 } }),
    ];
    const plan = await buildPlan({ tenants: [{ tenant: 'acme', resources }], createContext: contextFactory() });
    expect(plan.tenants[0].changes.map((c) => `${c.action} ${c.key}`)).toEqual([
      'create dns', 'update workspace', 'update report/b', 'delete report/a', 'delete model', 'delete db',
    ]);
  });

  it('orders tenants by code and keeps reads within the concurrency bound', async () => {
    const world = createWorld();
    let inFlight = 0;
    let max = 0;
    const counted = () =>
      Array.from({ length: 12 }, (_, i) => {
        const r = memoryResource(world, { key: `r${i}`, desired: { v: 1 }, turns: 3 });
        const read = r.read.bind(r);
        r.read = async (ctx) => {
          inFlight++;
          max = Math.max(max, inFlight);
          try {
            return await read(ctx);
          } finally {
            inFlight--;
          }
        };
        return r;
      });
    const plan = await buildPlan({
      tenants: [{ tenant: 'zeta', resources: counted() }, { tenant: 'acme', resources: counted() }],
      createContext: contextFactory(),
      concurrency: 5,
    });
    expect(plan.tenants.map((t) => t.tenant)).toEqual(['acme', 'zeta']);
    expect(world.reads.length).toBe(24);
    expect(max).toBe(5);
  });

  it('makes one read context per tenant', async () => {
    const world = createWorld();
    const factory = contextFactory();
    await buildPlan({
      tenants: [{ tenant: 'acme', resources: stack(world) }, { tenant: 'beta', resources: stack(world) }],
      createContext: factory,
    });
    expect([...factory.made].sort()).toEqual(['read:acme', 'read:beta']);
  });

  it('refuses a tenant planned twice, and an online plan without a context factory', async () => {
    const world = createWorld();
    await expect(
      buildPlan({ tenants: [{ tenant: 'acme', resources: [] }, { tenant: 'acme', resources: [] }], offline: true }),
    ).rejects.toThrow(new InternalError('tenant acme is planned twice'));
    await expect(buildPlan({ tenants: [{ tenant: 'acme', resources: stack(world) }] })).rejects.toThrow(InternalError);
  });

  it('gives an empty plan for no tenants', async () => {
    const plan = await buildPlan({ tenants: [], offline: true });
    expect(plan).toMatchObject({ version: 1, tenants: [] });
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
