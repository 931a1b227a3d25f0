import { describe, expect, it } from 'vitest';
import { UnsafePlanError } from '../../src/errors/index.ts';
import { assertSafe, buildPlan, checkThreshold, findGroupUnsafe, type ChangeAction, type GroupedChange, type Resource, type SafetyGroup } from '../../src/plan/index.ts';
import { contextFactory, createWorld, memoryResource, type MemorySpec, type World } from '../support/memory-resources.ts';

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

describe('shared thresholds (safety groups)', () => {
  const zone = (existing: number, over: Partial<SafetyGroup> = {}): SafetyGroup => ({
    id: 'dns zone z.example', title: 'zone-wide DNS safety threshold of z.example', noun: 'owned record sets', existing, ...over,
  });
  /** `n` changes of one action, spread over tenants t0, t1, t2 in turn. */
  const changes = (n: number, action: ChangeAction, group: SafetyGroup, offset = 0): GroupedChange[] =>
    Array.from({ length: n }, (_, i) => ({ tenant: `t${(i + offset) % 3}`, key: `${action}/${i}`, action, group }));
  const messages = (found: Map<string, { message: string }[]>) => [...found.values()].flat().map((u) => u.message);

  it.each([
    // existing, updates, deletes, creates, group overrides, the reason every counted change gets (undefined: allowed)
    [8, 8, 0, 0, {}, undefined], // below minExisting
    [10, 3, 0, 0, {}, undefined], // 30 % is the limit, not over it
    [10, 4, 0, 0, {}, 'zone-wide DNS safety threshold of z.example: 4 of 10 owned record sets would be changed (40%, 30% allowed)'],
    [10, 0, 4, 0, {}, 'zone-wide DNS safety threshold of z.example: 4 of 10 owned record sets would be deleted (40%, 30% allowed)'],
    [10, 3, 3, 20, {}, undefined], // creates never count
    [40, 13, 0, 0, {}, 'zone-wide DNS safety threshold of z.example: 13 of 40 owned record sets would be changed (32.5%, 30% allowed)'],
    [10, 2, 0, 0, { maxShare: 0.1 }, 'zone-wide DNS safety threshold of z.example: 2 of 10 owned record sets would be changed (20%, 10% allowed)'],
    [4, 2, 0, 0, { minExisting: 4 }, 'zone-wide DNS safety threshold of z.example: 2 of 4 owned record sets would be changed (50%, 30% allowed)'],
  ])('existing %i, %i updates, %i deletes, %i creates across tenants, %j', (existing, updates, deletes, creates, over, reason) => {
    const group = zone(existing, over);
    const found = findGroupUnsafe([...changes(updates, 'update', group), ...changes(deletes, 'delete', group, 1), ...changes(creates, 'create', group, 2)]);
    if (!reason) return expect(messages(found)).toEqual([]);
    expect(messages(found)).toHaveLength(updates + deletes);
    for (const m of messages(found)) expect(m).toMatch(/^tenant t[0-2]: (update|delete)\/\d+: (update|delete): .*; re-run with --force to allow it$/);
    expect(messages(found).every((m) => m.includes(`: ${reason}; `))).toBe(true);
  });

  it('counts each group on its own, and names the flag the caller gives', () => {
    const a = zone(10, { id: 'zone a', title: 'threshold of a' });
    const b = zone(10, { id: 'zone b', title: 'threshold of b' });
    const found = findGroupUnsafe([...changes(4, 'update', a), ...changes(3, 'update', b)], { forceFlag: '--approve' });
    expect(messages(found)).toHaveLength(4);
    expect(messages(found).every((m) => m.includes('threshold of a: 4 of 10') && m.endsWith('re-run with --approve to allow it'))).toBe(true);
  });

  /** A memory resource whose updates and deletes declare `group`. */
  function grouped(world: World, spec: MemorySpec, group?: SafetyGroup): Resource {
    const base = memoryResource(world, spec);
    const diff: typeof base.diff = (desired, actual) => {
      const change = base.diff(desired, actual);
      return change && group ? { ...change, safetyGroup: group } : change;
    };
    return { ...base, diff } as Resource;
  }
  function fleet(group?: SafetyGroup) {
    const world = createWorld();
    const tenants = ['acme', 'beta'].map((tenant) => ({
      tenant,
      resources: ['a', 'b'].map((key) => {
        world.states.set(`${tenant}/${key}`, { v: 1 });
        return grouped(world, { key, desired: { v: 2 } }, group);
      }),
    }));
    return { tenants, createContext: contextFactory() };
  }

  it('judges a group across every tenant of the plan, listing each counted change under its tenant', async () => {
    const plan = await buildPlan(fleet(zone(10)));
    expect(plan.tenants.map((t) => t.unsafe.map((u) => u.key))).toEqual([['a', 'b'], ['a', 'b']]);
    expect(plan.tenants[1].unsafe[0].message).toBe(
      'tenant beta: a: update: zone-wide DNS safety threshold of z.example: 4 of 10 owned record sets would be changed (40%, 30% allowed); re-run with --force to allow it',
    );
    expect(() => assertSafe(plan)).toThrow(UnsafePlanError);
    expect((await buildPlan(fleet(zone(20)))).tenants.flatMap((t) => t.unsafe)).toEqual([]);
  });

  it('leaves the plan hash to the changes: a declared group, or what it counts, does not enter it', async () => {
    const plain = await buildPlan(fleet());
    expect((await buildPlan(fleet(zone(10)))).hash).toBe(plain.hash);
    expect((await buildPlan(fleet(zone(20)))).hash).toBe(plain.hash);
  });
});
