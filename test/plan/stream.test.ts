// The streamed offline plan: the same plan as buildPlan (hash, unsafe reasons, every rendering byte
// for byte), made tenant by tenant so a renderer only ever holds one tenant's changes.
import { describe, expect, it } from 'vitest';
import {
  buildPlan,
  planJsonChunks,
  planMarkdownSections,
  planTextSections,
  renderPlanMarkdown,
  renderPlanText,
  streamOfflinePlan,
  viewOfPlan,
  type Plan,
  type PlanView,
  type Resource,
  type SafetyGroup,
} from '../../src/plan/index.ts';
import { contextFactory, createWorld, memoryResource } from '../support/memory-resources.ts';

const labels = { 'test.report': { plural: 'reports', verbs: { create: 'to clone' } } };
const zone: SafetyGroup = { id: 'zone', title: 'zone z.example', existing: 10, noun: 'record sets' };

/**
 * Tenants of every shape a plan has: many changes of one kind (collapsed), a destroyed field (its
 * own unsafe reason), changes of a group judged across tenants, and tenants with nothing to do.
 */
function fleetResources(tenant: string): Resource[] {
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
  return [model, ...reports, ...(n % 2 ? [dns] : [])];
}

const codes = Array.from({ length: 23 }, (_, i) => `t${String(22 - i).padStart(2, '0')}`);

async function heldPlan(): Promise<Plan> {
  return buildPlan({ tenants: codes.map((tenant) => ({ tenant, resources: fleetResources(tenant) })), offline: true });
}

const joined = (sections: Iterable<string[]>) => [...sections].flat().join('\n');

describe('streamOfflinePlan', () => {
  it('is the plan buildPlan makes: hash, counts, unsafe reasons, and every rendering byte for byte', async () => {
    const held = await heldPlan();
    const streamed = streamOfflinePlan({ tenants: codes, resources: fleetResources });
    expect(streamed.hash).toBe(held.hash);
    expect(held.tenants.some((t) => t.unsafe.some((u) => u.message.includes('zone z.example')))).toBe(true);
    expect(held.tenants.some((t) => t.changes.length === 0)).toBe(true);
    expect([...streamed.plans()]).toEqual(held.tenants);
    expect(joined(planMarkdownSections(streamed, { labels }))).toBe(renderPlanMarkdown(held, { labels }));
    expect(joined(planTextSections(streamed))).toBe(renderPlanText(held));
    expect([...planJsonChunks(streamed)].join('')).toBe(JSON.stringify(held, null, 2));
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
    expect([...planJsonChunks(viewOfPlan(plan))].join('')).toBe(JSON.stringify(plan, null, 2));
    const empty = await buildPlan({ tenants: [], offline: true });
    expect([...planJsonChunks(viewOfPlan(empty))].join('')).toBe(JSON.stringify(empty, null, 2));
    expect(joined(planMarkdownSections(viewOfPlan(empty)))).toBe(renderPlanMarkdown(empty));
  });

  it('plans each tenant again only when its section is asked for, and hands a renderer one tenant at a time', () => {
    const events: string[] = [];
    const streamed = streamOfflinePlan({
      tenants: codes,
      resources: (tenant) => {
        events.push(`plan ${tenant}`);
        return fleetResources(tenant);
      },
    });
    // The first pass planned every tenant once, for the hash and the totals, and kept no changes.
    expect(events).toEqual([...codes].sort().map((c) => `plan ${c}`));
    events.length = 0;
    for (const section of planMarkdownSections(streamed, { labels })) events.push(`write ${section[0]}`);
    // Each changed tenant is planned, then written, before the next one is planned.
    const changed = streamed.tenants.filter((t) => t.changeCount > 0).map((t) => t.tenant);
    expect(events.slice(1, 1 + 2 * changed.length)).toEqual(changed.flatMap((c) => [`plan ${c}`, expect.stringMatching(new RegExp(`^write ### ${c}:`))]));
    expect(events.filter((e) => e.startsWith('plan '))).toHaveLength(changed.length);
  });

  it('refuses a tenant planned twice, as buildPlan does', () => {
    expect(() => streamOfflinePlan({ tenants: ['a', 'b', 'a'], resources: () => [] })).toThrow('tenant a is planned twice');
  });

  it('keeps per tenant only what headers and totals need', () => {
    const streamed: PlanView = streamOfflinePlan({ tenants: codes, resources: fleetResources });
    for (const t of streamed.tenants) expect(Object.keys(t).sort()).toEqual(['changeCount', 'counts', 'tenant', 'unsafe']);
  });
});
