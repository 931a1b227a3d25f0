import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, loadProviderRegistry, parseCatalog, parseProviderRegistry } from '../../src/catalog/index.ts';
import { ConfigurationError, EnvironmentError, formatFinding } from '../../src/errors/index.ts';
import { repoRoot } from '../support/repo.ts';

const registry = loadProviderRegistry(repoRoot);
const findingsOf = (text: string) => parseCatalog(text, registry, 'r.yaml').findings.map(formatFinding);

describe('the shipped providers.yaml', () => {
  it('lists the provider codes by category and exactly the six modules', () => {
    expect(registry).toMatchObject({
      lms: ['APTEM', 'BUD', 'ONEFILE', 'SMARTAPP'],
      englishMaths: ['BKSB', 'FUNC', 'ESKILLS'],
      crm: ['HUBSPOT', 'SF', 'DYNAMICS'],
      hr: ['BREATHE', 'CIPHR'],
      modules: ['operations', 'quality', 'finance', 'sales', 'compliance', 'learner-progress'],
    });
    expect(registry.displayNames).toMatchObject({ APTEM: 'Aptem', BUD: 'Bud', FUNC: 'Functional Skills tool', SF: 'Salesforce' });
    for (const m of registry.modules) expect(registry.moduleDescriptions[m]).toMatch(/\w{10}/);
  });
});

describe('a broken catalog', () => {
  it('yields one finding per fault at the exact file:line:col of the offending key or value', () => {
    const file = 'test/catalog/fixtures/broken-reports.yaml';
    const { reports, findings } = parseCatalog(readFileSync(join(repoRoot, file), 'utf8'), registry, file);
    const convention = 'allowed: "<LMS>-<ENGLISHMATHS>-<CRM>[-<HR>] - <Persona> v<major>.<minor>", e.g. "APTEM-BKSB-HUBSPOT - Operations Leader v1.2"';
    const badVersion = 'is not v<major>.<minor>; allowed: a lower-case "v" and two whole numbers without leading zeros, e.g. "v1.10"';
    expect(findings.map(formatFinding)).toEqual([
      `${file}:5:11: report name "APTEM-BKSB-HUBSPOT: Quality Manager v1.0" has no " - " (space, hyphen, space) between provider code and persona; ${convention}`,
      `${file}:7:11: report name "APTEM-BKSB-HUBSPOT - Finance Director" does not end in a version; allowed: " v<major>.<minor>" at the end, e.g. " v1.0"`,
      `${file}:9:11: provider code "aptem-bksb-hubspot" is not upper case; allowed: upper-case codes, here "APTEM-BKSB-HUBSPOT"`,
      `${file}:11:11: CRM "ZOHO" in provider code "APTEM-BKSB-ZOHO" is not a known CRM provider; known: HUBSPOT, SF, DYNAMICS`,
      `${file}:13:11: report name "APTEM-BKSB-HUBSPOT - v1.3" has an empty persona; allowed: a persona between " - " and the version, e.g. "Operations Leader"`,
      `${file}:15:11: version "v1" in report name "APTEM-BKSB-HUBSPOT - Tutor Caseload v1" ${badVersion}`,
      `${file}:17:11: report name "APTEM-BKSB-HUBSPOT - Operations Leader v1.2" is already declared at line 3; allowed: each name once (names are how reports are found in the template workspace)`,
      `${file}:20:13: module "qualty" is not a known module (did you mean "quality"?); known: operations, quality, finance, sales, compliance, learner-progress`,
      `${file}:21:11: persona "OPERATIONS LEADER" differs only in letter case from "Operations Leader" for APTEM-BKSB-HUBSPOT; allowed: one spelling per report, so its versions are recognised as one report`,
      `${file}:23:5: unknown key "nmae" in a report entry (did you mean "name"?); allowed: name, module`,
      `${file}:25:5: missing required key "module" in a report entry; required: name, module`,
      `${file}:26:11: report name is not text (12); allowed: a name like "APTEM-BKSB-HUBSPOT - Operations Leader v1.2"`,
      `${file}:28:16: version "v1.x" in report name "APTEM-BKSB-HUBSPOT - Achievement Rates v1.x" ${badVersion}`,
    ]);
    // Only the two sound entries survive, with the line of their name.
    expect(reports.map((r) => [r.name, r.line])).toEqual([
      ['APTEM-BKSB-HUBSPOT - Operations Leader v1.2', 3],
      ['APTEM-BKSB-HUBSPOT - Safeguarding Lead v1.1', 30],
    ]);
  });

  it.each([
    ['an empty file', '', ['r.yaml:1:1: the file is empty; the catalog is a mapping with the keys reports']],
    ['only comments', '# nothing yet\n', ['r.yaml:1:1: the file is empty; the catalog is a mapping with the keys reports']],
    ['a top-level list', '- a\n', ['r.yaml:1:1: the top level is a list; the catalog must be a mapping of keys (key: value)']],
    ['reports not a list', 'reports: {}\n', ['r.yaml:1:10: "reports" is not a list; allowed: a list of {name, module}']],
    ['a misspelt top-level key', 'reports: []\nreport: []\n', ['r.yaml:2:1: unknown key "report" in the catalog (did you mean "reports"?); allowed: reports']],
    ['a syntax error', 'reports:\n  - name: "APTEM-BKSB-HUBSPOT - Ops v1.0\n', ['r.yaml:3:1: invalid YAML: Missing closing "quote; the file must parse as YAML before anything else is checked']],
    ['a tab as indentation', 'reports:\n\t- name: x\n', ['r.yaml:2:1: invalid YAML: Tabs are not allowed as indentation; the file must parse as YAML before anything else is checked']],
    ['two documents', 'reports: []\n---\nreports: []\n', ['r.yaml:2:1: more than one YAML document ("---" separator); the catalog holds exactly one']],
    ['a duplicate key', 'reports:\n  - name: APTEM-BKSB-HUBSPOT - Ops v1.0\n    module: sales\n    module: quality\n', ['r.yaml:4:5: duplicate key "module" in reports[0] (first at line 3); a key may appear only once in a mapping']],
    ['a custom tag', 'reports:\n  - name: !vault APTEM-BKSB-HUBSPOT - Ops v1.0\n    module: sales\n', ['r.yaml:2:11: unsupported YAML: Unresolved tag: !vault; allowed: plain mappings, lists and values without tags']],
    ['a key that is a list', 'reports: []\n? [a, b]\n: 1\n', ['r.yaml:2:3: a key is a list or mapping; allowed: plain names as keys']],
    ['an alias', 'reports:\n  - name: &n APTEM-BKSB-HUBSPOT - Ops v1.0\n    module: sales\n  - name: *n\n    module: quality\n', ['r.yaml:4:11: an alias (*name) is not allowed here; allowed: the value written out in full']],
    ['an empty entry and an empty module', 'reports:\n  -\n  - name: APTEM-BKSB-HUBSPOT - Ops v1.0\n    module:\n', [
      'r.yaml:2:4: a report entry is not a mapping; allowed: a mapping with name, module',
      'r.yaml:4:12: module is empty; allowed: one of operations, quality, finance, sales, compliance, learner-progress',
    ]],
  ])('reports %s as a positioned finding', (_label, text, expected) => {
    expect(findingsOf(text)).toEqual(expected);
  });

  it('refuses an alias bomb at its first alias, without expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 30 }, (_, i) => `${String.fromCharCode(98 + (i % 24))}${i}: &n${i} [${i === 0 ? '*a' : `*n${i - 1}`}, ${i === 0 ? '*a' : `*n${i - 1}`}]`), 'reports: *n29', ''].join('\n');
    const findings = findingsOf(bomb);
    expect(findings).toEqual(['r.yaml:2:10: YAML aliases would expand this file to more than 10000 values (an alias bomb); refused without expanding; allowed: aliases expanding to at most 10000 values']);
  });
});

