// `npm start` as a person uses it, in real processes, as one lifecycle: `--keep --fresh` runs the
// journey on a fresh world, takes every tenant live, writes .tenantops/sandbox.json (a public
// interface) and serves until Ctrl-C; meanwhile `tenantops <command> --sandbox` from this other
// process plans, applies, verifies, reads status and changes DNS on it; Ctrl-C saves the world. Then
// `--sandbox-only` (the sandbox without the journey, so the file runs the journey once) shows the
// world persisted, the second shell's DNS change included; `--sandbox-only --fresh` starts over.
import { spawn } from 'node:child_process';
import { chmod, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '@tenantops/emulators/testing';
import { cli } from '../support/cli.ts';
import { copyRepo, editFile, repoRoot } from '../support/repo.ts';

const TENANTS = ['acme-training', 'beta-corp', 'gamma-skills'];

/** `npm start` with these flags in a child process; `exited` resolves with its exit code. */
function start(root: string, ...flags: string[]) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/start.ts'), '--root', root, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  const run = { child, output: '', exited: new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))) };
  child.stdout.on('data', (c) => (run.output += c));
  child.stderr.on('data', (c) => (run.output += c));
  return run;
}

/** The status table's `applied` column, by tenant. */
function appliedCounts(output: string): Record<string, number> {
  const rows = [...output.matchAll(/^([a-z-]+)\s+(\d+)\s+\d+\s+\d+\s+[\d.]+ s\s*$/gm)];
  return Object.fromEntries(rows.map((m) => [m[1], Number(m[2])]));
}

