// The offline plan planned once: the same plan as buildPlan (hash, unsafe reasons, every rendering
// byte for byte), each tenant planned once and its part of each output spilled to a private
// temporary file as soon as it is planned, the file gone when the plan is, however it ends.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildPlan,
  jsonRendering,
  markdownRendering,
  renderChunks,
  renderPlanMarkdown,
  renderPlanText,
  textRendering,
  viewOfPlan,
  withOfflinePlan,
  type OfflinePlanOptions,
  type Plan,
  type PlanRendering,
  type Resource,
  type SafetyGroup,
  type SpilledPlan,
} from '../../src/plan/index.ts';
import { contextFactory, createWorld, memoryResource } from '../support/memory-resources.ts';

const labels = { 'test.report': { plural: 'reports', verbs: { create: 'to clone' } } };
const zone: SafetyGroup = { id: 'zone', title: 'zone z.example', existing: 10, noun: 'record sets' };

/**
 * Tenants of every shape a plan has: many changes of one kind (collapsed), a destroyed field (its
 * own unsafe reason), changes of a group judged across tenants, and tenants with nothing to do.
 */
function fleetResources(tenant: string, { shared = true } = {}): Resource[] {
  const world = createWorld();
  const n = Number(tenant.slice(1));
  if (n % 5 === 0) return [];
  const reports = Array.from({ length: 3 + (n % 8) }, (_, i) =>
    memoryResource(world, { key: `report/${i}`, kind: 'test.report', dependsOn: ['model'], desired: { i }, summary: `clone report ${i} | <b>` }),
  );
  const model = memoryResource(world, { key: 'model', desired: { tenant } });
  // A diff that changes something that is not there: only a test double can, and it is how an
  // offline plan gets the unsafe reasons a real one could (a destroyed field, a group's threshold).
  const dns: Resource = {
    ...memoryResource(world, { key: 'dns/app', kind: 'test.dns' }),
    diff: () => ({ action: 'update', fields: [{ path: 'target', before: 'old', after: 'new', ...(n % 3 === 0 ? { forcesReplacement: true, reason: 'moves' } : {}) }], safetyGroup: zone }),
  };
  return [model, ...reports, ...(shared && n % 2 ? [dns] : [])];
}

const codes = Array.from({ length: 23 }, (_, i) => `t${String(22 - i).padStart(2, '0')}`);

async function heldPlan(resources = fleetResources): Promise<Plan> {
  return buildPlan({ tenants: codes.map((tenant) => ({ tenant, resources: resources(tenant) })), offline: true });
}

/** A real fleet offline: every change a create, none counted by a shared threshold. */
const createsOnly = (tenant: string) => fleetResources(tenant, { shared: false });

const renderings = () => [markdownRendering({ labels }), textRendering(), jsonRendering()];

/** Everything a rendering of a spilled plan prints, as text. */
const printedOf = (plan: SpilledPlan, index: number) => [...plan.chunks(index)].join('');