describe('providers.yaml faults', () => {
  it('are findings at their positions, and what is valid is kept', () => {
    const text = [
      'providers:',
      '  lms:',
      '    - code: aptem',
      '      name: Aptem',
      '    - code: BUD',
      '      name: Bud',
      '  englishMaths: []',
      '  crm:',
      '    - code: BUD',
      '      name: Bud again',
      '  hr: {}',
      'modules:',
      '  - name: operations',
      '    description: Delivery.',
      '  - name: operations',
      '    description: Twice.',
      '  - name: Learner Progress',
      '    description: Bad name.',
      '',
    ].join('\n');
    const { registry: parsed, findings } = parseProviderRegistry(text, 'p.yaml');
    expect(findings.map(formatFinding)).toEqual([
      'p.yaml:3:13: provider code "aptem" is not upper-case letters and digits; allowed: e.g. APTEM, BKSB, HUBSPOT (a "-" would break report provider codes)',
      'p.yaml:9:13: provider code "BUD" is already listed under lms; allowed: each code once',
      'p.yaml:11:7: providers.hr is not a list; allowed: a list of {code, name}',
      'p.yaml:15:11: module "operations" is listed twice; allowed: each module once',
      'p.yaml:17:11: module name "Learner Progress" is not allowed; allowed: lower-case letters, digits and "-", e.g. learner-progress',
    ]);
    expect(parsed).toMatchObject({ lms: ['BUD'], crm: [], hr: [], modules: ['operations'] });
  });
});

describe('loading from a root', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
  const makeRoot = (providers: string | undefined, reports: string | undefined) => {
    const root = mkdtempSync(join(tmpdir(), 'tenantops-catalog-'));
    roots.push(root);
    mkdirSync(join(root, 'templates'));
    if (providers !== undefined) writeFileSync(join(root, 'templates/providers.yaml'), providers);
    if (reports !== undefined) writeFileSync(join(root, 'templates/reports.yaml'), reports);
    return root;
  };
  const providersText = readFileSync(join(repoRoot, 'templates/providers.yaml'), 'utf8');

  it('loads the shipped catalog without findings', () => {
    const { reports, findings } = loadCatalog(repoRoot);
    expect(findings).toEqual([]);
    expect(reports).toHaveLength(400);
    expect(reports[0]).toMatchObject({ file: 'templates/reports.yaml', line: 16 });
  });

  it('gathers the findings of both files, with paths relative to the root', () => {
    const root = makeRoot(providersText.replace('code: CIPHR', 'code: ciphr'), 'reports:\n  - name: APTEM-BKSB-HUBSPOT - Ops v1.0\n    module: sale\n');
    const { findings } = loadCatalog(root);
    expect(findings.map(formatFinding)).toEqual([
      expect.stringMatching(/^templates\/providers\.yaml:\d+:13: provider code "ciphr" is not upper-case/),
      'templates/reports.yaml:3:13: module "sale" is not a known module (did you mean "sales"?); known: operations, quality, finance, sales, compliance, learner-progress',
    ]);
  });

  it('throws ConfigurationError for a broken providers.yaml and EnvironmentError for a missing file', () => {
    expect(() => loadProviderRegistry(makeRoot('providers: []\nmodules: []\n', undefined))).toThrow(ConfigurationError);
    expect(() => loadProviderRegistry(makeRoot(undefined, undefined))).toThrow(EnvironmentError);
    expect(() => loadCatalog(makeRoot(providersText, undefined))).toThrow(/cannot read templates\/reports\.yaml under .* \(ENOENT\); run from the repository root or pass --root DIR/);
  });
});
