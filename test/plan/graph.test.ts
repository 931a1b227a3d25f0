import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors/index.ts';
import { buildGraph, reverseOrder } from '../../src/plan/index.ts';
import { createWorld, memoryResource } from '../support/memory-resources.ts';

const world = createWorld();
const r = (key: string, dependsOn: string[] = []) => memoryResource(world, { key, dependsOn, desired: {} });

describe('buildGraph', () => {
  const set = [
    r('workspace', ['profile']),
    r('report/b', ['model']),
    r('report/a', ['model']),
    r('model', ['workspace', 'db/schema']),
    r('profile'),
    r('db/schema'),
    r('dns/record'),
  ];
  const expected = ['db/schema', 'dns/record', 'profile', 'workspace', 'model', 'report/a', 'report/b'];

  it('puts dependencies first and breaks ties by key', () => {
    expect(buildGraph('acme', set).order.map((x) => x.key)).toEqual(expected);
  });

  it('gives the same order whatever the input order', () => {
    for (const shuffled of [[...set].reverse(), [set[3], set[6], set[0], set[5], set[1], set[4], set[2]]]) {
      expect(buildGraph('acme', shuffled).order.map((x) => x.key)).toEqual(expected);
    }
  });

  it('orders deletes the other way round', () => {
    expect(reverseOrder(buildGraph('acme', set)).map((x) => x.key)).toEqual([...expected].reverse());
  });

  it('records direct dependents, sorted', () => {
    expect(buildGraph('acme', set).dependents.get('model')).toEqual(['report/a', 'report/b']);
  });

  it('names the cycle', () => {
    const cyclic = [r('a', ['c']), r('b', ['a']), r('c', ['b']), r('d', ['a']), r('e')];
    expect(() => buildGraph('acme', cyclic)).toThrow(InternalError);
    expect(() => buildGraph('acme', cyclic)).toThrow('tenant acme: resource graph has a cycle (→ reads "depends on"): a → c → b → a');
  });

  it('names a resource that depends on itself', () => {
    expect(() => buildGraph('acme', [r('a', ['a'])])).toThrow('cycle (→ reads "depends on"): a → a');
  });

  it('refuses a dependency outside the set', () => {
    expect(() => buildGraph('acme', [r('model', ['workspace'])])).toThrow(
      'tenant acme: resource "model" depends on "workspace", which is not in the tenant\'s resource set',
    );
  });

  it('refuses a key used twice', () => {
    expect(() => buildGraph('acme', [r('a'), r('a')])).toThrow('tenant acme: resource key "a" is used twice');
  });
});
