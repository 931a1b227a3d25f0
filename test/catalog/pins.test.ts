// templates/pins.yaml: a named group of tenants held at an earlier template version (a rollback
// for the tenants a bad version hurt), with every mistake a finding at its line and column.
import { describe, expect, it } from 'vitest';
import { loadCatalog, matchReports, parsePins, pinsOf } from '../../src/catalog/index.ts';
import { formatFinding } from '../../src/errors/index.ts';
import { repoRoot } from '../support/repo.ts';

const { reports } = loadCatalog(repoRoot);
const acme = { providers: { lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT' } };
const findingsOf = (text: string) => parsePins(text, reports, 'pins.yaml').findings.map(formatFinding);

describe('template pins', () => {
  it('holds the named tenants at the pinned version and leaves every other tenant on the latest', () => {
    const { pins, findings } = parsePins(
      ['pins:', '  - name: operations-leader-rollback', '    reason: wrong totals', '    tenants: [acme-training]', '    reports:', '      - APTEM-BKSB-HUBSPOT - Account Manager v1.6', ''].join('\n'),
      reports,
    );
    expect(findings).toEqual([]);
    const latest = matchReports(acme, reports);
    const pinned = matchReports(acme, reports, pinsOf(pins, 'acme-training'));
    expect(latest.find((r) => r.persona === 'Account Manager')?.version).toBe('1.7');
    expect(pinned.find((r) => r.persona === 'Account Manager')?.version).toBe('1.6');
    expect(pinned.filter((r) => r.persona !== 'Account Manager')).toEqual(latest.filter((r) => r.persona !== 'Account Manager'));
    expect(matchReports(acme, reports, pinsOf(pins, 'beta-corp'))).toEqual(latest);
  });

  it('refuses an unknown report, two versions in one pin, a tenant held twice and a duplicate name, each at its position', () => {
    expect(findingsOf([
      'pins:',
      '  - name: a',
      '    tenants: [acme-training]',
      '    reports:',
      '      - APTEM-BKSB-HUBSPOT - Account Manager v1.9',
      '      - APTEM-BKSB-HUBSPOT - Account Manager v1.6',
      '      - APTEM-BKSB-HUBSPOT - Account Manager v1.7',
      '  - name: a',
      '    tenants: [acme-training]',
      '    reports: [APTEM-BKSB-HUBSPOT - Account Manager v1.7]',
      '',
    ].join('\n'))).toEqual([
      expect.stringMatching(/^pins\.yaml:5:9: report "APTEM-BKSB-HUBSPOT - Account Manager v1\.9" is not in templates\/reports\.yaml.*did you mean/),
      expect.stringMatching(/^pins\.yaml:7:9: pin "a" holds "Account Manager" at two versions/),
      expect.stringMatching(/^pins\.yaml:8:11: pin "a" is declared twice/),
    ]);
    expect(findingsOf('pins:\n  - name: x\n    tenants: [acme-training, 7]\n    reports: []\n    when: now\n')).toEqual([
      expect.stringMatching(/^pins\.yaml:5:5: .*"when"/),
      expect.stringMatching(/^pins\.yaml:3:30: "tenants" holds 7; allowed: a list of tenant codes/),
    ]);
  });
});
