// The same operations from the CLI and the action, on a repository on disk: apply bound to a plan
// hash, status without secrets, migrate --all as JSON, keys rotate proving the old key unneeded,
// and actions/provision-db's outputs (ids and counts, never a secret) and job summary.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDbCredentials } from '../../src/db/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { openRegistry, parseKeyring } from '../../src/registry/index.ts';
import { adminUrl } from '../support/pg.ts';
import { createChaosHarness, type ChaosHarness } from '../support/chaos.ts';
import { repoRoot } from '../support/repo.ts';

let h: ChaosHarness;
let schema: string;
let byod: string;

beforeAll(async () => {
  h = await createChaosHarness(adminUrl());
  schema = h.code('schema');
  byod = h.code('byod');
}, 60_000);

afterAll(async () => {
  await h?.close();
});

async function secretsOf(code: string, env: NodeJS.ProcessEnv = h.env): Promise<string[]> {
  const registry = openRegistry(env.TENANTOPS_REGISTRY_URL!, createMemoryLogger());
  try {
    const c = await readDbCredentials(registry, parseKeyring(env), code, createMemoryLogger());
    return [c.app.password, c.bi.password];
  } finally {
    await registry.end();
  }
}

describe('tenantops apply / status / migrate / keys rotate', () => {
  it('lists the commands', async () => {
    const { stdout } = await h.cli(['--help']);
    for (const name of ['apply', 'migrate', 'status', 'keys rotate']) expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('apply refuses a plan hash that is not the current plan, changing nothing; applies with the right one', async () => {
    const wrong = await h.cli(['apply', '--tenant', schema, '--only', 'db', '--plan-hash', 'f'.repeat(64), '--root', h.root]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`the plan changed since it was reviewed: expected hash ${'f'.repeat(64)}`);
    const status = await h.cli(['status', schema, '--json', '--root', h.root]);
    expect(JSON.parse(status.stdout).dataStore).toBeNull();

    const ok = await h.cli(['apply', '--tenant', schema, '--only', 'db', '--json', '--root', h.root]);
    expect(ok.code, ok.stderr).toBe(0);
    const result = JSON.parse(ok.stdout);
    expect(result.tenants[0]).toMatchObject({ tenant: schema, failed: [], skipped: [] });
    expect(result.tenants[0].applied).toEqual(expect.arrayContaining(['db/store', 'db/grants', 'db/migrations', 'db/route']));
    const again = await h.cli(['apply', '--tenant', schema, '--only', 'db', '--root', h.root]);
    expect(again.stdout).toContain(`${schema}: nothing to change`);
  });

  it('status shows where the data lives and which secrets exist, never their values', async () => {
    await h.cli(['apply', '--tenant', byod, '--only', 'db', '--root', h.root]);
    for (const code of [schema, byod]) {
      const text = await h.cli(['status', code, '--root', h.root]);
      const json = await h.cli(['status', code, '--json', '--root', h.root]);
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout);
      expect(report.dataStore).toMatchObject({ schema: `tenant_${code.replaceAll('-', '_')}`, status: 'ready', appRole: expect.any(String), biRole: expect.any(String) });
      expect(report.secrets.map((s: { name: string }) => s.name)).toEqual(code === byod ? ['db.app.password', 'db.bi.password', 'db.byod.connection'] : ['db.app.password', 'db.bi.password']);
      const secrets = [...(await secretsOf(code)), h.env.CHAOS_CUSTOMER_URL!, new URL(h.env.CHAOS_CUSTOMER_URL!).password];
      for (const s of secrets) {
        expect(text.stdout + json.stdout).not.toContain(s);
      }
    }
  });

  it('migrate --all reports every tenant as JSON', async () => {
    const run = await h.cli(['migrate', '--all', '--json', '--root', h.root]);
    const result = JSON.parse(run.stdout);
    const status = Object.fromEntries(result.tenants.map((t: { tenant: string; status: string }) => [t.tenant, t.status]));
    expect(status).toEqual({ [schema]: 'up-to-date', [byod]: 'up-to-date', [h.code('database')]: 'failed' });
    expect(run.code).toBe(1);
  });

  it('keys rotate re-seals every secret under the new key; the old key is then not needed', async () => {
    const before = await secretsOf(schema);
    const next = `k2:${randomBytes(32).toString('base64')}`;
    const rotate = await h.cli(['keys', 'rotate', '--json', '--root', h.root], { TENANTOPS_ENCRYPTION_KEY: next, TENANTOPS_ENCRYPTION_KEYS_OLD: h.env.TENANTOPS_ENCRYPTION_KEY });
    expect(rotate.code, rotate.stderr).toBe(0);
    const result = JSON.parse(rotate.stdout);
    expect(result).toMatchObject({ previousKeyIds: ['chaos'], remainingKeyIds: ['k2'] });
    expect(result.rotated).toBe(result.total);
    const onlyNew = { ...h.env, TENANTOPS_ENCRYPTION_KEY: next };
    expect(await secretsOf(schema, onlyNew)).toEqual(before);
    const status = JSON.parse((await h.cli(['status', schema, '--json', '--root', h.root], { TENANTOPS_ENCRYPTION_KEY: next })).stdout);
    expect(status.secrets.map((s: { keyId: string }) => s.keyId)).toEqual(['k2', 'k2']);
    // The next apply needs only the new key, and finds nothing to change.
    const apply = await h.cli(['apply', '--tenant', byod, '--only', 'db', '--root', h.root], { TENANTOPS_ENCRYPTION_KEY: next });
    expect(apply.stdout, apply.stderr).toContain(`${byod}: nothing to change`);
    h.env.TENANTOPS_ENCRYPTION_KEY = next;
  });
});

describe('actions/provision-db', () => {
  it('plans through @actions/core: outputs are ids and counts, the summary is the plan', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tenantops-action-'));
    try {
      const outputs = path.join(dir, 'outputs');
      const summary = path.join(dir, 'summary.md');
      await writeFile(outputs, '');
      await writeFile(summary, '');
      const env = {
        ...h.env,
        PATH: process.env.PATH,
        GITHUB_WORKSPACE: h.root,
        GITHUB_OUTPUT: outputs,
        GITHUB_STEP_SUMMARY: summary,
        INPUT_TENANT: h.code('database'),
        INPUT_MODE: 'plan',
        'INPUT_PLATFORM-CONFIG': 'platform.yaml',
      };
      const child = spawn(process.execPath, [path.join(repoRoot, 'actions', 'provision-db', 'main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      child.stdout.on('data', (d) => (log += d));
      child.stderr.on('data', (d) => (log += d));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, log).toBe(0);
      const text = await readFile(outputs, 'utf8');
      const value = (name: string) => new RegExp(`^${name}<<(.+)\\n([^]*?)\\n\\1$`, 'm').exec(text)?.[2];
      expect(value('plan-hash')).toMatch(/^[0-9a-f]{64}$/);
      expect(value('created')).toBe('8');
      expect(value('applied')).toBe('0');
      expect(value('tenants')).toBe(h.code('database'));
      expect(await readFile(summary, 'utf8')).toContain('db/store');
      // `::add-mask::` is how a value is registered for masking (the runner never prints it).
      const printed = log.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
      expect(log).toContain(`::add-mask::${new URL(h.env.CHAOS_ADMIN_URL!).password}`);
      for (const s of [h.env.TENANTOPS_ENCRYPTION_KEY!.split(':')[1], new URL(h.env.CHAOS_ADMIN_URL!).password]) expect(text + printed).not.toContain(s);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
