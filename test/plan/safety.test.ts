import { describe, expect, it } from 'vitest';
import { UnsafePlanError } from '../../src/errors/index.ts';
import { assertSafe, buildPlan, checkThreshold } from '../../src/plan/index.ts';
import { contextFactory, createWorld, memoryResource } from './fixture.ts';

describe('checkThreshold', () => {
  it.each([
    // existing, updates, deletes, options, expected reason (undefined = allowed)
    [0, 0, 0, {}, undefined],
    [9, 9, 9, {}, undefined], // below minExisting: small tenants are never blocked
    [10, 0, 0, {}, undefined],
    [10, 3, 3, {}, undefined], // exactly 30 % is allowed
    [10, 4, 0, {}, '4 of 10 existing resources would be changed (40%, 30% allowed)'],
    [10, 0, 4, {}, '4 of 10 existing resources would be deleted (40%, 30% allowed)'],
    [10, 4, 5, {}, '4 of 10 existing resources would be changed (40%, 30% allowed); 5 of 10 existing resources would be deleted (50%, 30% allowed)'],
    [100, 31, 0, {}, '31 of 100 existing resources would be changed (31%, 30% allowed)'],
    [100, 30, 30, {}, undefined],
    [3, 0, 1, { minExisting: 3, maxShare: 0.25 }, '1 of 3 existing resources would be deleted (33.3%, 25% allowed)'],
    [20, 0, 20, { maxShare: 1 }, undefined],
    [0, 0, 0, { minExisting: 0 }, undefined], // no division by zero
  ])('existing %i, updates %i, deletes %i, %j', (existing, updates, deletes, options, expected) => {
    expect(checkThreshold({ existing, updates, deletes, ...options })).toBe(expected);
  });
});

describe('unsafe plans', () => {
  function tenant(world = createWorld()) {
    world.states.set('acme/db', { isolation: 'schema', cluster: 'main' });
    world.states.set('acme/old-db', { isolation: 'schema' });
    return [
      memoryResource(world, {
        key: 'db',
        desired: { isolation: 'database', cluster: 'main' },
        replaceOn: { isolation: 'moving a live tenant to another isolation mode drops its current database' },
      }),
      memoryResource(world, { key: 'old-db', desired: undefined, deleteDestroys: 'the database still holds the tenant\'s rows' }),
    ];
  }

  it('records which tenant, field, before → after, why and which flag', async () => {
    const plan = await buildPlan({ tenants: [{ tenant: 'acme', resources: tenant() }], createContext: contextFactory() });
    expect(plan.tenants[0].unsafe).toEqual([
      {
        key: 'db',
        field: 'isolation',
        message:
          'tenant acme: db: isolation "schema" → "database" forces replacement, which destroys data: ' +
          'moving a live tenant to another isolation mode drops its current database; re-run with --force to allow it',
      },
      {
        key: 'old-db',
        message: 'tenant acme: old-db: delete destroys data: the database still holds the tenant\'s rows; re-run with --force to allow it',
      },
    ]);
    expect(() => assertSafe(plan)).toThrow(UnsafePlanError);
    expect(() => assertSafe(plan, { force: true })).not.toThrow();
  });

  it('names the flag the caller gives', async () => {
    const plan = await buildPlan({
      tenants: [{ tenant: 'acme', resources: tenant() }],
      createContext: contextFactory(),
      safety: { forceFlag: '--allow-destroy' },
    });
    expect(plan.tenants[0].unsafe[0].message).toMatch(/re-run with --allow-destroy to allow it$/);
  });

  it('applies the threshold per tenant to replacements and deletes, and to updates only when asked', async () => {
    const world = createWorld();
    const resources = Array.from({ length: 10 }, (_, i) => {
      world.states.set(`acme/r${i}`, { v: 1 });
      return memoryResource(world, { key: `r${i}`, desired: i < 4 ? { v: 2 } : { v: 1 } });
    });
    const input = { tenants: [{ tenant: 'acme', resources }], createContext: contextFactory() };
    expect((await buildPlan(input)).tenants[0].unsafe).toEqual([]);
    const counted = await buildPlan({ ...input, safety: { threshold: { countUpdates: true } } });
    expect(counted.tenants[0].unsafe.map((u) => u.message)).toEqual([
      'tenant acme: 4 of 10 existing resources would be changed (40%, 30% allowed); re-run with --force to allow it',
    ]);
    const off = await buildPlan({ ...input, safety: { threshold: false } });
    expect(off.tenants[0].unsafe).toEqual([]);
  });
});
