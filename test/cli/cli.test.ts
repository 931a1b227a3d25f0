import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { cli } from '../support/cli.ts';
import { copyRepo, editFile, repoRoot } from '../support/repo.ts';

describe('tenantops validate', () => {
  it('passes the shipped tenants and platform', async () => {
    const r = await cli(['validate', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ findings: [] });
  });
  it('reports findings of every file as {file, line, col, message}, exit 1', async () => {
    const root = await copyRepo();
    await editFile(root, 'tenants/acme-training.yaml', (t) => t.replace('lms: APTEM', 'lms: APTM'));
    await editFile(root, 'tenants/beta-corp.yaml', (t) => t.replace('subdomain: beta', 'subdomain: acme-training'));
    const r = await cli(['validate', '--json', '--root', root]);
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.stdout) as { findings: { file: string; line: number; col: number; message: string }[] };
    expect(findings.map((f) => Object.keys(f))).toEqual(findings.map(() => ['file', 'line', 'col', 'message']));
    const provider = findings.find((f) => f.message.includes('"APTM" is not a known LMS provider'));
    expect(provider).toMatchObject({ file: 'tenants/acme-training.yaml', line: 7, col: 8 });
    expect(findings.some((f) => f.message.includes('acme-training.yaml') && f.file === 'tenants/beta-corp.yaml')).toBe(true);
  });
  it('prints GitHub annotations with --format github', async () => {
    const root = await copyRepo();
    await editFile(root, 'tenants/acme-training.yaml', (t) => t.replace('lms: APTEM', 'lms: APTM'));
    const r = await cli(['validate', '--format', 'github', '--root', root]);
    expect(r.stdout).toMatch(/^::error file=tenants\/acme-training.yaml,line=7,col=8::providers.lms "APTM"/m);
  });
});

