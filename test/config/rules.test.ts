// Rules beyond the schema that the corpus covers only from the failing side: what they allow.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFinding } from '../../src/errors/index.ts';
import { RESERVED_NAMES, validateTenantText } from '../../src/config/index.ts';
import { CORPUS, PROVIDERS } from '../support/config-corpus.ts';
import { repoRoot } from '../support/repo.ts';

const platform = { file: 'platform.yaml', text: readFileSync(join(CORPUS, 'platform.yaml'), 'utf8') };
const acme = readFileSync(join(repoRoot, 'tenants', 'acme-training.yaml'), 'utf8');
const check = (text: string, file = 'tenants/acme-training.yaml') => {
  const result = validateTenantText(text, file, { providers: PROVIDERS, platform });
  return { config: result.config, lines: result.findings.map(formatFinding) };
};

describe('tenant rules', () => {
  it('accept an optional HR provider, Fabric items on an F capacity and its own dedicated cluster', () => {
    const text = acme
      .replace('crm: HUBSPOT', 'crm: HUBSPOT\n  hr: CIPHR')
      .replace('capacity: sandbox-a1', 'capacity: fabric-f2\n  fabric:\n    lakehouse: {}\n    warehouse:\n      name: acme_wh');
    const { config, lines } = check(text);
    expect(lines).toEqual([]);
    expect(config?.providers.hr).toBe('CIPHR');
    expect(config?.powerbi.fabric).toEqual({ lakehouse: {}, warehouse: { name: 'acme_wh' } });
  });

  it('let a tenant use the cluster dedicated to it', () => {
    const text = acme.replaceAll('acme-training', 'beta-corp').replace('isolation: schema\n  cluster: shared-eu', 'isolation: database\n  cluster: dedicated-beta');
    expect(check(text, 'tenants/beta-corp.yaml').lines).toEqual([]);
  });

  it('accept byod with a separate BI connection secret and no cluster', () => {
    const text = acme.replace('isolation: schema\n  cluster: shared-eu', 'isolation: byod\n  connectionSecret: ACME_DB_URL\n  biConnectionSecret: ACME_BI_DB_URL');
    expect(check(text).config?.database).toEqual({ isolation: 'byod', connectionSecret: 'ACME_DB_URL', biConnectionSecret: 'ACME_BI_DB_URL' });
  });

  it('compare reserved names case-insensitively and reserve the platform hosts', () => {
    expect(RESERVED_NAMES).toEqual(expect.arrayContaining(['www', 'api', 'admin', 'platform', 'app', 'mail', 'ftp', 'smtp', 'ns1', 'ns2', 'status', 'static', 'cdn', 'auth', 'login', '_tenantops']));
    expect(check(acme.replace('subdomain: acme-training', 'subdomain: "API"')).lines).toContainEqual(expect.stringContaining('subdomain "API" is a reserved name'));
  });

  it('report a typo of a required key once, as the typo', () => {
    expect(check(acme.replace('  crm: HUBSPOT', '  cmr: HUBSPOT')).lines).toEqual([
      'tenants/acme-training.yaml:9:3: unknown key "cmr" in providers (did you mean "crm"?); allowed: lms, englishMaths, crm, hr',
    ]);
  });

  it('refuse an alias bomb as one finding, without expanding it', () => {
    const bomb = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`)];
    const { config, lines } = check(bomb.join('\n') + '\n', 'tenants/bomb.yaml');
    expect(config).toBeUndefined();
    expect(lines).toEqual([expect.stringContaining('alias bomb')]);
  });

  it('skip platform names when there is no platform.yaml, but keep every other rule', () => {
    const result = validateTenantText(acme.replace('lms: APTEM', 'lms: NOPE'), 'tenants/acme-training.yaml', { providers: PROVIDERS });
    expect(result.findings.map((f) => f.message)).toEqual([expect.stringContaining('providers.lms "NOPE" is not a known LMS provider')]);
  });
});
