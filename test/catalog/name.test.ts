import { describe, expect, it } from 'vitest';
import { buildProviderCode, compareVersions, parseTemplateName } from '../../src/catalog/index.ts';
import type { ProviderRegistry, TemplateVersion } from '../../src/catalog/index.ts';

const registry: ProviderRegistry = {
  lms: ['APTEM', 'BUD', 'ONEFILE', 'SMARTAPP'],
  englishMaths: ['BKSB', 'FUNC', 'ESKILLS'],
  crm: ['HUBSPOT', 'SF', 'DYNAMICS'],
  hr: ['BREATHE', 'CIPHR'],
  modules: ['operations'],
};

describe('parseTemplateName: names that follow the convention', () => {
  it.each([
    ['APTEM-BKSB-HUBSPOT - Operations Leader v1.2', { providerCode: 'APTEM-BKSB-HUBSPOT', lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT', persona: 'Operations Leader', version: { major: 1, minor: 2 } }],
    ['BUD-FUNC-SF-CIPHR - Tutor Caseload v1.10', { providerCode: 'BUD-FUNC-SF-CIPHR', lms: 'BUD', englishMaths: 'FUNC', crm: 'SF', hr: 'CIPHR', persona: 'Tutor Caseload', version: { major: 1, minor: 10 } }],
    ['ONEFILE-ESKILLS-DYNAMICS - Co-investment Tracker v0.0', { providerCode: 'ONEFILE-ESKILLS-DYNAMICS', lms: 'ONEFILE', englishMaths: 'ESKILLS', crm: 'DYNAMICS', persona: 'Co-investment Tracker', version: { major: 0, minor: 0 } }],
    // The first " - " ends the provider code; a hyphenated persona and a "v" word inside it are fine.
    ['SMARTAPP-BKSB-SF - Caseload vs Capacity - Weekly v12.3', { providerCode: 'SMARTAPP-BKSB-SF', lms: 'SMARTAPP', englishMaths: 'BKSB', crm: 'SF', persona: 'Caseload vs Capacity - Weekly', version: { major: 12, minor: 3 } }],
    ["APTEM-BKSB-HUBSPOT - Learner Voice (Employer's View) v3.0", { providerCode: 'APTEM-BKSB-HUBSPOT', lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT', persona: "Learner Voice (Employer's View)", version: { major: 3, minor: 0 } }],
  ])('%s', (name, expected) => {
    expect(parseTemplateName(name, registry)).toStrictEqual(expected);
  });

  it('checks only the shape of provider codes without a registry', () => {
    expect(parseTemplateName('ACME-XYZ-CRM1 - Operations Leader v1.0')).toMatchObject({ lms: 'ACME', englishMaths: 'XYZ', crm: 'CRM1' });
    expect(parseTemplateName('ACME-XYZ-CRM1 - Operations Leader v1.0', registry)).toBe(
      'LMS "ACME" in provider code "ACME-XYZ-CRM1" is not a known LMS provider; known: APTEM, BUD, ONEFILE, SMARTAPP',
    );
  });
});

const CONVENTION = 'allowed: "<LMS>-<ENGLISHMATHS>-<CRM>[-<HR>] - <Persona> v<major>.<minor>", e.g. "APTEM-BKSB-HUBSPOT - Operations Leader v1.2"';

describe('parseTemplateName: each way to break the convention has its own message', () => {
  it.each([
    ['empty', '', `report name is empty; ${CONVENTION}`],
    ['surrounding spaces', ' APTEM-BKSB-HUBSPOT - Operations Leader v1.2', 'report name " APTEM-BKSB-HUBSPOT - Operations Leader v1.2" has leading or trailing spaces; allowed: the same name without them'],
    ['colon separator', 'APTEM-BKSB-HUBSPOT: Operations Leader v1.2', `report name "APTEM-BKSB-HUBSPOT: Operations Leader v1.2" has no " - " (space, hyphen, space) between provider code and persona; ${CONVENTION}`],
    ['hyphen without spaces', 'APTEM-BKSB-HUBSPOT-Operations Leader v1.2', `report name "APTEM-BKSB-HUBSPOT-Operations Leader v1.2" has no " - " (space, hyphen, space) between provider code and persona; ${CONVENTION}`],
    ['en dash', 'APTEM-BKSB-HUBSPOT – Operations Leader v1.2', `report name "APTEM-BKSB-HUBSPOT – Operations Leader v1.2" has no " - " (space, hyphen, space) between provider code and persona (found "–", which is not a plain hyphen); ${CONVENTION}`],
    ['two-part code', 'APTEM-BKSB - Operations Leader v1.2', 'provider code "APTEM-BKSB" has 2 part(s); allowed: LMS-ENGLISHMATHS-CRM or LMS-ENGLISHMATHS-CRM-HR (3 or 4 parts joined by "-")'],
    ['five-part code', 'APTEM-BKSB-HUBSPOT-BREATHE-X - Operations Leader v1.2', 'provider code "APTEM-BKSB-HUBSPOT-BREATHE-X" has 5 part(s); allowed: LMS-ENGLISHMATHS-CRM or LMS-ENGLISHMATHS-CRM-HR (3 or 4 parts joined by "-")'],
    ['lower-case code', 'aptem-bksb-hubspot - Operations Leader v1.2', 'provider code "aptem-bksb-hubspot" is not upper case; allowed: upper-case codes, here "APTEM-BKSB-HUBSPOT"'],
    ['empty part', 'APTEM--HUBSPOT - Operations Leader v1.2', 'provider code "APTEM--HUBSPOT" has an empty English & maths part; allowed: known English & maths codes: BKSB, FUNC, ESKILLS'],
    ['space in code', 'APTEM-BK SB-HUBSPOT - Operations Leader v1.2', 'English & maths "BK SB" in provider code "APTEM-BK SB-HUBSPOT" is not a code; allowed: upper-case letters and digits, known English & maths codes: BKSB, FUNC, ESKILLS'],
    ['unknown CRM', 'APTEM-BKSB-HUBSPOTT - Operations Leader v1.2', 'CRM "HUBSPOTT" in provider code "APTEM-BKSB-HUBSPOTT" is not a known CRM provider; known: HUBSPOT, SF, DYNAMICS'],
    ['unknown HR', 'APTEM-BKSB-HUBSPOT-SAGE - Operations Leader v1.2', 'HR "SAGE" in provider code "APTEM-BKSB-HUBSPOT-SAGE" is not a known HR provider; known: BREATHE, CIPHR'],
    ['codes in the wrong order', 'BKSB-APTEM-HUBSPOT - Operations Leader v1.2', 'LMS "BKSB" in provider code "BKSB-APTEM-HUBSPOT" is not a known LMS provider (BKSB belongs in the English & maths position; the order is LMS-ENGLISHMATHS-CRM-HR); known: APTEM, BUD, ONEFILE, SMARTAPP'],
    ['no version', 'APTEM-BKSB-HUBSPOT - Operations Leader', 'report name "APTEM-BKSB-HUBSPOT - Operations Leader" does not end in a version; allowed: " v<major>.<minor>" at the end, e.g. " v1.0"'],
    ['text after the version', 'APTEM-BKSB-HUBSPOT - Operations Leader v1.2 (old)', 'report name "APTEM-BKSB-HUBSPOT - Operations Leader v1.2 (old)" does not end in a version; allowed: " v<major>.<minor>" at the end, e.g. " v1.0"'],
    ['major only', 'APTEM-BKSB-HUBSPOT - Operations Leader v1', 'version "v1" in report name "APTEM-BKSB-HUBSPOT - Operations Leader v1" is not v<major>.<minor>; allowed: a lower-case "v" and two whole numbers without leading zeros, e.g. "v1.10"'],
    ['upper-case V', 'APTEM-BKSB-HUBSPOT - Operations Leader V1.2', 'version "V1.2" in report name "APTEM-BKSB-HUBSPOT - Operations Leader V1.2" is not v<major>.<minor>; allowed: a lower-case "v" and two whole numbers without leading zeros, e.g. "v1.10"'],
    ['no v', 'APTEM-BKSB-HUBSPOT - Operations Leader 1.2', 'version "1.2" in report name "APTEM-BKSB-HUBSPOT - Operations Leader 1.2" is not v<major>.<minor>; allowed: a lower-case "v" and two whole numbers without leading zeros, e.g. "v1.10"'],
    ['three numbers', 'APTEM-BKSB-HUBSPOT - Operations Leader v1.2.3', 'version "v1.2.3" in report name "APTEM-BKSB-HUBSPOT - Operations Leader v1.2.3" is not v<major>.<minor>; allowed: a lower-case "v" and two whole numbers without leading zeros, e.g. "v1.10"'],
    ['leading zero', 'APTEM-BKSB-HUBSPOT - Operations Leader v1.05', 'version "v1.05" in report name "APTEM-BKSB-HUBSPOT - Operations Leader v1.05" is not v<major>.<minor>; allowed: a lower-case "v" and two whole numbers without leading zeros, e.g. "v1.10"'],
    ['empty persona', 'APTEM-BKSB-HUBSPOT - v1.2', 'report name "APTEM-BKSB-HUBSPOT - v1.2" has an empty persona; allowed: a persona between " - " and the version, e.g. "Operations Leader"'],
    ['blank persona', 'APTEM-BKSB-HUBSPOT -   v1.2', 'report name "APTEM-BKSB-HUBSPOT -   v1.2" has an empty persona; allowed: a persona between " - " and the version, e.g. "Operations Leader"'],
    ['double space in persona', 'APTEM-BKSB-HUBSPOT - Operations  Leader v1.2', `persona "Operations  Leader" in report name "APTEM-BKSB-HUBSPOT - Operations  Leader v1.2" is not allowed; allowed: letters, digits, single spaces and & ' ( ) , . / + -, starting with a letter or digit`],
    ['persona starting with punctuation', 'APTEM-BKSB-HUBSPOT - *Operations Leader v1.2', `persona "*Operations Leader" in report name "APTEM-BKSB-HUBSPOT - *Operations Leader v1.2" is not allowed; allowed: letters, digits, single spaces and & ' ( ) , . / + -, starting with a letter or digit`],
  ])('%s', (_label, name, message) => {
    expect(parseTemplateName(name, registry)).toBe(message);
  });
});

describe('compareVersions', () => {
  const v = (text: string): TemplateVersion => {
    const [major, minor] = text.split('.').map(Number);
    return { major, minor };
  };
  it('orders by number, not by text', () => {
    expect(compareVersions(v('1.10'), v('1.9'))).toBeGreaterThan(0);
    expect(compareVersions(v('1.9'), v('1.10'))).toBeLessThan(0);
    expect(compareVersions(v('2.0'), v('1.12'))).toBeGreaterThan(0);
    expect(compareVersions(v('1.2'), v('1.2'))).toBe(0);
  });
  it('sorts a shuffled list into numeric order', () => {
    const sorted = ['1.10', '0.9', '1.9', '10.0', '2.0', '1.2', '9.99'].map(v).sort(compareVersions);
    expect(sorted.map((x) => `${x.major}.${x.minor}`)).toEqual(['0.9', '1.2', '1.9', '1.10', '2.0', '9.99', '10.0']);
  });
});

describe('buildProviderCode', () => {
  it('adds the HR part only when the tenant has an HR system', () => {
    expect(buildProviderCode({ lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT' })).toBe('APTEM-BKSB-HUBSPOT');
    expect(buildProviderCode({ lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT', hr: 'BREATHE' })).toBe('APTEM-BKSB-HUBSPOT-BREATHE');
    expect(buildProviderCode({ lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT', hr: '' })).toBe('APTEM-BKSB-HUBSPOT');
  });
});
