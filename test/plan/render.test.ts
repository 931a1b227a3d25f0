import { describe, expect, it } from 'vitest';
import { buildPlan, formatChangeLine, renderPlanMarkdown, renderPlanText, type Plan } from '../../src/plan/index.ts';
import { contextFactory, createWorld, memoryResource } from '../support/memory-resources.ts';
import { expectGolden } from '../support/golden.ts';

// acme-training: 42 reports to clone, a role update with field changes and an unsafe database
// replacement; beta-corp: a few creates and a delete; gamma: nothing to do.
async function reviewPlan(): Promise<Plan> {
  const world = createWorld();
  world.states.set('acme-training/db/database', { isolation: 'schema', cluster: 'main' });
  world.states.set('acme-training/db/roles', { members: ['app'], connectionLimit: 20, comment: 'bi | reporting' });
  world.states.set('acme-training/powerbi/workspace', { name: 'tenant-acme-training' });
  world.states.set('beta-corp/dns/old', { type: 'CNAME' });
  world.states.set('gamma/db/database', { isolation: 'schema' });
  const acme = [
    memoryResource(world, {
      key: 'db/database', kind: 'db.database',
      desired: { isolation: 'database', cluster: 'main' },
      replaceOn: { isolation: 'moving a live tenant to database isolation drops its schema and the rows in it' },
    }),
    memoryResource(world, {
      key: 'db/roles', kind: 'db.roles', dependsOn: ['db/database'],
      desired: { members: ['app', 'bi'], connectionLimit: 40, comment: 'bi | reporting', note: 'x'.repeat(80) },
    }),
    memoryResource(world, { key: 'powerbi/workspace', kind: 'powerbi.workspace', desired: { name: 'tenant-acme-training' } }),
    memoryResource(world, { key: 'powerbi/model', kind: 'powerbi.model', dependsOn: ['powerbi/workspace', 'db/roles'], desired: { v: 1 }, summary: 'create semantic model tenant-acme-training-model' }),
    ...Array.from({ length: 42 }, (_, i) => {
      const name = `APTEM-BKSB-HUBSPOT - Persona ${String(i + 1).padStart(2, '0')} v1.${i % 4}`;
      return memoryResource(world, { key: `powerbi/report/${name}`, kind: 'powerbi.report', dependsOn: ['powerbi/model'], desired: { name }, summary: `clone report "${name}"` });
    }),
  ];
  const beta = [
    memoryResource(world, { key: 'db/schema', kind: 'db.schema', desired: { v: 1 }, summary: 'create schema tenant_beta_corp' }),
    memoryResource(world, { key: 'dns/app', kind: 'dns.record', desired: { type: 'CNAME' }, summary: 'create CNAME beta.example.net' }),
    memoryResource(world, { key: 'dns/old', kind: 'dns.record' }),
  ];
  const gamma = [memoryResource(world, { key: 'db/database', kind: 'db.database', desired: { isolation: 'schema' } })];
  return buildPlan({
    tenants: [{ tenant: 'gamma', resources: gamma }, { tenant: 'beta-corp', resources: beta }, { tenant: 'acme-training', resources: acme }],
    createContext: contextFactory(),
  });
}

const labels = { 'powerbi.report': { plural: 'reports', verbs: { create: 'to clone' } } };

describe('renderPlanMarkdown', () => {
  it('matches the golden review comment', async () => {
    const plan = await reviewPlan();
    expect(plan.tenants[0].counts).toEqual({ create: 43, update: 1, replace: 1, delete: 0, noop: 1 });
    const md = renderPlanMarkdown(plan, { labels });
    expectGolden('review.md', md);
    expect(md).toContain('<details><summary>42 reports to clone</summary>');
  });

  it('falls back to the kind when no label is given, and collapses only above the threshold', async () => {
    const plan = await reviewPlan();
    expect(renderPlanMarkdown(plan)).toContain('<details><summary>42 powerbi.report resources to create</summary>');
    expect(renderPlanMarkdown(plan, { collapseAbove: 42 })).not.toContain('<details><summary>42');
  });

  it('says so when nothing changes', async () => {
    const world = createWorld();
    world.states.set('acme/a', { v: 1 });
    const plan = await buildPlan({ tenants: [{ tenant: 'acme', resources: [memoryResource(world, { key: 'a', desired: { v: 1 } })] }], createContext: contextFactory() });
    expectGolden('no-changes.md', renderPlanMarkdown(plan));
  });

  it('keeps tenant text from breaking the table or injecting HTML', async () => {
    const plan = await buildPlan({
      tenants: [{ tenant: 'acme', resources: [memoryResource(createWorld(), { key: 'a|b`c', desired: { v: 1 }, summary: '<img src=x> | two\nlines' })] }],
      offline: true,
    });
    const row = renderPlanMarkdown(plan).split('\n').find((l) => l.startsWith('| + create'))!;
    expect(row).toBe('| + create | ``a\\|b`c`` | `test.thing` | &lt;img src=x&gt; \\| two lines |');
  });
});

describe('renderPlanText', () => {
  it('matches the golden log lines', async () => {
    expectGolden('review.txt', renderPlanText(await reviewPlan()));
  });

  it('writes one line per change', () => {
    const base = { kind: 'k', summary: 's' };
    expect(formatChangeLine({ ...base, key: 'a', action: 'create', fields: [] })).toBe('+ a');
    expect(formatChangeLine({ ...base, key: 'a', action: 'delete', fields: [] })).toBe('- a');
    expect(formatChangeLine({ ...base, key: 'a', action: 'update', fields: [{ path: 'n', before: 1, after: 2 }, { path: 'm', after: 'x' }] }))
      .toBe('~ a n: 1 → 2, m: (none) → "x"');
    expect(formatChangeLine({ ...base, key: 'a', action: 'replace', fields: [{ path: 'iso', before: 'schema', after: 'database', forcesReplacement: true }] }))
      .toBe('± a iso: "schema" → "database" (forces replacement)');
  });
});
