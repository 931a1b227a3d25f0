// The QA checklist on the sandbox: two tenants on the shared cluster, provisioned by every
// capability, pass all eight checks with evidence; each check fails when the world is made wrong
// in its own way (and passes again when it is put back); the failing checklist keeps a tenant
// from going live, the passing one takes it live with its approver; `verify --json` and
// `status --json` say so on the command line.
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../dev/sandbox.ts';
import { writeSandboxInfo } from '../../dev/info.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { getTenant, listAudit, listUsers, replaceUsers, type Pool } from '../../src/registry/index.ts';
import { applyTenants, approveGoLive, CHECKLIST_IDS, goLiveTenant, loadInputs, recordQaChecklist, runChecklist, type ChecklistId, type Inputs, type Services } from '../../src/run/index.ts';
import type { TenantConfig } from '../../src/config/index.ts';
import { cli } from '../support/cli.ts';
import { copyRepo } from '../support/repo.ts';
import { createSandboxServices } from '../support/sandbox.ts';

const A = 'acme-training';
const B = 'delta-learning';
let root: string;
let sandbox: Sandbox;
let services: Services;
let world: Inputs;
let registry: Pool;
const log = createMemoryLogger();

const config = (code: string): TenantConfig => world.tenants.find((t) => t.config.code === code)!.config;

beforeAll(async () => {
  root = await copyRepo();
  await chmod(root, 0o755); // the embedded PostgreSQL runs as the postgres user
  // Two tenants on the shared cluster: the second one only with finance, to keep it small.
  await rm(path.join(root, 'tenants', 'beta-corp.yaml'));
  await rm(path.join(root, 'tenants', 'gamma-skills.yaml'));
  const acme = await readFile(path.join(root, 'tenants', `${A}.yaml`), 'utf8');
  await writeFile(path.join(root, 'tenants', `${B}.yaml`), acme.replaceAll(A, B).replace('Acme Training Ltd', 'Delta Learning').replace(/modules:\n(  - .*\n)+/, 'modules:\n  - finance\n'));
  const { inputs, findings } = await loadInputs(root);
  if (!inputs) throw new Error(findings.map((f) => `${f.file}:${f.line}:${f.col}: ${f.message}`).join('\n'));
  sandbox = await startSandbox({ root, workDir: path.join(root, '.tenantops', 'sandbox'), catalog: inputs.catalog, platform: inputs.platform, tenants: inputs.tenants, log });
  world = { ...inputs, platform: sandbox.platform };
  services = createSandboxServices(sandbox, root, log);
  registry = await services.registry();
  const result = await applyTenants(world, services, { actor: 'test' });
  expect(result.tenants.map((t) => [t.tenant, t.failed.length, t.skipped.length])).toEqual([[A, 0, 0], [B, 0, 0]]);
  sandbox.followRealTime();
  await writeSandboxInfo(root, sandbox.info);
}, 300_000);

