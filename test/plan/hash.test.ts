import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvironmentError, InternalError } from '../../src/errors/index.ts';
import { buildPlan, canonicalJson, hashPlan, matchesPlanHash, parsePlanHash, type Resource } from '../../src/plan/index.ts';
import { contextFactory, createWorld, memoryResource, type World } from '../support/memory-resources.ts';

describe('canonicalJson', () => {
  it.each([
    ['sorts keys at every depth', { b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}'],
    ['drops undefined members', { a: undefined, b: 1 }, '{"b":1}'],
    ['keeps array positions (undefined → null)', [1, undefined, 3], '[1,null,3]'],
    ['normalises -0', { n: -0 }, '{"n":0}'],
    ['writes 1.0 as 1', 1.0, '1'],
    ['uses the shortest round-trip form', [0.1 + 0.2, 1e21, 5e-7], '[0.30000000000000004,1e+21,5e-7]'],
    ['escapes strings as JSON does', 'a"b\\c\n\u0001é', JSON.stringify('a"b\\c\n\u0001é')],
    ['writes empty containers', { a: {}, b: [] }, '{"a":{},"b":[]}'],
    ['uses toJSON (dates)', { at: new Date(Date.UTC(2025, 0, 2)) }, '{"at":"2025-01-02T00:00:00.000Z"}'],
    ['sorts keys by code unit, not locale', { b: 1, B: 2, a: 3, é: 4 }, '{"B":2,"a":3,"b":1,"é":4}'],
    ['allows one object twice when it is not a cycle', (() => { const x = { v: 1 }; return [x, x]; })(), '[{"v":1},{"v":1}]'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([
    ['NaN', { n: Number.NaN }, '$.n is NaN'],
    ['Infinity', [Infinity], '$[0] is Infinity'],
    ['bigint', { n: 1n }, '$.n is a bigint'],
    ['a function', { f: () => 1 }, '$.f is a function'],
    ['a Map', { m: new Map() }, '$.m is a Map'],
    ['a cycle', (() => { const x: Record<string, unknown> = {}; x.self = x; return x; })(), '$.self refers back to itself'],
  ])('refuses %s instead of hashing it ambiguously', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(InternalError);
    expect(() => canonicalJson(value)).toThrow(message);
  });
});

// Two tenants whose desired state is written with different key orders, as two YAML files would be.
function resources(world: World, desired: Record<string, unknown>): Resource[] {
  return [
    memoryResource(world, { key: 'db/schema', kind: 'db.schema', desired }),
    memoryResource(world, { key: 'dns/app', kind: 'dns.record', dependsOn: ['db/schema'], desired: { ttl: 600, type: 'CNAME' } }),
  ];
}

async function planWith(desired: Record<string, unknown>, existing?: Record<string, unknown>) {
  const world = createWorld();
  if (existing) world.states.set('acme/db/schema', existing);
  return buildPlan({ tenants: [{ tenant: 'acme', resources: resources(world, desired) }], createContext: contextFactory() });
}

describe('hashPlan', () => {
  const existing = { name: 'tenant_acme', owner: 'old', grants: ['read'] };

  it('is the same for the same inputs whatever their key order', async () => {
    const a = await planWith({ name: 'tenant_acme', owner: 'new', grants: ['read', 'write'] }, existing);
    const b = await planWith({ grants: ['read', 'write'], owner: 'new', name: 'tenant_acme' }, { grants: ['read'], owner: 'old', name: 'tenant_acme' });
    expect(a.tenants[0].changes.length).toBe(2);
    expect(b.hash).toBe(a.hash);
    expect(b).toEqual(a);
  });

  it('changes when one field changes', async () => {
    const a = await planWith({ name: 'tenant_acme', owner: 'new', grants: ['read', 'write'] }, existing);
    const b = await planWith({ name: 'tenant_acme', owner: 'newer', grants: ['read', 'write'] }, existing);
    expect(b.hash).not.toBe(a.hash);
    expect(b.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is SHA-256 over the canonical JSON of { version, tenants: [{ tenant, changes }] }', async () => {
    const a = await planWith({ name: 'tenant_acme', owner: 'new' }, existing);
    const document = canonicalJson({ version: 1, tenants: a.tenants.map((t) => ({ tenant: t.tenant, changes: t.changes })) });
    expect(a.hash).toBe(createHash('sha256').update(document).digest('hex'));
  });

  it('survives a JSON round trip of the plan', async () => {
    const a = await planWith({ name: 'tenant_acme', owner: 'new', grants: ['read', 'write'] }, existing);
    expect(hashPlan(JSON.parse(JSON.stringify(a)))).toBe(a.hash);
  });

  it('covers the changes only: not the hash field, counts, unsafe reasons or unchanged tenants', async () => {
    const a = await planWith({ name: 'tenant_acme', owner: 'new' }, existing);
    const tampered = {
      ...a,
      hash: 'something else',
      tenants: [
        { ...a.tenants[0], counts: { create: 9, update: 9, replace: 9, delete: 9, noop: 9 }, unsafe: [{ message: 'x' }] },
        { tenant: 'zeta', changes: [], counts: { create: 0, update: 0, replace: 0, delete: 0, noop: 12 }, unsafe: [] },
      ],
    };
    expect(hashPlan(tampered)).toBe(a.hash);
    const edited = structuredClone(a);
    edited.tenants[0].changes[0].fields[0].after = 'edited';
    expect(hashPlan(edited)).not.toBe(a.hash);
  });
});

describe('hash fast path', () => {
  it('a built plan stringifies to exactly its canonical JSON, so both hash paths agree', async () => {
    const { buildPlan, canonicalJson, hashPlan, diffFields } = await import('../../src/plan/index.ts');
    const resource = (key: string, desired: object) => ({
      key, kind: 'k', dependsOn: [], desired,
      read: async () => undefined, apply: async () => undefined,
      diff: (d: object | undefined, a: object | undefined) => diffFields(d, a, { replaceOn: { 'z.a': 'why' }, summary: { create: 'make it' } }),
    });
    const plan = await buildPlan({ offline: true, tenants: [{ tenant: 't', resources: [resource('b', { z: { b: [1, { y: 2, x: -0 }], a: 'x' }, n: 1.5 }), resource('a', { q: null, p: 'é"\\n' })] }] });
    const changes = plan.tenants[0].changes;
    expect(JSON.stringify(changes)).toBe(canonicalJson(changes));
    // A copy without the mark (as read back from JSON) hashes the same.
    expect(hashPlan({ version: plan.version, tenants: JSON.parse(JSON.stringify(plan.tenants)) })).toBe(plan.hash);
  });
});

describe('a reviewed plan hash (parsePlanHash, matchesPlanHash)', () => {
  const full = createHash('sha256').update('a plan').digest('hex');

  it.each([
    ['the whole hash', full, full],
    ['the 12 digits the text plan shows', full.slice(0, 12), full.slice(0, 12)],
    ['upper case and surrounding blanks', ` ${full.slice(0, 20).toUpperCase()} `, full.slice(0, 20)],
  ])('accepts %s', (_name, input, parsed) => {
    expect(parsePlanHash(input)).toBe(parsed);
    expect(matchesPlanHash(parsePlanHash(input), full)).toBe(true);
  });

  it.each([
    ['11 digits', full.slice(0, 11), 'has 11 hex digits; allowed: 12 to 64'],
    ['65 digits', full + '0', 'has 65 hex digits; allowed: 12 to 64'],
    ['not hexadecimal', 'zz' + full.slice(2, 14), 'is not a plan hash (not hexadecimal)'],
    ['empty', '', 'is not a plan hash (empty)'],
  ])('refuses %s as a usage error', (_name, input, message) => {
    let err: unknown;
    try {
      parsePlanHash(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as Error).message).toContain(`--plan-hash ${message}`);
  });

  it('matches only a prefix of at least 12 digits', () => {
    expect(matchesPlanHash(full.slice(0, 12), full)).toBe(true);
    expect(matchesPlanHash(full.slice(0, 11), full)).toBe(false);
    expect(matchesPlanHash('', full)).toBe(false);
    expect(matchesPlanHash(full.slice(1, 13), full)).toBe(false);
  });
});
