import { describe, expect, it } from 'vitest';
import { evaluateDax } from '../../src/powerbi/index.ts';
import { compileFilter } from '../../src/powerbi/odata.ts';
import type { LoadedData, ModelTable } from '../../src/world/index.ts';

const tables: ModelTable[] = [
  { name: 'learners', columns: [{ name: 'learner_id' }, { name: 'tenant_marker' }], partitions: [] },
  { name: "o'brien", columns: [{ name: 'tenant_marker' }], partitions: [] },
];
const data: LoadedData = {
  loadedAt: 0, loadedAs: 'bi',
  tables: { learners: { rowCount: 4, columns: { tenant_marker: ['acme', null] } }, "o'brien": { rowCount: 1, columns: { tenant_marker: ['x'] } } },
};

describe('the DAX subset', () => {
  it.each([
    ["EVALUATE VALUES('learners'[tenant_marker])", [{ 'learners[tenant_marker]': 'acme' }, { 'learners[tenant_marker]': null }]],
    ['evaluate distinct(learners[tenant_marker]);', [{ 'learners[tenant_marker]': 'acme' }, { 'learners[tenant_marker]': null }]],
    ["EVALUATE ROW(\"n\", COUNTROWS('learners'), \"m\", COUNTROWS('o''brien'))", [{ '[n]': 4, '[m]': 1 }]],
    ["EVALUATE { COUNTROWS('learners') }", [{ '[Value]': 4 }]],
  ])('%s', (query, rows) => {
    expect(evaluateDax(query, tables, data)).toEqual({ ok: true, rows });
  });

  it('answers empty tables before any refresh and refuses what it cannot answer', () => {
    expect(evaluateDax("EVALUATE ROW(\"n\", COUNTROWS('learners'))", tables, undefined)).toEqual({ ok: true, rows: [{ '[n]': 0 }] });
    expect(evaluateDax("EVALUATE VALUES('learners'[learner_id])", tables, data)).toMatchObject({ ok: false, message: expect.stringContaining('only marker columns') });
    expect(evaluateDax("EVALUATE VALUES('nope'[x])", tables, data)).toMatchObject({ ok: false, message: expect.stringContaining("Cannot find table 'nope'") });
    expect(evaluateDax("EVALUATE VALUES('learners'[nope])", tables, data)).toMatchObject({ ok: false, message: expect.stringContaining("Column 'nope'") });
    expect(evaluateDax("EVALUATE FILTER('learners', TRUE())", tables, data)).toMatchObject({ ok: false });
  });
});

describe('$filter', () => {
  const rows = [{ name: 'acme', id: 'A0000000-0000-4000-8000-000000000001', isOnDedicatedCapacity: true }, { name: 'Beta', id: 'b0000000-0000-4000-8000-000000000002', isOnDedicatedCapacity: false }];
  it.each([
    ["name eq 'acme'", ['acme']],
    ["contains(name,'et')", ['Beta']],
    ["startswith(tolower(name), 'b') or isOnDedicatedCapacity eq true", ['acme', 'Beta']],
    ["not (name ne 'Beta') and id eq 'B0000000-0000-4000-8000-000000000002'", ['Beta']],
    ['id eq a0000000-0000-4000-8000-000000000001', ['acme']],
  ])('%s', (filter, names) => {
    const pred = compileFilter(filter);
    expect(rows.filter((r) => pred(r)).map((r) => r.name)).toEqual(names);
  });
  it('refuses what it cannot read', () => {
    expect(() => compileFilter("name has 'a'")).toThrow(/unsupported operator/);
    expect(() => compileFilter("name eq 'a' and")).toThrow();
    expect(() => compileFilter("nope eq 'a'")(rows[0])).toThrow(/unknown property/);
  });
});
