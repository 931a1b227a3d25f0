// Loading a repository from disk: the shipped examples are clean, findings of many files come
// back together from one run, and `paths` narrows the report without narrowing the context.

import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentError, formatFinding } from '../../src/errors/index.ts';
import { loadRepository } from '../../src/config/index.ts';
import { PROVIDERS } from '../support/config-corpus.ts';
import { repoRoot } from '../support/repo.ts';

describe('the shipped examples', () => {
  it('validate clean, with defaults applied', async () => {
    const result = await loadRepository(repoRoot, { providers: PROVIDERS });
    expect(result.findings.map(formatFinding)).toEqual([]);
    expect(result.tenants.map((t) => t.file)).toEqual(['tenants/acme-training.yaml', 'tenants/beta-corp.yaml', 'tenants/gamma-skills.yaml']);
    const [acme, beta, gamma] = result.tenants.map((t) => t.config);
    expect(acme.providers).toEqual({ lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT' });
    expect(acme.database).toEqual({ isolation: 'schema', cluster: 'shared-eu' });
    expect(beta.providers).toEqual({ lms: 'BUD', englishMaths: 'FUNC', crm: 'SF' });
    expect(beta.database).toEqual({ isolation: 'database', cluster: 'dedicated-beta' });
    expect(gamma.database).toEqual({ isolation: 'byod', connectionSecret: 'GAMMA_SKILLS_DATABASE_URL' });
    for (const t of [acme, beta, gamma]) {
      expect(t.modules).toEqual(['operations', 'quality', 'finance', 'sales', 'compliance', 'learner-progress']);
      expect(t.dns).toEqual({ takeover: false });
      expect([t.lifecycle, t.deletionPolicy]).toEqual(['active', 'retain']);
    }
    const platform = result.platform!;
    expect(platform.name).toBe('tenantops-sandbox');
    expect(platform.clusters['dedicated-beta']).toMatchObject({ dedicatedTo: 'beta-corp', port: 5432, sslmode: 'require' });
    expect(platform.dns).toMatchObject({ zone: 'tenants.example.com', provider: 'godaddy', target: 'app.example.com', recordType: 'CNAME', ttl: 600 });
    expect(platform.dns.changeThreshold).toEqual({ maxShare: 0.3, minRecords: 10 });
    expect(platform.credentialProfiles.deployer).toMatchObject({ type: 'client-secret', clientSecretSecret: 'TENANTOPS_DEPLOYER_SECRET' });
    expect(platform.registry).toEqual({ urlSecret: 'TENANTOPS_REGISTRY_URL' });
  });

  it('start with the yaml-language-server schema line', () => {
    const firstLine = (f: string) => readFileSync(join(repoRoot, f), 'utf8').split('\n')[0];
    expect(firstLine('platform.yaml')).toBe('# yaml-language-server: $schema=./platform.schema.json');
    for (const t of ['acme-training', 'beta-corp', 'gamma-skills']) {
      expect(firstLine(`tenants/${t}.yaml`)).toBe('# yaml-language-server: $schema=./tenant.schema.json');
    }
  });
});

describe('a repository with several broken files', () => {
  let root: string;
  const platform = readFileSync(join(repoRoot, 'platform.yaml'), 'utf8');
  const acme = readFileSync(join(repoRoot, 'tenants', 'acme-training.yaml'), 'utf8');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tenantops-config-'));
    mkdirSync(join(root, 'tenants'));
    writeFileSync(join(root, 'platform.yaml'), platform);
    writeFileSync(join(root, 'tenants', 'acme-training.yaml'), acme.replace('lms: APTEM', 'lms: APTM'));
    writeFileSync(join(root, 'tenants', 'copy.yaml'), acme.replace('code: acme-training', 'code: copy'));
    writeFileSync(join(root, 'tenants', 'broken.yaml'), 'code: [unclosed\n');
    writeFileSync(join(root, 'tenants', 'notes.txt'), 'not a tenant');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reports the findings of every file in one run, sorted', async () => {
    const result = await loadRepository(root, { providers: PROVIDERS });
    expect(result.findings.map(formatFinding)).toEqual([
      'tenants/acme-training.yaml:4:12: subdomain "acme-training" is also used by tenants/copy.yaml:4:12; subdomains are unique across tenants (compared case-insensitively)',
      'tenants/acme-training.yaml:7:8: providers.lms "APTM" is not a known LMS provider; known: APTEM, BUD, ONEFILE, SMARTAPP',
      expect.stringMatching(/^tenants\/broken\.yaml:2:1: invalid YAML: /),
      'tenants/copy.yaml:4:12: subdomain "acme-training" is also used by tenants/acme-training.yaml:4:12; subdomains are unique across tenants (compared case-insensitively)',
    ]);
    expect(result.tenants).toEqual([]);
    expect(result.platform?.name).toBe('tenantops-sandbox');
  });

  it('reports only the asked-for files but checks them against all tenants', async () => {
    const result = await loadRepository(root, { providers: PROVIDERS, paths: ['tenants/copy.yaml'] });
    expect(result.findings.map((f) => f.file)).toEqual(['tenants/copy.yaml']);
    expect(result.findings[0].message).toContain('also used by tenants/acme-training.yaml');
  });

  it('returns clean tenants and reports a missing platform.yaml', async () => {
    rmSync(join(root, 'platform.yaml'));
    writeFileSync(join(root, 'tenants', 'acme-training.yaml'), acme);
    rmSync(join(root, 'tenants', 'copy.yaml'));
    rmSync(join(root, 'tenants', 'broken.yaml'));
    const result = await loadRepository(root, { providers: PROVIDERS });
    expect(result.findings.map(formatFinding)).toEqual([
      'platform.yaml:1:1: platform.yaml not found; the repository root needs platform.yaml (clusters, capacities, DNS zone, credential profiles)',
    ]);
    expect(result.tenants.map((t) => t.config.code)).toEqual(['acme-training']);
    expect(result.platform).toBeUndefined();
  });

  it('treats a path that does not exist as an environment error (exit 2)', async () => {
    const error = await loadRepository(root, { providers: PROVIDERS, paths: ['tenants/nope.yaml'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).exitCode).toBe(2);
    expect((error as Error).message).toContain('tenants/nope.yaml');
  });

  it('refuses paths outside tenants/ and platform.yaml as a usage error, reading nothing', async () => {
    const secret = join(root, 'secret.yaml');
    writeFileSync(secret, 'root:$6$Synthetic-Shadow-Line:19000:0:99999:7:::\n');
    for (const path of [secret, 'secret.yaml', '../secret.yaml', 'tenants/../secret.yaml', '/etc/shadow', '.']) {
      const error = await loadRepository(root, { providers: PROVIDERS, paths: [path] }).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(EnvironmentError);
      expect((error as Error).message).toContain("is outside the repository's tenants/ and platform.yaml; allowed:");
      expect((error as Error).message).not.toContain('Synthetic-Shadow-Line');
    }
  });

  it('reports a symbolic link among the tenant files instead of skipping it, and never reads through it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'tenantops-outside-'));
    writeFileSync(join(outside, 'evil.yaml'), 'Synthetic-Secret-Line: 1\n');
    symlinkSync(join(outside, 'evil.yaml'), join(root, 'tenants', 'evil.yaml'));
    symlinkSync(outside, join(root, 'tenants', 'linked-dir'));
    try {
      const all = await loadRepository(root, { providers: PROVIDERS });
      expect(all.findings.map(formatFinding)).toContain(
        'tenants/evil.yaml:1:1: tenants/evil.yaml is a symbolic link, which is not read; allowed: a regular file (a link could make validation read a file outside the repository)',
      );
      expect(all.findings.map(formatFinding).join('\n')).not.toContain('Synthetic-Secret-Line');
      const one = await loadRepository(root, { providers: PROVIDERS, paths: ['tenants/evil.yaml'] });
      expect(one.findings.map((f) => [f.file, f.message.split(';')[0]])).toEqual([['tenants/evil.yaml', 'tenants/evil.yaml is a symbolic link, which is not read']]);
      const dir = await loadRepository(root, { providers: PROVIDERS, paths: ['tenants/linked-dir'] });
      expect(dir.findings.map((f) => f.message.split(';')[0])).toEqual(['tenants/linked-dir is a symbolic link, which is not read']);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
