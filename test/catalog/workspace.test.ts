import { describe, expect, it } from 'vitest';
import { diffCatalog, parseCatalog, resolveTemplateIds } from '../../src/catalog/index.ts';
import type { ProviderRegistry } from '../../src/catalog/index.ts';

const registry: ProviderRegistry = {
  lms: ['APTEM', 'BUD'], englishMaths: ['BKSB', 'FUNC'], crm: ['HUBSPOT', 'SF'], hr: ['BREATHE'],
  modules: ['operations', 'finance'],
};

describe('resolveTemplateIds', () => {
  const matched = [{ name: 'APTEM-BKSB-HUBSPOT - Operations Leader v1.2' }, { name: 'APTEM-BKSB-HUBSPOT - Finance Director v2.0' }, { name: 'APTEM-BKSB-HUBSPOT - Tutor Caseload v1.0' }];

  it('maps every name found exactly once to its id, ignoring other versions and other reports', () => {
    const { ids, problems } = resolveTemplateIds(matched, [
      { id: 'r-1', name: 'APTEM-BKSB-HUBSPOT - Operations Leader v1.2' },
      { id: 'r-0', name: 'APTEM-BKSB-HUBSPOT - Operations Leader v1.1' },
      { id: 'r-2', name: 'APTEM-BKSB-HUBSPOT - Finance Director v2.0' },
      { id: 'r-3', name: 'APTEM-BKSB-HUBSPOT - Tutor Caseload v1.0' },
      { id: 'r-4', name: 'BUD-FUNC-SF - Tutor Caseload v1.0' },
    ]);
    expect(problems).toEqual([]);
    expect([...ids]).toEqual([
      ['APTEM-BKSB-HUBSPOT - Operations Leader v1.2', 'r-1'],
      ['APTEM-BKSB-HUBSPOT - Finance Director v2.0', 'r-2'],
      ['APTEM-BKSB-HUBSPOT - Tutor Caseload v1.0', 'r-3'],
    ]);
  });

  it('refuses to guess when a name appears twice, and names a missing one', () => {
    const { ids, problems } = resolveTemplateIds(matched, [
      { id: 'b-2', name: 'APTEM-BKSB-HUBSPOT - Operations Leader v1.2' },
      { id: 'a-1', name: 'APTEM-BKSB-HUBSPOT - Operations Leader v1.2' },
      { id: 'r-3', name: 'APTEM-BKSB-HUBSPOT - Tutor Caseload v1.0' },
      { id: 'r-9', name: 'APTEM-BKSB-HUBSPOT - finance director v2.0' },
    ]);
    expect([...ids]).toEqual([['APTEM-BKSB-HUBSPOT - Tutor Caseload v1.0', 'r-3']]);
    expect(problems).toEqual([
      {
        name: 'APTEM-BKSB-HUBSPOT - Operations Leader v1.2', reason: 'duplicate', ids: ['a-1', 'b-2'],
        message: 'template report "APTEM-BKSB-HUBSPOT - Operations Leader v1.2" appears 2 times in the template workspace (ids a-1, b-2); allowed: exactly one report per name - delete or rename the extra copies',
      },
      {
        name: 'APTEM-BKSB-HUBSPOT - Finance Director v2.0', reason: 'missing', ids: [],
        message: 'template report "APTEM-BKSB-HUBSPOT - Finance Director v2.0" is in the catalog but not in the template workspace; allowed: publish it to the template workspace, or remove it from templates/reports.yaml',
      },
    ]);
  });
});

describe('diffCatalog', () => {
  const { reports } = parseCatalog(
    [
      'reports:',
      '  - name: APTEM-BKSB-HUBSPOT - Operations Leader v1.1',
      '    module: operations',
      '  - name: APTEM-BKSB-HUBSPOT - Operations Leader v1.2',
      '    module: operations',
      '  - name: BUD-FUNC-SF - Finance Director v1.0',
      '    module: finance',
      '',
    ].join('\n'),
    registry,
  );

  it('lists what the workspace added (parsed), what it no longer has, and what cannot be catalogued', () => {
    const diff = diffCatalog(reports, [
      'APTEM-BKSB-HUBSPOT - Operations Leader v1.2',
      'APTEM-BKSB-HUBSPOT - Operations Leader v1.10',
      'APTEM-BKSB-HUBSPOT - Operations Leader v1.10',
      'BUD-FUNC-SF-BREATHE - Tutor Caseload v0.1',
      'Copy of APTEM-BKSB-HUBSPOT - Operations Leader v1.2',
      'APTEM-BKSB-ZOHO - Sales Manager v1.0',
    ], registry);
    expect(diff).toEqual({
      added: [
        { name: 'APTEM-BKSB-HUBSPOT - Operations Leader v1.10', providerCode: 'APTEM-BKSB-HUBSPOT', lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT', persona: 'Operations Leader', version: { major: 1, minor: 10 } },
        { name: 'BUD-FUNC-SF-BREATHE - Tutor Caseload v0.1', providerCode: 'BUD-FUNC-SF-BREATHE', lms: 'BUD', englishMaths: 'FUNC', crm: 'SF', hr: 'BREATHE', persona: 'Tutor Caseload', version: { major: 0, minor: 1 } },
      ],
      removed: ['APTEM-BKSB-HUBSPOT - Operations Leader v1.1', 'BUD-FUNC-SF - Finance Director v1.0'],
      unparseable: [
        { name: 'APTEM-BKSB-ZOHO - Sales Manager v1.0', reason: 'CRM "ZOHO" in provider code "APTEM-BKSB-ZOHO" is not a known CRM provider; known: HUBSPOT, SF' },
        { name: 'Copy of APTEM-BKSB-HUBSPOT - Operations Leader v1.2', reason: 'LMS "Copy of APTEM" in provider code "Copy of APTEM-BKSB-HUBSPOT" is not a code; allowed: upper-case letters and digits, known LMS codes: APTEM, BUD' },
      ],
    });
  });

  it('is empty when the catalog and the workspace agree', () => {
    expect(diffCatalog(reports, reports.map((r) => r.name), registry)).toEqual({ added: [], removed: [], unparseable: [] });
  });
});
