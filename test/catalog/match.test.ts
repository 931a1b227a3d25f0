import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, matchReports, selectLatest } from '../../src/catalog/index.ts';
import type { TemplateReport } from '../../src/catalog/index.ts';
import { repoRoot } from '../support/repo.ts';

const { reports, findings } = loadCatalog(repoRoot);
const ALL_MODULES = ['operations', 'quality', 'finance', 'sales', 'compliance', 'learner-progress'];
const acme = { providers: { lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT' } };
const beta = { providers: { lms: 'BUD', englishMaths: 'FUNC', crm: 'SF' } };

/**
 * What a tenant should get, worked out straight from the file's text with none of the catalog
 * code: names under `prefix - `, grouped by the text before the last " v", newest by comparing
 * the numbers after it.
 */
function expectedFromText(providerCode: string): { all: string[]; latest: Map<string, string> } {
  const text = readFileSync(join(repoRoot, 'templates/reports.yaml'), 'utf8');
  const names = [...text.matchAll(/^ {2}- name: (.+)$/gm)].map((m) => m[1]);
  const all = names.filter((n) => n.startsWith(`${providerCode} - `));
  const latest = new Map<string, string>();
  const numbers = (n: string) => n.slice(n.lastIndexOf(' v') + 2).split('.').map((x) => parseInt(x, 10));
  for (const n of all) {
    const persona = n.slice(providerCode.length + 3, n.lastIndexOf(' v'));
    const best = latest.get(persona);
    if (!best) {
      latest.set(persona, n);
      continue;
    }
    const [a, b] = [numbers(n), numbers(best)];
    if (a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])) latest.set(persona, n);
  }
  return { all, latest };
}

describe('the shipped catalog', () => {
  it('has exactly 400 valid entries, every one in one of the six modules', () => {
    const text = readFileSync(join(repoRoot, 'templates/reports.yaml'), 'utf8');
    expect(text.match(/^ {2}- name: /gm)).toHaveLength(400);
    expect(findings).toEqual([]);
    expect(reports).toHaveLength(400);
    expect(new Set(reports.map((r) => r.module))).toEqual(new Set(ALL_MODULES));
    expect(reports.some((r) => r.providerCode.split('-').length === 4)).toBe(true);
  });

  it.each([
    ['acme-training', acme, 'APTEM-BKSB-HUBSPOT', 42],
    ['beta-corp', beta, 'BUD-FUNC-SF', 35],
  ])('gives %s exactly the latest version of each of its reports', (_tenant, tenant, code, count) => {
    const expected = expectedFromText(code);
    // Older versions are present and must not be picked.
    expect(expected.all.length).toBeGreaterThan(count);
    expect(expected.latest.size).toBe(count);
    const matched = matchReports(tenant, reports);
    expect(matched).toHaveLength(count);
    expect(matched.map((r) => r.name).sort()).toEqual([...expected.latest.values()].sort());
    expect(matchReports({ ...tenant, modules: ALL_MODULES }, reports)).toEqual(matched);
  });

  it('picks v1.10 over v1.9 and v2.0 over v1.12 (numeric, not text, order)', () => {
    const names = reports.map((r) => r.name);
    for (const older of ['APTEM-BKSB-HUBSPOT - OTJ Hours Tracker v1.9', 'APTEM-BKSB-HUBSPOT - Finance Director v1.12', 'BUD-FUNC-SF - Tutor Caseload v1.9']) {
      expect(names).toContain(older);
    }
    const matched = [...matchReports(acme, reports), ...matchReports(beta, reports)];
    expect(matched).toContainEqual({ name: 'APTEM-BKSB-HUBSPOT - OTJ Hours Tracker v1.10', providerCode: 'APTEM-BKSB-HUBSPOT', persona: 'OTJ Hours Tracker', version: '1.10', module: 'compliance' });
    expect(matched).toContainEqual(expect.objectContaining({ name: 'APTEM-BKSB-HUBSPOT - Finance Director v2.0', version: '2.0' }));
    expect(matched).toContainEqual(expect.objectContaining({ name: 'BUD-FUNC-SF - Tutor Caseload v1.10', version: '1.10' }));
  });

  it('sorts the result by persona, then name', () => {
    const personas = matchReports(acme, reports).map((r) => r.persona);
    expect(personas).toEqual([...personas].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});

describe('modules filter', () => {
  it('keeps only reports of the enabled modules', () => {
    const all = matchReports(acme, reports);
    const some = matchReports({ ...acme, modules: ['finance', 'compliance'] }, reports);
    expect(some.length).toBeGreaterThan(0);
    expect(some).toEqual(all.filter((r) => r.module === 'finance' || r.module === 'compliance'));
    expect(matchReports({ ...acme, modules: [] }, reports)).toEqual([]);
  });

  it('chooses the latest version before filtering, so a report moved to a disabled module is dropped, not downgraded', () => {
    const moved = [entry('APTEM-BKSB-HUBSPOT', 'Ops', 1, 0, 'operations'), entry('APTEM-BKSB-HUBSPOT', 'Ops', 1, 1, 'quality')];
    expect(matchReports({ ...acme, modules: ['operations'] }, moved)).toEqual([]);
    expect(matchReports({ ...acme, modules: ['quality'] }, moved).map((r) => r.version)).toEqual(['1.1']);
  });
});

describe('-HR provider codes', () => {
  it('apply only to tenants with that HR system, and then only they do', () => {
    const hrOnly = reports.filter((r) => r.providerCode === 'APTEM-BKSB-HUBSPOT-BREATHE');
    expect(hrOnly.length).toBeGreaterThan(0);
    // The HR variant carries a newer Operations Leader; a tenant without HR must still get v1.2.
    expect(matchReports(acme, reports)).toContainEqual(expect.objectContaining({ persona: 'Operations Leader', version: '1.2' }));
    const withHr = matchReports({ providers: { ...acme.providers, hr: 'BREATHE' } }, reports);
    expect(withHr.map((r) => r.name).sort()).toEqual(selectLatest(hrOnly).map((r) => r.name).sort());
    expect(withHr).toContainEqual(expect.objectContaining({ persona: 'Operations Leader', version: '1.3', providerCode: 'APTEM-BKSB-HUBSPOT-BREATHE' }));
    expect(matchReports({ providers: { ...acme.providers, hr: 'CIPHR' } }, reports)).toEqual([]);
  });
});

describe('selectLatest', () => {
  it('does not depend on file order', () => {
    const versions: [number, number][] = [[1, 9], [1, 10], [0, 12], [1, 2]];
    for (const order of [versions, [...versions].reverse(), [versions[1], versions[3], versions[0], versions[2]]]) {
      const latest = selectLatest(order.map(([ma, mi]) => entry('BUD-FUNC-SF', 'Tutor Caseload', ma, mi, 'operations')));
      expect(latest.map((r) => r.name)).toEqual(['BUD-FUNC-SF - Tutor Caseload v1.10']);
    }
  });
  it('keeps reports of different provider codes or personas apart', () => {
    const list = [entry('BUD-FUNC-SF', 'A', 1, 0, 'sales'), entry('BUD-FUNC-SF', 'B', 1, 0, 'sales'), entry('BUD-FUNC-SF-CIPHR', 'A', 2, 0, 'sales')];
    expect(selectLatest(list)).toHaveLength(3);
  });
});

function entry(providerCode: string, persona: string, major: number, minor: number, module: string): TemplateReport {
  return { name: `${providerCode} - ${persona} v${major}.${minor}`, providerCode, persona, version: { major, minor }, module, file: 't.yaml', line: 1 };
}