afterAll(async () => {
  await services?.close();
  await sandbox?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

const failing = async (code = A, inputs = world) => (await runChecklist(inputs, services, config(code))).checks.filter((c) => !c.ok).map((c) => c.id);
const evidence = async (id: ChecklistId, code = A) => (await runChecklist(world, services, config(code))).checks.find((c) => c.id === id)!.evidence;
const sharedDb = () => services.clusterDatabase('shared-eu', sandbox.platform.clusters['shared-eu'].database!);

describe('the QA checklist', () => {
  it('passes all eight checks of a provisioned tenant, each with its evidence', async () => {
    const list = await runChecklist(world, services, config(A));
    expect(list.checks.map((c) => c.id)).toEqual([...CHECKLIST_IDS]);
    expect(list.checks.filter((c) => !c.ok)).toEqual([]);
    expect(list.ok).toBe(true);
    const by = Object.fromEntries(list.checks.map((c) => [c.id, c.evidence]));
    expect(by.dns).toContain('acme-training.tenants.example.com CNAME → app.example.com');
    expect(by.workspace).toMatch(/sees only tenant-acme-training and the template workspace — https:\/\/app\.powerbi\.com\/groups\/[0-9a-f-]{36}$/);
    expect(by.model).toContain('last refresh Completed');
    expect(by.reports).toMatch(/^42\/42 deployed; 42 report\(s\), all bound to the tenant's model/);
    expect(by.modules).toBe('6/6 module(s) initialised (19 features); 42/42 report(s) linked to a feature');
    expect(by['super-users']).toBe('1 super user(s) recorded');
    expect(by.embed).toMatch(/^a token for 42 report\(s\)/);
    expect(by.isolation).toMatch(/^tenant_acme_training_app and tenant_acme_training_bi reach nothing of 1 other tenant\(s\) on shared-eu \(delta-learning; \d+ objects checked in the catalog\)$/);
    expect(await failing(B)).toEqual([]);
  });

  it('fails dns when the record is not the platform\'s target', async () => {
    const elsewhere = { ...world, platform: { ...world.platform, dns: { ...world.platform.dns, target: 'elsewhere.example.com' } } };
    expect(await failing(A, elsewhere)).toEqual(['dns']);
  });

  it('fails workspace when the registry names a workspace the tenant cannot see', async () => {
    const key = (code: string) => registry.query(`SELECT external_id FROM resources WHERE tenant = $1 AND key = 'powerbi/workspace'`, [code]).then((r) => r.rows[0].external_id as string);
    const own = await key(A);
    await registry.query(`UPDATE resources SET external_id = $2 WHERE tenant = $1 AND key = 'powerbi/workspace'`, [A, await key(B)]);
    try {
      expect(await failing()).toContain('workspace');
      expect(await evidence('workspace')).toMatch(/is not visible to the tenant's identity/);
    } finally {
      await registry.query(`UPDATE resources SET external_id = $2 WHERE tenant = $1 AND key = 'powerbi/workspace'`, [A, own]);
    }
    expect(await failing()).toEqual([]);
  });

  it("fails model when the model's parameters are not the tenant's database", async () => {
    await registry.query(`UPDATE data_stores SET schema = 'tenant_someone_else' WHERE tenant = $1`, [A]);
    try {
      expect(await failing()).toEqual(['model']);
      expect(await evidence('model')).toMatch(/Schema is "tenant_acme_training", the tenant's is "tenant_someone_else"/);
    } finally {
      await registry.query(`UPDATE data_stores SET schema = 'tenant_acme_training' WHERE tenant = $1`, [A]);
    }
  });

  it('fails reports when one of them is not deployed (41/42)', async () => {
    const { rows: [gone] } = await registry.query(`DELETE FROM report_mappings WHERE tenant = $1 AND template_name = 'APTEM-BKSB-HUBSPOT - Finance Director' RETURNING *`, [A]);
    try {
      expect(await failing()).toEqual(['reports']);
      expect(await evidence('reports')).toMatch(/^41\/42 deployed/);
    } finally {
      const cols = Object.keys(gone);
      await registry.query(`INSERT INTO report_mappings (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(gone));
    }
  });

  it('fails modules when a deployed report is linked to no feature', async () => {
    await registry.query(`DELETE FROM report_feature_links WHERE tenant = $1 AND template_name = 'APTEM-BKSB-HUBSPOT - Finance Director'`, [A]);
    try {
      expect(await failing()).toEqual(['modules']);
      expect(await evidence('modules')).toBe('6/6 module(s) initialised (19 features); 41/42 report(s) linked to a feature; unlinked: APTEM-BKSB-HUBSPOT - Finance Director');
    } finally {
      await registry.query(`INSERT INTO report_feature_links VALUES ($1, 'APTEM-BKSB-HUBSPOT - Finance Director', 'finance', 'overview')`, [A]);
    }
  });

  it('fails super-users when the registry does not record them', async () => {
    const users = await listUsers(registry, A);
    await replaceUsers(registry, A, []);
    try {
      expect(await failing()).toEqual(['super-users']);
      expect(await evidence('super-users')).toBe('0 super user(s) recorded; the tenant file names 1');
    } finally {
      await replaceUsers(registry, A, users);
    }
  });

  it('fails embed when no embed token can be generated as the tenant', async () => {
    sandbox.powerbi.addFaults([{ route: 'POST /v1.0/myorg/GenerateToken', kind: 'status', status: 403, code: 'Forbidden', times: 1 }]);
    try {
      expect(await failing()).toEqual(['embed']);
    } finally {
      sandbox.powerbi.clearFaults();
    }
  });

  it("fails isolation when the tenant's role reaches another tenant's schema and tables", async () => {
    const db = await sharedDb();
    await db.query(`GRANT USAGE ON SCHEMA tenant_delta_learning TO tenant_acme_training_app; GRANT SELECT ON ALL TABLES IN SCHEMA tenant_delta_learning TO tenant_acme_training_app`);
    try {
      expect(await failing()).toEqual(['isolation']);
      expect(await evidence('isolation')).toMatch(/^tenant_acme_training_app has SELECT on table tenant_delta_learning\.\w+; .*tenant_acme_training_app has USAGE on schema tenant_delta_learning|^tenant_acme_training_app has .* on (schema|table) tenant_delta_learning/);
    } finally {
      await db.query(`REVOKE SELECT ON ALL TABLES IN SCHEMA tenant_delta_learning FROM tenant_acme_training_app; REVOKE USAGE ON SCHEMA tenant_delta_learning FROM tenant_acme_training_app`);
    }
    expect(await failing()).toEqual([]);
  });
});

describe('the status the checklist earns', () => {
  it('records provisioned after QA, refuses go-live while a check fails, and goes live once it passes', async () => {
    expect((await getTenant(registry, A))!.status).toBe('pending');
    const qa = await recordQaChecklist(world, services, config(A), { actor: 'github:octocat', run: '77', planHash: 'db=' + 'a'.repeat(64) });
    expect(qa.transition).toEqual({ from: 'pending', to: 'provisioned', changed: true });

    const users = await listUsers(registry, A);
    await replaceUsers(registry, A, []);
    const refused = await goLiveTenant(world, services, config(A), { actor: 'github:qa-lead', run: '77', approvedBy: 'qa-lead' });
    expect(refused.checklist.ok).toBe(false);
    expect(refused.transition).toBeUndefined();
    expect((await getTenant(registry, A))!.status).toBe('provisioned');
    await replaceUsers(registry, A, users);

    const live = await goLiveTenant(world, services, config(A), { actor: 'github:qa-lead', run: '77', approvedBy: 'qa-lead' });
    expect(live.transition).toEqual({ from: 'provisioned', to: 'live', changed: true });
    expect(await getTenant(registry, A)).toMatchObject({ status: 'live', approvedBy: 'qa-lead', liveAt: expect.any(Date), provisionedAt: expect.any(Date) });
    expect((await listAudit(registry, A)).filter((a) => a.action === 'tenant.status').map((a) => [a.actor, (a.before as { status: string }).status, (a.after as { status: string }).status])).toEqual([
      ['github:octocat', 'pending', 'provisioned'],
      ['github:qa-lead', 'provisioned', 'live'],
    ]);
  });

  it('records failed when QA fails, and a live tenant keeps its status whatever QA says', async () => {
    const db = await sharedDb();
    await db.query(`GRANT USAGE ON SCHEMA tenant_acme_training TO tenant_delta_learning_bi`);
    try {
      const b = await recordQaChecklist(world, services, config(B), { actor: 'test' });
      expect(b.transition).toEqual({ from: 'pending', to: 'failed', changed: true });
      // acme is live: its QA is reported, its status stays.
      expect((await recordQaChecklist(world, services, config(A), { actor: 'test' })).transition).toBeUndefined();
      expect((await getTenant(registry, A))!.status).toBe('live');
    } finally {
      await db.query(`REVOKE USAGE ON SCHEMA tenant_acme_training FROM tenant_delta_learning_bi`);
    }
    // Fixed and QA'd again: failed → provisioned.
    expect((await recordQaChecklist(world, services, config(B), { actor: 'test' })).transition).toEqual({ from: 'failed', to: 'provisioned', changed: true });
  });
});

describe('approveGoLive (the go-live job after its approval)', () => {
  it('takes a provisioned tenant live, and leaves a tenant that is not active as it is', async () => {
    const r = await approveGoLive(world, services, config(B), { only: [], actor: 'github:qa-lead', run: '78', approvedBy: 'qa-lead' });
    expect(r).toMatchObject({ ok: true, outcome: 'nothing destructive to apply; provisioned → live; 2 mail(s) sent', checklist: { ok: true } });
    expect(await getTenant(registry, B)).toMatchObject({ status: 'live', approvedBy: 'qa-lead' });
    const suspended: TenantConfig = { ...config(A), lifecycle: 'suspended' };
    expect(await approveGoLive(world, services, suspended, { only: [], actor: 'github:qa-lead', approvedBy: 'qa-lead' })).toEqual({ ok: true, outcome: 'nothing destructive to apply; status unchanged (suspended)' });
  });
});

describe('the CLI', () => {
  it('verify --json prints {tenant, ok, checks: [{id, ok, evidence}]} and exits 0 when every check passes', async () => {
    const r = await cli(['verify', '--sandbox', '--tenant', A, '--json', '--root', root], root);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ tenant: A, ok: true });
    expect(out.checks.map((c: { id: string }) => c.id)).toEqual([...CHECKLIST_IDS]);
    expect(Object.keys(out.checks[0]).sort()).toEqual(['evidence', 'id', 'ok']);
    const all = await cli(['verify', '--sandbox', '--json', '--root', root], root);
    expect(JSON.parse(all.stdout).tenants.map((t: { tenant: string }) => t.tenant)).toEqual([A, B]);
  });

  it('verify exits 1 on a failing check, and writes the checklist to the job summary', async () => {
    const summary = path.join(root, 'summary.md');
    await writeFile(summary, '');
    const users = await listUsers(registry, B);
    await replaceUsers(registry, B, []);
    try {
      const r = await cli(['verify', '--sandbox', '--tenant', B, '--root', root], root, { GITHUB_STEP_SUMMARY: summary });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`${B}: FAILED`);
      expect(r.stdout).toContain('  FAIL super-users: 0 super user(s) recorded; the tenant file names 1');
      const md = await readFile(summary, 'utf8');
      expect(md).toContain(`### QA checklist: ${B} ❌`);
      expect(md).toContain('| super-users | ❌ | 0 super user(s) recorded; the tenant file names 1 |');
      expect(md).toContain('| dns | ✅ |');
    } finally {
      await replaceUsers(registry, B, users);
    }
  });

  it('status --json has status, provisionedAt, liveAt and approvedBy beside the fields it had', async () => {
    const r = await cli(['status', A, '--sandbox', '--json', '--root', root], root);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'live', provisionedAt: expect.stringMatching(/^\d{4}-/), liveAt: expect.stringMatching(/^\d{4}-/), approvedBy: 'qa-lead', tenant: { code: A }, dataStore: expect.any(Object), secrets: expect.any(Array), resources: expect.any(Array) });
    const text = await cli(['status', A, '--sandbox', '--root', root], root);
    expect(text.stdout).toMatch(/status: live \(provisioned .*, live since .*, approved by qa-lead\)/);
  });
});