/** Resolves once `file` exists; fails as soon as the start exits without writing it. */
async function waitForFile(file: string, run: ReturnType<typeof start>): Promise<void> {
  while (run.child.exitCode === null && run.child.signalCode === null) {
    if (await stat(file).catch(() => undefined)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`npm start exited (${run.child.exitCode ?? run.child.signalCode}) before writing ${file}:\n${run.output}`);
}

/** A start a failed test left serving, stopped so that the next start gets the world to itself. */
async function stopLeftover(): Promise<void> {
  if (kept?.child.exitCode !== null || kept.child.signalCode !== null) return;
  kept.child.kill('SIGINT');
  await kept.exited;
}

/** Ctrl-C: the kept start exits 0, says it stopped, and sandbox.json is gone. */
async function stopKept(run: ReturnType<typeof start>): Promise<void> {
  run.child.kill('SIGINT');
  expect(await run.exited, run.output).toBe(0);
  expect(run.output).toContain('sandbox stopped');
  await expect(stat(file)).rejects.toThrow(/ENOENT/);
}

async function registryStatus(code: string): Promise<string> {
  const status = await cli(['status', code, '--sandbox', '--json', '--root', root]);
  expect(status.code, status.stderr).toBe(0);
  return JSON.parse(status.stdout).status;
}

let root: string;
let file: string;
let worldFile: string;
/** The sandbox kept running between the tests that use it. */
let kept: ReturnType<typeof start> | undefined;

beforeAll(async () => {
  root = await copyRepo();
  await chmod(root, 0o755); // the embedded PostgreSQL runs as the postgres user
  file = path.join(root, '.tenantops', 'sandbox.json');
  worldFile = path.join(root, '.tenantops', 'sandbox', 'world.json');
});

afterAll(async () => {
  await stopLeftover();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('npm start and the sandbox from outside', () => {
  it('--keep --fresh runs the journey on a fresh world, takes every tenant live, lists the mails once, and keeps the sandbox', async () => {
    kept = start(root, '--keep', '--fresh');
    await waitForFile(file, kept);
    expect(kept.output).toContain('sandbox: fresh sandbox world');
    expect(kept.output).not.toContain('reusing');
    const applied = appliedCounts(kept.output);
    expect(Object.keys(applied).sort()).toEqual(TENANTS); // in the order the runs ended
    for (const code of TENANTS) expect(applied[code], code).toBeGreaterThan(0);
    for (const code of TENANTS) expect(kept.output).toMatch(new RegExp(`^${code}: run .* success; gate approved in the sandbox as .*; registry status live$`, 'm'));
    // The captured mails under one header, not two.
    expect(kept.output.match(/mails the sandbox captured \(\d+\):/g)).toHaveLength(1);
    expect(kept.output).not.toContain('mail the sandbox caught');
    expect(kept.output).toContain('the mails as .eml files: .tenantops/sandbox/mailbox/');
    // Saved before it serves, so a killed sandbox loses nothing the journey did.
    expect(((await stat(worldFile)).mode & 0o777).toString(8)).toBe('600');

    const info = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(info).sort()).toEqual(['caFile', 'encryptionKey', 'entra', 'fabric', 'github', 'godaddy', 'identities', 'pid', 'postgres', 'powerbi', 'smtp', 'startedAt', 'version', 'blob'].sort());
    expect(info.smtp).toEqual({ host: '127.0.0.1', port: expect.any(Number), mailbox: expect.stringMatching(/mailbox$/), user: expect.any(String), password: expect.any(String) });
    expect(info.github).toEqual({ url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/), token: expect.any(String) });
    expect(info.version).toBe(2);
    expect(info.pid).toBe(kept.child.pid);
    expect(info.powerbi.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(info.entra.authorityHost).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(info.entra.tenantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(info.identities).toEqual([{ name: 'deployer', clientId: expect.any(String), clientSecret: expect.any(String) }]);
    expect(Object.keys(info.postgres.clusters).sort()).toEqual(['dedicated-beta', 'shared-eu']);
    expect(Object.keys(info.postgres.byod)).toEqual(['gamma-skills']);
    expect(info.encryptionKey).toMatch(/^sandbox-[0-9a-f]{8}:/);
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');

    // Its identity gets a token from its Entra with the real @azure/identity, trusting its CA file.
    const ca = await readFile(info.caFile, 'utf8');
    const [id] = info.identities;
    const credential = new ClientSecretCredential(info.entra.tenantId, id.clientId, id.clientSecret, { authorityHost: info.entra.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca } } as never);
    const token = (await credential.getToken('https://analysis.windows.net/powerbi/api/.default'))!.token;
    // Its Power BI answers with the seeded template workspace and its 400 reports.
    const groups = await call(`${info.powerbi.url}/v1.0/myorg/groups`, 'GET', { headers: { authorization: `Bearer ${token}` }, ca });
    const templates = (groups.json as { value: { id: string; name: string }[] }).value.find((g) => g.name === 'Templates')!;
    const reports = await call(`${info.powerbi.url}/v1.0/myorg/groups/${templates.id}/reports`, 'GET', { headers: { authorization: `Bearer ${token}` }, ca });
    expect(reports.json.value).toHaveLength(400);
    // Its Fabric serves the same workspace, as the same object.
    const fabricToken = (await credential.getToken('https://api.fabric.microsoft.com/.default'))!.token;
    const ws = await call(`${info.fabric.url}/v1/workspaces/${templates.id}`, 'GET', { headers: { authorization: `Bearer ${fabricToken}` }, ca });
    expect(ws.json.displayName).toBe('Templates');
    // Its GoDaddy serves the platform zone to the sso-key it names.
    const zone = await call(`${info.godaddy.url}/v1/domains/tenants.example.com/records/NS`, 'GET', { headers: { authorization: `sso-key ${info.godaddy.key}:${info.godaddy.secret}` }, ca });
    expect(zone.status).toBe(200);
    // Its registry database answers.
    const client = new pg.Client({ connectionString: info.postgres.registry });
    await client.connect();
    expect((await client.query('SELECT current_database() AS db')).rows[0].db).toBe('tenantops_registry');
    await client.end();
  }, 1_200_000);

  it('tenantops <command> --sandbox plans, applies, verifies, reads status and changes DNS on it', async () => {
    const plan = await cli(['plan', '--sandbox', '--fail-on-changes', '--root', root]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/no changes/);
    const apply = await cli(['apply', '--sandbox', '--root', root]);
    expect(apply.code, apply.stderr).toBe(0);
    const verify = await cli(['verify', '--sandbox', '--tenant', 'acme-training', '--root', root]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain('acme-training: verified');
    // The registry's envelopes open with the sandbox's key: status lists them under its key id.
    const status = await cli(['status', 'gamma-skills', '--sandbox', '--json', '--root', root]);
    expect(status.code, status.stderr).toBe(0);
    const keyId = JSON.parse(await readFile(file, 'utf8')).encryptionKey.split(':')[0];
    expect(JSON.parse(status.stdout).secrets.map((s: { keyId: string }) => s.keyId)).toContain(keyId);
    for (const code of TENANTS) expect(await registryStatus(code), code).toBe('live');

    // A new subdomain: two GoDaddy edits in a row, the second one waiting out the edit lock, which
    // only expires because the kept emulator runs on real time.
    await editFile(root, 'tenants/beta-corp.yaml', (text) => text.replace(/^subdomain: beta$/m, 'subdomain: beta-two'));
    const dns = await cli(['apply', '--sandbox', '--only', 'dns', '--root', root]);
    expect(dns.code, dns.stderr).toBe(0);
    expect(dns.stdout).toContain('beta-corp: applied dns/ownership, dns/record');
    // What is left is the registry's record of the subdomain, planned like any resource.
    const left = await cli(['plan', '--sandbox', '--fail-on-changes', '--root', root]);
    expect(left.code).toBe(1);
    expect(left.stdout).toMatch(/1 to change\nbeta-corp: ~ registry\/tenant subdomain: "beta" → "beta-two"\n/);
    const record = await cli(['apply', '--sandbox', '--only', 'registry', '--root', root]);
    expect(record.code, record.stderr).toBe(0);
    const none = await cli(['plan', '--sandbox', '--fail-on-changes', '--root', root]);
    expect(none.code, none.stdout + none.stderr).toBe(0);
  }, 180_000);

  it('Ctrl-C stops it, saves the world and removes sandbox.json; --sandbox then says how to start one', async () => {
    const info = await readFile(file, 'utf8');
    const saved = (await stat(worldFile)).mtimeMs;
    await stopKept(kept!);
    expect(kept!.output).toContain('its world is saved in .tenantops/sandbox/world.json');
    expect((await stat(worldFile)).mtimeMs).toBeGreaterThan(saved);
    const missing = await cli(['plan', '--sandbox', '--root', root]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no sandbox is running under .*; start it with `npm start -- --keep`/);
    // As a killed sandbox would leave it: the file names a process that is gone.
    await writeFile(file, info);
    const stale = await cli(['status', 'acme-training', '--sandbox', '--root', root]);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(/sandbox\.json is stale: .* is no longer running; start it with `npm start -- --keep`/);
    await rm(file);
  }, 60_000);

  it('the world persists: --sandbox-only serves it again without the journey, the DNS change included', async () => {
    await stopLeftover();
    kept = start(root, '--sandbox-only');
    await waitForFile(file, kept);
    expect(kept.output).toMatch(/reusing the sandbox world from \d{4}-\d\d-\d\dT/);
    expect(kept.output).not.toContain("the pull request's comment");
    for (const code of TENANTS) expect(kept.output).toContain(`${code}: registry status live (no journey run: --sandbox-only)`);
    expect(JSON.parse(await readFile(file, 'utf8')).pid).toBe(kept.child.pid);
    // Nothing to change: the databases, Power BI, the registry and beta-two's records all came back.
    const plan = await cli(['plan', '--sandbox', '--fail-on-changes', '--root', root]);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(await registryStatus('acme-training')).toBe('live');
    await stopKept(kept);
  }, 600_000);

  it('--fresh discards the saved world: nothing is provisioned any more', async () => {
    await stopLeftover();
    kept = start(root, '--sandbox-only', '--fresh');
    await waitForFile(file, kept);
    expect(kept.output).toContain('sandbox: fresh sandbox world');
    expect(kept.output).not.toContain('reusing');
    for (const code of TENANTS) expect(kept.output).toContain(`${code}: registry status not in the registry`);
    const plan = await cli(['plan', '--sandbox', '--fail-on-changes', '--root', root]);
    expect(plan.code, plan.stdout + plan.stderr).toBe(1);
    await stopKept(kept);
  }, 600_000);
});