describe('tenantops catalog match', () => {
  it.each([
    ['acme-training', 42, 'APTEM-BKSB-HUBSPOT'],
    ['beta-corp', 35, 'BUD-FUNC-SF'],
  ])('%s gets exactly %i reports, each the latest version', async (code, count, providerCode) => {
    const r = await cli(['catalog', 'match', code, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { tenant: string; reports: { name: string; providerCode: string; persona: string; version: string; module: string }[] };
    expect(out.tenant).toBe(code);
    expect(out.reports).toHaveLength(count);
    expect(new Set(out.reports.map((x) => x.persona)).size).toBe(count);
    for (const report of out.reports) {
      expect(Object.keys(report).sort()).toEqual(['module', 'name', 'persona', 'providerCode', 'version']);
      expect(report.providerCode).toBe(providerCode);
      expect(report.name).toBe(`${providerCode} - ${report.persona} v${report.version}`);
    }
  });
  it('names an unknown tenant with exit 2', async () => {
    const r = await cli(['catalog', 'match', 'nobody']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no tenant "nobody"');
  });
});

describe('tenantops plan', () => {
  const planJson = async (root: string) => JSON.parse((await cli(['plan', '--offline', '--json', '--root', root])).stdout) as { version: number; hash: string; tenants: { tenant: string }[] };

  it('has the public shape and hashes the same inputs the same, whatever the YAML key order', async () => {
    const a = await planJson(repoRoot);
    expect(a.version).toBe(1);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tenants.map((t) => t.tenant)).toEqual(['acme-training', 'beta-corp', 'gamma-skills']);
    const root = await copyRepo();
    // Move `name:` to the end of the file: same data, other key order.
    await editFile(root, 'tenants/acme-training.yaml', (t) => t.replace(/^name: (.*)\n/m, '') + `name: ${/^name: (.*)$/m.exec(t)![1]}\n`);
    expect((await planJson(root)).hash).toBe(a.hash);
  });
  it('changes the hash when one field changes', async () => {
    const root = await copyRepo();
    await editFile(root, 'platform.yaml', (t) => t.replace('target: app.example.com', 'target: app2.example.com'));
    expect((await planJson(root)).hash).not.toBe((await planJson(repoRoot)).hash);
  });
  it('renders markdown with the report list collapsed', async () => {
    const r = await cli(['plan', '--offline', '--markdown', '--tenant', 'acme-training']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<details><summary>42 reports to clone</summary>');
  });
  it('plans one capability with --only, dropping dependencies on the others', async () => {
    const r = await cli(['plan', '--offline', '--json', '--only', 'powerbi', '--tenant', 'beta-corp']);
    expect(r.code).toBe(0);
    const keys = (JSON.parse(r.stdout) as { tenants: { changes: { key: string }[] }[] }).tenants[0].changes.map((c) => c.key);
    expect(keys).toContain('powerbi/model');
    expect(keys.filter((k) => k.startsWith('powerbi/report/'))).toHaveLength(35);
    expect(keys.some((k) => k.startsWith('db/') || k.startsWith('dns/'))).toBe(false);
  });
  it('refuses a --plan-hash shorter than 12 digits or not hexadecimal with exit 2, before contacting anything', async () => {
    for (const [hash, says] of [['abc123', 'has 6 hex digits'], ['not-a-hash-at-all', 'not hexadecimal']]) {
      const r = await cli(['apply', '--plan-hash', hash]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(says);
      expect(r.stderr).toMatch(/allowed: .*12 to 64/);
    }
  });
  it('refuses a tenant whose derived database is a cluster\'s shared database, and plans nothing', async () => {
    const root = await copyRepo();
    await editFile(root, 'platform.yaml', (t) => t.replace('    database: tenants\n', '    database: tenant_collide\n'));
    const acme = await readFile(path.join(root, 'tenants/acme-training.yaml'), 'utf8');
    const tenant = (code: string, isolation: string) => acme.replaceAll('acme-training', code).replace('isolation: schema', `isolation: ${isolation}`);
    await writeFile(path.join(root, 'tenants/sch-a.yaml'), tenant('sch-a', 'schema'));
    await writeFile(path.join(root, 'tenants/collide.yaml'), tenant('collide', 'database'));
    const r = await cli(['validate'], root);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'tenants/collide.yaml:2:7: code "collide" derives the database "tenant_collide" (databases on cluster shared-eu), which is already the shared database "tenant_collide" of platform.yaml clusters.shared-eu.database; allowed: a code whose derived names no other tenant and no platform name use',
    ]);
    const plan = await cli(['plan', '--offline', '--json', '--tenant', 'collide'], root);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toBe('');
  });
  it('refuses a bad --only value with exit 2', async () => {
    const r = await cli(['plan', '--offline', '--only', 'dsn']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('allowed: db, powerbi, dns');
  });
});

describe('tenantops (the command)', () => {
  it('shows help for each command and exit 2 for an unknown one', async () => {
    for (const argv of [['validate', '--help'], ['plan', '--help'], ['catalog', 'match', '--help']]) {
      const r = await cli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('usage: tenantops');
    }
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['plan', '--frob'])).code).toBe(2);
  });
  it('refuses a value outside an option\'s choices with the allowed list, exit 2', async () => {
    const r = await cli(['validate', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format "xml" is not allowed; allowed: text, github');
    expect(r.stdout).toBe('');
  });
  it('refuses flags that exclude each other, exit 2', async () => {
    const plan = await cli(['plan', '--offline', '--json', '--markdown']);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('--json and --markdown cannot be used together; allowed: at most one of --json, --markdown');
    expect(plan.stdout).toBe('');
    expect((await cli(['validate', '--json', '--format', 'github'])).code).toBe(2);
  });
  it('documents every exit code, 3 (internal error) included, in --help and the overview', async () => {
    for (const argv of [['validate', '--help'], ['--help']]) expect((await cli(argv)).stdout).toContain('3 internal error');
  });
  it('answers a command group without its verb with the group\'s own usage, exit 2', async () => {
    for (const [group, verbs] of [['catalog', ['catalog match', 'catalog sync']], ['keys', ['keys rotate']]] as const) {
      const r = await cli([group]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`usage: tenantops ${verbs[0]}`);
      for (const v of verbs) expect(r.stderr).toContain(`tenantops ${v} `);
      expect(r.stderr).not.toContain('validate');
    }
    expect((await cli(['catalog', '--help'])).code).toBe(0);
  });
  it('runs as a real process through its bin', () => {
    const out = execFileSync(process.execPath, [path.join(repoRoot, 'scripts/tenantops.mjs'), 'catalog', 'match', 'beta-corp', '--json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(JSON.parse(out).reports).toHaveLength(35);
  });
  it('tells someone on an old Node to use the project one', (ctx) => {
    const old = '/usr/bin/node';
    const version = existsSync(old) ? execFileSync(old, ['--version'], { encoding: 'utf8' }).trim() : '';
    if (!version || Number(version.slice(1).split('.')[0]) >= 24) ctx.skip(`no Node older than 24 at ${old} to try it with`);
    const r = spawnSync(old, [path.join(repoRoot, 'scripts/tenantops.mjs'), 'validate'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('tenantops needs Node >= 24');
  });
});
