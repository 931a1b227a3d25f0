import { describe, expect, it } from 'vitest';
import { ApplyError, PlanMismatchError, UnsafePlanError } from '../../src/errors/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import {
  ApplyResultError,
  applyPlan,
  buildPlan,
  verifyPlan,
  type ApplyResult,
  recordSnapshotRead,
  SnapshotMismatchError,
  type Journal,
  type Resource,
  type ResourceContext,
  type SnapshotRead,
  type TenantResources,
} from '../../src/plan/index.ts';
import { contextFactory, createWorld, memoryResource, steppingClock, type MemorySpec, type World } from '../support/memory-resources.ts';

const log = () => createMemoryLogger();

async function planAndApply(world: World, tenants: TenantResources[], extra: Partial<Parameters<typeof applyPlan>[1]> = {}) {
  const createContext = contextFactory();
  const plan = await buildPlan({ tenants, createContext });
  return applyPlan(plan, { tenants, createContext, log: log(), clock: steppingClock(), ...extra });
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('applyPlan: ordering and concurrency', () => {
  it('starts a resource only after everything it depends on has finished, within the bound', async () => {
    const world = createWorld();
    const specs: MemorySpec[] = [
      { key: 'db', turns: 7 },
      { key: 'profile', turns: 1 },
      { key: 'workspace', dependsOn: ['profile'], turns: 2 },
      { key: 'model', dependsOn: ['db', 'workspace'], turns: 3 },
      { key: 'dns', turns: 9 },
      ...Array.from({ length: 8 }, (_, i): MemorySpec => ({ key: `report/${i}`, dependsOn: ['model'], turns: 1 + (i % 3) })),
      { key: 'access', dependsOn: ['report/3', 'report/7'], turns: 1 },
    ];
    const resources = specs.map((s) => memoryResource(world, { ...s, desired: { v: 1 } }));
    const result = await planAndApply(world, [{ tenant: 'acme', resources }], { concurrency: 3 });

    const at = (e: string) => world.events.indexOf(e);
    for (const s of specs) {
      expect(at(`start:${s.key}`)).toBeGreaterThanOrEqual(0);
      for (const dep of s.dependsOn ?? []) expect(at(`start:${s.key}`), `${s.key} after ${dep}`).toBeGreaterThan(at(`end:${dep}`));
    }
    expect(world.maxInFlight).toBe(3);
    // Independent work overlapped: dns (slow) was still running when the workspace finished.
    expect(at('start:dns')).toBeLessThan(at('end:workspace'));
    const reports = specs.filter((s) => s.key.startsWith('report/')).map((s) => s.key);
    expect(result.tenants[0].applied).toEqual(['db', 'dns', 'profile', 'workspace', 'model', ...reports, 'access']);
  });

  it('waits through unchanged resources: a change below an unchanged one still goes first', async () => {
    const world = createWorld();
    world.states.set('acme/middle', { v: 1 });
    const resources = [
      memoryResource(world, { key: 'top', dependsOn: ['middle'], desired: { v: 1 }, turns: 1 }),
      memoryResource(world, { key: 'middle', dependsOn: ['bottom'], desired: { v: 1 } }),
      memoryResource(world, { key: 'bottom', desired: { v: 1 }, turns: 5 }),
    ];
    await planAndApply(world, [{ tenant: 'acme', resources }], { concurrency: 4 });
    expect(world.events).toEqual(['start:bottom', 'end:bottom', 'start:top', 'end:top']);
  });

  it('deletes dependents before their dependencies', async () => {
    const world = createWorld();
    for (const k of ['a', 'b', 'c', 'd']) world.states.set(`acme/${k}`, { v: 1 });
    const resources = [
      memoryResource(world, { key: 'a', turns: 1 }),
      memoryResource(world, { key: 'b', dependsOn: ['a'], turns: 4 }),
      memoryResource(world, { key: 'c', dependsOn: ['a'], turns: 1 }),
      memoryResource(world, { key: 'd', dependsOn: ['c'], desired: { v: 1 } }), // stays
    ];
    // d stays and depends on c: the engine does not second-guess the resource, it only orders.
    await planAndApply(world, [{ tenant: 'acme', resources }], { concurrency: 4 });
    const at = (e: string) => world.events.indexOf(e);
    expect(at('start:a')).toBeGreaterThan(at('end:b'));
    expect(at('start:a')).toBeGreaterThan(at('end:c'));
    expect(world.states.has('acme/d')).toBe(true);
  });

  it('applies tenants in parallel up to the tenant bound, one at a time per tenant through the lock', async () => {
    const world = createWorld();
    const held = new Set<string>();
    let maxHeld = 0;
    const lock = async <T>(tenant: string, fn: () => Promise<T>): Promise<T> => {
      expect(held.has(tenant)).toBe(false);
      held.add(tenant);
      maxHeld = Math.max(maxHeld, held.size);
      try {
        return await fn();
      } finally {
        held.delete(tenant);
      }
    };
    const tenants = ['a', 'b', 'c', 'd', 'e'].map((t) => ({
      tenant: `tenant-${t}`,
      resources: [memoryResource(world, { key: 'x', desired: { v: 1 }, turns: 3 })],
    }));
    const result = await planAndApply(world, tenants, { lock, tenantConcurrency: 2 });
    expect(maxHeld).toBe(2);
    expect(result.tenants.map((t) => `${t.tenant}:${t.applied}`)).toEqual(tenants.map((t) => `${t.tenant}:x`));
  });
});

describe('applyPlan: failures', () => {
  it('skips the dependents of a failure, carries on elsewhere and gathers every failure', async () => {
    const world = createWorld();
    world.states.set('acme/old', { v: 1 });
    const resources = [
      memoryResource(world, { key: 'db', desired: { v: 1 }, failWith: 'HTTP 500 from the database' }),
      memoryResource(world, { key: 'model', dependsOn: ['db'], desired: { v: 1 } }),
      memoryResource(world, { key: 'report', dependsOn: ['model'], desired: { v: 1 } }),
      memoryResource(world, { key: 'dns', desired: { v: 1 }, failWith: 'HTTP 409 from DNS' }),
      memoryResource(world, { key: 'workspace', desired: { v: 1 } }),
      memoryResource(world, { key: 'old' }),
    ];
    const err = await caught(planAndApply(world, [{ tenant: 'acme', resources }]));
    expect(err).toBeInstanceOf(ApplyError);
    expect(err.message).toBe('2 change(s) failed:\n- acme db: HTTP 500 from the database\n- acme dns: HTTP 409 from DNS');
    const result = (err as ApplyResultError<ApplyResult>).result;
    expect(result.tenants[0]).toMatchObject({
      tenant: 'acme',
      applied: ['workspace'],
      failed: ['db', 'dns'],
      skipped: ['model', 'report', 'old'], // the delete waits for a clean forward pass
    });
    expect(world.applies.sort()).toEqual(['create acme/db', 'create acme/dns', 'create acme/workspace']);
    expect(world.states.has('acme/old')).toBe(true);
  });

  it('journals intent then done for each change, and intent then failed on failure', async () => {
    const world = createWorld();
    const entries: string[] = [];
    const journal: Journal = {
      intent: async (tenant, key, action, kind) => void entries.push(`intent ${tenant} ${key} ${action} ${kind}`),
      done: async (tenant, key, action, actual) => void entries.push(`done ${tenant} ${key} ${action} ${JSON.stringify(actual)}`),
      failed: async (tenant, key, action, error) => void entries.push(`failed ${tenant} ${key} ${action} ${error.message}`),
    };
    const resources = [
      memoryResource(world, { key: 'a', desired: { v: 1 } }),
      memoryResource(world, { key: 'b', dependsOn: ['a'], desired: { v: 2 }, failWith: 'boom' }),
    ];
    await caught(planAndApply(world, [{ tenant: 'acme', resources }], { journal }));
    expect(entries).toEqual([
      'intent acme a create test.thing',
      'done acme a create {"v":1}',
      'intent acme b create test.thing',
      'failed acme b create boom',
    ]);
  });

  it('does not apply a change whose intent could not be journaled', async () => {
    const world = createWorld();
    const journal: Journal = {
      intent: () => {
        throw new Error('registry unreachable');
      },
      done: () => {},
      failed: () => {},
    };
    const resources = [memoryResource(world, { key: 'a', desired: { v: 1 } })];
    const err = await caught(planAndApply(world, [{ tenant: 'acme', resources }], { journal }));
    expect(err.message).toContain('acme a: registry unreachable');
    expect(world.applies).toEqual([]);
  });

  it('reports a tenant whose apply context cannot be made, and carries on with the others', async () => {
    const world = createWorld();
    const base = contextFactory();
    const createContext = (tenant: string, info: { phase: 'read' | 'apply' | 'verify'; force: boolean }) => {
      if (tenant === 'acme' && info.phase === 'apply') throw new Error('no credentials for acme');
      return base(tenant, info);
    };
    const tenants = ['acme', 'beta'].map((tenant) => ({ tenant, resources: [memoryResource(world, { key: 'a', desired: { v: 1 } })] }));
    const err = await caught(applyPlan(undefined, { tenants, createContext, log: log() }));
    expect(err.message).toBe('1 change(s) failed:\n- acme: no credentials for acme');
    expect((err as ApplyResultError<ApplyResult>).result.tenants.map((t) => [t.tenant, t.applied, t.skipped])).toEqual([
      ['acme', [], ['a']],
      ['beta', ['a'], []],
    ]);
  });

  it('starts nothing more once the run is cancelled', async () => {
    const world = createWorld();
    const controller = new AbortController();
    controller.abort();
    const resources = [memoryResource(world, { key: 'a', desired: { v: 1 } }), memoryResource(world, { key: 'b', dependsOn: ['a'], desired: { v: 1 } })];
    const result = await planAndApply(world, [{ tenant: 'acme', resources }], { signal: controller.signal });
    expect(result.tenants[0]).toMatchObject({ applied: [], skipped: ['a', 'b'] });
    expect(world.applies).toEqual([]);
  });
});

describe('applyPlan: bound to the reviewed plan', () => {
  function setup() {
    const world = createWorld();
    world.states.set('acme/db', { owner: 'old' });
    const tenants = [{ tenant: 'acme', resources: [
      memoryResource(world, { key: 'db', desired: { owner: 'new' } }),
      memoryResource(world, { key: 'dns', desired: { ttl: 600 } }),
    ] }];
    return { world, tenants, createContext: contextFactory() };
  }

  it('refuses, applying nothing, when the world changed since the plan was reviewed', async () => {
    const { world, tenants, createContext } = setup();
    const plan = await buildPlan({ tenants, createContext });
    world.states.set('acme/db', { owner: 'someone else' });
    const err = await caught(applyPlan(plan, { tenants, createContext, log: log() }));
    expect(err).toBeInstanceOf(PlanMismatchError);
    expect(err.message).toContain(`expected hash ${plan.hash}`);
    expect(world.applies).toEqual([]);
  });

  it('refuses an --plan-hash that is not the plan computed now', async () => {
    const { world, tenants, createContext } = setup();
    const err = await caught(applyPlan(undefined, { tenants, createContext, log: log(), expectedHash: 'f'.repeat(64) }));
    expect(err).toBeInstanceOf(PlanMismatchError);
    expect(world.applies).toEqual([]);
  });

  it('applies with the hash of the plan computed now', async () => {
    const { world, tenants, createContext } = setup();
    const plan = await buildPlan({ tenants, createContext });
    const result = await applyPlan(undefined, { tenants, createContext, log: log(), expectedHash: plan.hash, clock: steppingClock(5) });
    expect(result.hash).toBe(plan.hash);
    expect(world.applies).toEqual(['update acme/db', 'create acme/dns']);
    expect(result.durationMs).toBeGreaterThan(0);
    expect(result.tenants[0].durationMs).toBeGreaterThan(0);
  });

  it('applies with the 12-digit prefix the text plan shows, bound to the full hash', async () => {
    const { world, tenants, createContext } = setup();
    const plan = await buildPlan({ tenants, createContext });
    const result = await applyPlan(undefined, { tenants, createContext, log: log(), expectedHash: plan.hash.slice(0, 12).toUpperCase() });
    expect(result.hash).toBe(plan.hash);
    expect(world.applies).toEqual(['update acme/db', 'create acme/dns']);
  });

  it('refuses a prefix of the reviewed hash that the plan computed now does not start with', async () => {
    const { world, tenants, createContext } = setup();
    const plan = await buildPlan({ tenants, createContext });
    const other = (plan.hash[0] === '0' ? '1' : '0') + plan.hash.slice(1, 12);
    expect(await caught(applyPlan(undefined, { tenants, createContext, log: log(), expectedHash: other }))).toBeInstanceOf(PlanMismatchError);
    expect(await caught(applyPlan(plan, { tenants, createContext, log: log(), expectedHash: plan.hash.slice(0, 11) }))).toBeInstanceOf(PlanMismatchError);
    expect(world.applies).toEqual([]);
  });

  it('re-reads under the tenant lock and refuses changes another run made meanwhile', async () => {
    const { world, tenants, createContext } = setup();
    const plan = await buildPlan({ tenants, createContext });
    const lock = async <T>(_tenant: string, fn: () => Promise<T>) => {
      world.states.set('acme/dns', { ttl: 600 }); // the other run got there first
      return fn();
    };
    const err = await caught(applyPlan(plan, { tenants, createContext, log: log(), lock }));
    expect(err).toBeInstanceOf(ApplyError);
    const failure = (err as ApplyError).failures[0];
    expect(failure.key).toBe('acme');
    expect(failure.error).toBeInstanceOf(PlanMismatchError);
    expect(world.applies).toEqual([]);
  });

  it("reuses the plan's reads under a lock that vouches nobody touched the tenant since, and reads again otherwise", async () => {
    for (const wait of [{ waited: false, untouchedSincePlan: true }, { waited: false, untouchedSincePlan: false }, { waited: true, untouchedSincePlan: true }]) {
      const { world, tenants, createContext } = setup();
      const plan = await buildPlan({ tenants, createContext });
      const lock = async <T>(_tenant: string, fn: (w: typeof wait) => Promise<T>) => fn(wait);
      const readsBefore = world.reads.length;
      const result = await applyPlan(plan, { tenants, createContext, log: log(), lock });
      const reread = world.reads.length - readsBefore - 2; // applyPlan's own check reads both resources once
      expect({ wait, reread }).toEqual({ wait, reread: wait.untouchedSincePlan && !wait.waited ? 0 : 2 });
      expect(result.tenants[0].applied).toEqual(['db', 'dns']);
    }
  });

  it('under a vouching lock, applies a snapshot-read tenant as planned only for updates the snapshot vouched for', async () => {
    // A capability answering from a snapshot records how it answered (as Power BI's scanner does).
    const cases: { snapshot: SnapshotRead; dnsExists: boolean; reread: number }[] = [
      { snapshot: 'vouched', dnsExists: true, reread: 0 }, // two updates the snapshot vouched for
      { snapshot: 'vouched', dnsExists: false, reread: 2 }, // a create: the snapshot may have missed it
      { snapshot: 'partial', dnsExists: true, reread: 2 }, // updates planned from a snapshot with gaps
    ];
    for (const c of cases) {
      const { world, tenants, createContext } = setup();
      if (c.dnsExists) world.states.set('acme/dns', { ttl: 300 });
      const [db, dns] = tenants[0].resources;
      const fromSnapshot = { ...dns, read: async (ctx: ResourceContext) => {
        recordSnapshotRead(ctx, c.snapshot);
        return dns.read(ctx);
      } };
      const marked = [{ tenant: 'acme', resources: [db, fromSnapshot] }];
      const plan = await buildPlan({ tenants: marked, createContext });
      const lock = async <T>(_tenant: string, fn: (w: { waited: boolean; untouchedSincePlan: boolean }) => Promise<T>) => fn({ waited: false, untouchedSincePlan: true });
      const readsBefore = world.reads.length;
      const result = await applyPlan(plan, { tenants: marked, createContext, log: log(), lock });
      const reread = world.reads.length - readsBefore - 2; // applyPlan's own check reads both resources once
      expect({ ...c, reread }).toEqual(c);
      expect(result.tenants[0].applied).toEqual(['db', 'dns']);
    }
  });

  it('names the snapshot, not another run, when a reviewed snapshot plan is not what the tenant holds', async () => {
    const { world, tenants, createContext } = setup();
    // The snapshot missed the dns record that exists: planned as a create, read again under the lock.
    world.states.set('acme/dns', { ttl: 600 });
    const [db, dns] = tenants[0].resources;
    let snapshotReads = 2; // buildPlan's and applyPlan's own check; then the tenant's own, under the lock
    const missed = { ...dns, read: async (ctx: ResourceContext) => {
      if (snapshotReads-- <= 0) return dns.read(ctx);
      recordSnapshotRead(ctx, 'vouched');
      return undefined;
    } };
    const marked = [{ tenant: 'acme', resources: [db, missed] }];
    const plan = await buildPlan({ tenants: marked, createContext });
    expect(plan.tenants[0].changes.map((c) => c.action)).toEqual(['update', 'create']);
    const lock = async <T>(_tenant: string, fn: (w: { waited: boolean; untouchedSincePlan: boolean }) => Promise<T>) => fn({ waited: false, untouchedSincePlan: true });
    const err = await caught(applyPlan(plan, { tenants: marked, createContext, log: log(), lock }));
    const failure = (err as ApplyError).failures[0];
    expect(failure.error).toBeInstanceOf(SnapshotMismatchError);
    expect(failure.error.message).toMatch(/^tenant acme: read with its own calls under its lock, the tenant is not what the fleet-wide snapshot .* showed \(no other run touched it since\)/);
    expect(world.applies).toEqual([]);
  });

  it('sees a change another run made between the plan and a lock that does not vouch for the tenant', async () => {
    const { world, tenants, createContext } = setup();
    const plan = await buildPlan({ tenants, createContext });
    // Had at once, but the registry shows another run since the plan: the engine must read again.
    const lock = async <T>(_tenant: string, fn: (w: { waited: boolean; untouchedSincePlan: boolean }) => Promise<T>) => {
      world.states.set('acme/dns', { ttl: 600 });
      return fn({ waited: false, untouchedSincePlan: false });
    };
    const err = await caught(applyPlan(plan, { tenants, createContext, log: log(), lock }));
    expect((err as ApplyError).failures[0].error).toBeInstanceOf(PlanMismatchError);
    expect(world.applies).toEqual([]);
  });

  it('primes the apply pass with what was read of the resources that do not change', async () => {
    const world = createWorld();
    world.states.set('acme/model', { id: 'm1' });
    const primed: unknown[] = [];
    const tenants = [{ tenant: 'acme', resources: [
      { ...memoryResource(world, { key: 'model', desired: { id: 'm1' } }), prime: (_ctx: unknown, actual: unknown) => void primed.push(actual) },
      memoryResource(world, { key: 'report', desired: { v: 2 }, dependsOn: ['model'] }),
    ] }];
    await planAndApply(world, tenants);
    expect(primed).toEqual([{ id: 'm1' }]);
  });

  it('refuses a replacement that destroys data without force, and applies it with force', async () => {
    const world = createWorld();
    world.states.set('acme/db', { isolation: 'schema' });
    const tenants = [{ tenant: 'acme', resources: [
      memoryResource(world, { key: 'db', desired: { isolation: 'database' }, replaceOn: { isolation: 'drops the schema and its rows' } }),
    ] }];
    const createContext = contextFactory();
    const plan = await buildPlan({ tenants, createContext });
    const err = await caught(applyPlan(plan, { tenants, createContext, log: log() }));
    expect(err).toBeInstanceOf(UnsafePlanError);
    expect(err.message).toContain('tenant acme: db: isolation "schema" → "database" forces replacement, which destroys data: drops the schema and its rows; re-run with --force');
    expect(world.applies).toEqual([]);

    const result = await applyPlan(plan, { tenants, createContext, log: log(), force: true });
    expect(result.tenants[0].applied).toEqual(['db']);
    expect(world.applies).toEqual(['replace acme/db']);
    expect(createContext.made).toContain('apply:acme');
  });
});

describe('verify', () => {
  it('verifies what was applied and reports a failed check without undoing the apply', async () => {
    const world = createWorld();
    const seen: unknown[] = [];
    const resources: Resource[] = [
      memoryResource(world, { key: 'ok', desired: { v: 1 }, verify: (a) => void seen.push(a) }),
      memoryResource(world, { key: 'bad', desired: { v: 2 }, verify: () => { throw new Error('embed token refused'); } }),
      memoryResource(world, { key: 'plain', desired: { v: 3 } }),
    ];
    const err = await caught(planAndApply(world, [{ tenant: 'acme', resources }]));
    expect(err.message).toBe('1 change(s) failed:\n- acme bad (verify): embed token refused');
    const result = (err as ApplyResultError<ApplyResult>).result;
    expect(result.tenants[0]).toMatchObject({ applied: ['bad', 'ok', 'plain'], verified: ['ok'], failed: [] });
    expect(seen).toEqual([{ v: 1 }]);
  });

  it('verifyPlan reads and checks every resource that should exist', async () => {
    const world = createWorld();
    world.states.set('acme/a', { v: 1 });
    world.states.set('acme/b', { v: 1 });
    const checks: string[] = [];
    const tenants = [{ tenant: 'acme', resources: [
      memoryResource(world, { key: 'a', desired: { v: 1 }, verify: (x) => void checks.push(`a ${JSON.stringify(x)}`) }),
      memoryResource(world, { key: 'b', desired: { v: 1 }, verify: () => { throw new Error('cannot log in'); } }),
      memoryResource(world, { key: 'gone', verify: () => void checks.push('gone') }),
    ] }];
    const err = await caught(verifyPlan({ tenants, createContext: contextFactory() }));
    expect(err).toBeInstanceOf(ApplyError);
    expect((err as ApplyResultError).result).toEqual({ tenants: [{ tenant: 'acme', verified: ['a'], failed: ['b'] }] });
    expect(checks).toEqual(['a {"v":1}']);
    expect(world.reads.sort()).toEqual(['acme/a', 'acme/b']);
  });
});
