import { describe, expect, it } from 'vitest';
import { diffFields } from '../../src/plan/index.ts';

describe('diffFields', () => {
  it('creates, deletes, and finds nothing to do when equal whatever the key order', () => {
    expect(diffFields({ a: 1 }, undefined)?.action).toBe('create');
    expect(diffFields(undefined, { a: 1 })?.action).toBe('delete');
    expect(diffFields({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBeUndefined();
    expect(diffFields(undefined, undefined)).toBeUndefined();
  });
  it('lists every field of a create and a delete, so the plan hash covers them', () => {
    expect(diffFields({ b: 1, a: { c: 'x' } }, undefined)?.fields).toEqual([{ path: 'a.c', after: 'x' }, { path: 'b', after: 1 }]);
    expect(diffFields(undefined, { a: 1 })?.fields).toEqual([{ path: 'a', before: 1 }]);
  });
  it('reports each differing leaf by dotted path', () => {
    const change = diffFields({ a: 1, b: { c: 'x', d: 2 } }, { a: 1, b: { c: 'y', d: 2 } });
    expect(change).toEqual({ action: 'update', fields: [{ path: 'b.c', before: 'y', after: 'x' }], summary: undefined });
  });
  it('leaves unmanaged actual fields alone and honours ignore', () => {
    expect(diffFields({ a: 1 }, { a: 1, extra: true } as { a: number })).toBeUndefined();
    expect(diffFields({ a: 1, id: 'x' }, { a: 1, id: 'y' }, { ignore: ['id'] })).toBeUndefined();
  });
  it('turns a replace-on field into a data-destroying replacement with its reason', () => {
    const change = diffFields({ isolation: 'database' }, { isolation: 'schema' }, { replaceOn: { isolation: 'moving data is out of scope' } });
    expect(change?.action).toBe('replace');
    expect(change?.destroysData).toBe(true);
    expect(change?.fields[0]).toMatchObject({ path: 'isolation', forcesReplacement: true, reason: 'moving data is out of scope' });
  });
});
