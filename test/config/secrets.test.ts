// Secrets: what the scan recognises (and what it must leave alone, like secret NAMES and GUIDs),
// that no message repeats a flagged value, and how secret names are resolved at run time.

import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors/index.ts';
import { detectSecret, resolveSecret, validateSources, validateTenantText } from '../../src/config/index.ts';
import { PROVIDERS } from '../support/config-corpus.ts';
import { repoRoot } from '../support/repo.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1bml0LXRlc3QifQ.dW5pdC10ZXN0LXNpZ25hdHVyZQ';

describe('detectSecret', () => {
  it.each([
    ['postgres://app:Unit-Test-Pass@db.example/app', 'a connection string with a password'],
    ['postgresql://:OnlyPassw0rd@db.example', 'a connection string with a password'],
    ['Server=db;User Id=app;Password=UnitTestPass;', 'a connection string with a password'],
    [JWT, 'a JSON Web Token'],
    ['-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----', 'a PEM private key'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'a PEM private key'],
    ['Endpoint=sb://x.example/;SharedAccessKeyName=r;SharedAccessKey=VW5pdFRlc3RTaGFyZWRLZXk=', 'an Azure account or access key'],
    ['Qx78Q~UnitTestOnly.NotARealSecret-000001', 'an Azure client secret'],
    ['sso-key UnitKey:UnitSecret', 'a GoDaddy API key'],
    ['h1Bc8Dn3Kp_Xy7Qw2Er9Tz4Ua6Vb', 'a GoDaddy API key'],
    ['AKIAUNITTEST00000001', 'an AWS access key'],
    ['github_pat_UnitTestToken0000000000000001', 'a GitHub token'],
    ['prefix Zx8Qp3Lm7Nv2Bc6Df1Gh5Jk9Rt4Ws0Ye-end', 'a high-entropy token (a key or password)'],
  ])('recognises %j', (value, kind) => {
    expect(detectSecret(value)).toBe(kind);
  });

  it.each([
    'GAMMA_SKILLS_DATABASE_URL',
    'TENANTOPS_SHARED_EU_ADMIN_CONNECTION_STRING_NAME',
    '00000000-0000-4000-8000-000000000001',
    '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    'learner-progress-and-achievement-dashboards',
    'postgres://db.example:5432/app',
    'https://login.microsoftonline.com/common',
    'Acme Training Apprenticeships and Skills Partnership Ltd',
    'jane.doe@acme-training.example',
    'pg-shared-eu.internal.tenants.example.com',
  ])('leaves %j alone', (value) => {
    expect(detectSecret(value)).toBeUndefined();
  });
});

describe('secret findings', () => {
  const base = readFileSync(join(repoRoot, 'tenants', 'acme-training.yaml'), 'utf8');

  it('never repeat the value, even when another rule would quote it', () => {
    // The same JWT as code in two files: pattern, file name and uniqueness rules all quote codes.
    const a = base.replace('code: acme-training', `code: ${JWT}`);
    const b = a.replace('subdomain: acme-training', 'subdomain: other');
    const result = validateSources({ tenants: [{ file: 'tenants/a.yaml', text: a }, { file: 'tenants/b.yaml', text: b }] }, { providers: PROVIDERS });
    const output = result.findings.map((f) => f.message).join('\n');
    expect(output).toContain('code looks like a JSON Web Token');
    for (let i = 0; i + 10 <= JWT.length; i++) expect(output).not.toContain(JWT.slice(i, i + 10));
  });

  it('are raised for secrets in comments, at the comment', () => {
    const text = base.replace('database:', '# admin: postgres://admin:Unit-Test-Pass@db.example/x\ndatabase:');
    const { findings } = validateTenantText(text, 'tenants/acme-training.yaml', { providers: PROVIDERS });
    expect(findings).toEqual([expect.objectContaining({ line: 11, col: 10, message: expect.stringMatching(/^a comment looks like a connection string with a password;/) })]);
  });
});

describe('resolveSecret', () => {
  it('reads the environment variable the name refers to', () => {
    expect(resolveSecret('UNIT_DB_URL', { UNIT_DB_URL: 'postgres://x' })).toBe('postgres://x');
  });

  it.each([[{}], [{ UNIT_DB_URL: '' }]])('throws an EnvironmentError (exit 2) naming the variable when unset: %j', (env) => {
    const run = () => resolveSecret('UNIT_DB_URL', env, 'database.connectionSecret of tenants/gamma-skills.yaml');
    expect(run).toThrow(EnvironmentError);
    expect(run).toThrow(/^environment variable UNIT_DB_URL is not set \(named by database\.connectionSecret of tenants\/gamma-skills\.yaml\);/);
    try {
      run();
    } catch (e) {
      expect((e as EnvironmentError).exitCode).toBe(2);
    }
  });

  it('does not read inherited properties as variables', () => {
    expect(() => resolveSecret('toString', {})).toThrow(EnvironmentError);
  });
});