describe('withOfflinePlan', () => {
  let spillRoot: string;
  beforeEach(async () => {
    spillRoot = await mkdtemp(join(tmpdir(), 'planonce-test-'));
  });
  afterEach(async () => {
    await rm(spillRoot, { recursive: true, force: true });
  });
  const offline = (options: Partial<OfflinePlanOptions> = {}): OfflinePlanOptions => ({ tenants: codes, resources: fleetResources, spillRoot, ...options });

  it.each([
    ['with a shared threshold tripped across tenants', fleetResources],
    ['of creates only, as a real fleet offline', createsOnly],
  ])('is the plan buildPlan makes %s: hash, counts, unsafe reasons, and every rendering byte for byte', async (_, resources) => {
    const held = await heldPlan(resources);
    expect(held.tenants.some((t) => t.changes.length === 0)).toBe(true);
    if (resources === fleetResources) expect(held.tenants.some((t) => t.unsafe.some((u) => u.message.includes('zone z.example')))).toBe(true);
    await withOfflinePlan(offline({ resources }), renderings(), async (plan) => {
      expect(plan.hash).toBe(held.hash);
      expect(plan.tenants).toEqual(viewOfPlan(held).tenants);
      expect(printedOf(plan, 0)).toBe(renderPlanMarkdown(held, { labels }) + '\n');
      expect(printedOf(plan, 1)).toBe(renderPlanText(held) + '\n');
      expect(printedOf(plan, 2)).toBe(JSON.stringify(held, null, 2) + '\n');
      // Read again (a comment after the output): the same bytes.
      expect(printedOf(plan, 0)).toBe(renderPlanMarkdown(held, { labels }) + '\n');
    });
  });

  it('renders a held plan (an online one) as JSON.stringify does, unchanged tenants and all', async () => {
    const world = createWorld();
    world.states.set('same/a', { v: 1 });
    world.states.set('gone/a', { v: 1 });
    const plan = await buildPlan({
      tenants: [
        { tenant: 'same', resources: [memoryResource(world, { key: 'a', desired: { v: 1 } })] },
        { tenant: 'gone', resources: [memoryResource(world, { key: 'a', deleteDestroys: 'drops the rows' })] },
      ],
      createContext: contextFactory(),
    });
    const json = (p: Plan) => [...renderChunks(viewOfPlan(p), jsonRendering())].join('');
    expect(json(plan)).toBe(JSON.stringify(plan, null, 2) + '\n');
    const empty = await buildPlan({ tenants: [], offline: true });
    expect(json(empty)).toBe(JSON.stringify(empty, null, 2) + '\n');
    await withOfflinePlan(offline({ tenants: [] }), renderings(), async (spilled) => {
      expect(printedOf(spilled, 0)).toBe(renderPlanMarkdown(empty, { labels }) + '\n');
      expect(printedOf(spilled, 2)).toBe(JSON.stringify(empty, null, 2) + '\n');
    });
  });

  it('plans each tenant once, whatever is printed and however often', async () => {
    const planned: string[] = [];
    const resources = (tenant: string) => {
      planned.push(tenant);
      return fleetResources(tenant);
    };
    await withOfflinePlan(offline({ resources }), renderings(), async (plan) => {
      for (let r = 0; r < 3; r++) printedOf(plan, r);
      printedOf(plan, 0);
    });
    expect(planned).toEqual([...codes].sort());
  });

  it('renders the part of each tenant as soon as it is planned, so no more than one is held', async () => {
    const events: string[] = [];
    const markdown = markdownRendering({ labels });
    const spy: PlanRendering = { ...markdown, tenant: (t, i) => (events.push(`render ${t.tenant}`), markdown.tenant(t, i)) };
    const resources = (tenant: string) => (events.push(`plan ${tenant}`), createsOnly(tenant));
    await withOfflinePlan(offline({ resources }), [spy], async (plan) => {
      expect(events).toEqual([...codes].sort().flatMap((c) => [`plan ${c}`, `render ${c}`]));
      // Printing reads the spilled parts: nothing is rendered again.
      printedOf(plan, 0);
      expect(events).toHaveLength(2 * codes.length);
    });
  });

  it('keeps the spilled parts private while the plan is open and removes them when it closes', async () => {
    await withOfflinePlan(offline(), renderings(), async () => {
      const [dir] = await readdir(spillRoot);
      expect((await stat(join(spillRoot, dir))).mode & 0o777).toBe(0o700);
      const files = await readdir(join(spillRoot, dir));
      expect(files).toHaveLength(3);
      for (const f of files) expect((await stat(join(spillRoot, dir, f))).mode & 0o777).toBe(0o600);
    });
    expect(await readdir(spillRoot)).toEqual([]);
  });

  it('removes the spilled parts when planning fails half-way, and when printing fails', async () => {
    const failing = (tenant: string) => {
      if (tenant === 't12') throw new Error('tenant t12 cannot be planned');
      return fleetResources(tenant);
    };
    await expect(withOfflinePlan(offline({ resources: failing }), renderings(), async () => 'printed')).rejects.toThrow('tenant t12 cannot be planned');
    expect(await readdir(spillRoot)).toEqual([]);
    const broken = withOfflinePlan(offline(), renderings(), async (plan) => {
      for (const _ of plan.chunks(0)) throw new Error('stdout closed');
    });
    await expect(broken).rejects.toThrow('stdout closed');
    expect(await readdir(spillRoot)).toEqual([]);
  });

  it('refuses a tenant planned twice, as buildPlan does, before it spills anything', async () => {
    await expect(withOfflinePlan(offline({ tenants: ['a', 'b', 'a'], resources: () => [] }), renderings(), async () => 0)).rejects.toThrow('tenant a is planned twice');
    expect(await readdir(spillRoot)).toEqual([]);
  });

  it('keeps per tenant only what headers and totals need', async () => {
    await withOfflinePlan(offline(), renderings(), async (plan) => {
      for (const t of plan.tenants) expect(Object.keys(t).sort()).toEqual(['changeCount', 'counts', 'tenant', 'unsafe']);
    });
  });
});
