// `tenantops registry backup` and `restore`: a sealed file that reveals nothing, a restore that
// gives back every row (envelopes byte for byte, still opening), refuses a registry that holds
// anything unless forced, and refuses a wrong key or a tampered file precisely, changing nothing.
import { randomBytes } from 'node:crypto';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log/index.ts';
import {
  appendAudit,
  createRegistryJournal,
  migrateRegistry,
  openRegistry,
  parseKeyring,
  readSecret,
  startDeployment,
  storeSecret,
  upsertDataStore,
  upsertResource,
  upsertTenant,
  type Pool,
} from '../../src/registry/index.ts';
import { cli } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';
import { copyRepo } from '../support/repo.ts';

const key = `k1:${randomBytes(32).toString('base64')}`;
const otherKey = `k1:${randomBytes(32).toString('base64')}`;
const ring = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: key });
const PASSWORD = `pw-${randomBytes(12).toString('hex')}`;

let root: string;
let source: TestDatabase;
let target: TestDatabase;
let sourcePool: Pool;
let targetPool: Pool;
const log = createMemoryLogger();

async function migrated(db: TestDatabase): Promise<Pool> {
  const pool = openRegistry(db.url, log);
  await migrateRegistry(pool);
  return pool;
}

/** Every table's rows, in a stable order, as the database returns them (envelopes included). */
async function contents(pool: Pool): Promise<Record<string, unknown[]>> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> 'tenantops_registry_migrations' ORDER BY 1`,
  );
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) out[name] = (await pool.query(`SELECT to_jsonb(t) AS row FROM "${name}" t ORDER BY to_jsonb(t)::text`)).rows.map((r) => r.row);
  return out;
}

const env = (url: string, encryptionKey = key) => ({ TENANTOPS_REGISTRY_URL: url, TENANTOPS_ENCRYPTION_KEY: encryptionKey, GITHUB_ACTOR: 'ops' });

beforeAll(async () => {
  root = await copyRepo();
  source = await createTestDatabase('bak');
  target = await createTestDatabase('res');
  sourcePool = await migrated(source);
  targetPool = await migrated(target);
  // A registry with a row in every table that matters: tenant, store, resource, secret, journal, audit.
  await upsertTenant(sourcePool, { code: 'acme-training', name: 'Acme', subdomain: 'acme', isolation: 'schema', cluster: 'main', status: 'live' });
  await upsertDataStore(sourcePool, { tenant: 'acme-training', isolation: 'schema', cluster: 'main', host: 'db.example', port: 5432, database: 'tenants', schema: 'tenant_acme_training', ownerRole: 'o', appRole: 'a', biRole: 'b', status: 'ready' });
  await upsertResource(sourcePool, { tenant: 'acme-training', key: 'powerbi/workspace', kind: 'powerbi.workspace', externalId: 'ws-1', state: { id: 'ws-1', name: 'tenant-acme-training' } });
  await storeSecret(sourcePool, ring, 'acme-training', 'db.bi.password', PASSWORD);
  const deployment = await startDeployment(sourcePool, { tenant: 'acme-training', planHash: 'h', actor: 'test' });
  await createRegistryJournal(sourcePool, deployment).intent('acme-training', 'powerbi/workspace', 'create', 'powerbi.workspace');
  await appendAudit(sourcePool, { actor: 'test', tenant: 'acme-training', action: 'apply', target: 'x' });
});

afterAll(async () => {
  await sourcePool?.end();
  await targetPool?.end();
  await source?.drop();
  await target?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('registry backup and restore', () => {
  let file: string;

  it('writes a sealed file (mode 0600) that shows neither secrets nor names', async () => {
    file = path.join(root, 'registry.backup');
    const run = await cli(['registry', 'backup', '--out', 'registry.backup'], root, env(source.url));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^registry backed up to registry\.backup: \d+ row\(s\) in \d+ table\(s\) \(1 tenant\(s\)\), sealed under key k1\n$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(['ct', 'format', 'iv', 'kid', 'tag', 'version']);
    for (const hidden of [PASSWORD, 'acme', 'tenant_acme_training', 'ws-1']) expect(text).not.toContain(hidden);
  });

  it('restores every row into an empty registry: envelopes as sealed, still opening, ids carrying on', async () => {
    const before = await contents(sourcePool);
    const run = await cli(['registry', 'restore', 'registry.backup', '--json'], root, env(target.url));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ keyId: 'k1', replaced: false, rows: { tenants: 1, secrets: 1, resources: 1, deployment_steps: 1 } });
    const after = await contents(targetPool);
    // The restore appends one audit row of its own; everything else is identical.
    expect({ ...after, audit_log: after.audit_log.filter((r) => (r as { action: string }).action !== 'registry.restore') }).toEqual(before);
    expect(await readSecret(targetPool, ring, 'acme-training', 'db.bi.password')).toBe(PASSWORD);
    // Identity columns continue after the restored ids: a new step does not collide.
    const deployment = await startDeployment(targetPool, { tenant: 'acme-training', planHash: 'h2', actor: 'test' });
    await createRegistryJournal(targetPool, deployment).intent('acme-training', 'db/store', 'create');
  });

  it('refuses a registry that holds anything, without --force, changing nothing', async () => {
    const before = await contents(targetPool);
    const run = await cli(['registry', 'restore', 'registry.backup'], root, env(target.url));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^tenantops: the registry is not empty \(.*tenants \(1\).*\); restoring would replace it: pass --force to replace it with registry\.backup\n$/);
    expect(await contents(targetPool)).toEqual(before);
  });

  it('replaces it with --force, keeping the append-only audit log and adding to it', async () => {
    await upsertTenant(targetPool, { code: 'other-tenant', name: 'Other', subdomain: 'other', isolation: 'schema', cluster: 'main' });
    const auditBefore = (await contents(targetPool)).audit_log.length;
    const run = await cli(['registry', 'restore', 'registry.backup', '--force'], root, env(target.url));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/what it held before was replaced\n$/);
    const after = await contents(targetPool);
    expect(after.tenants.map((t) => (t as { code: string }).code)).toEqual(['acme-training']);
    expect(after.deployments).toHaveLength(1);
    expect(after.audit_log.length).toBe(auditBefore + 1);
  });

  it.each([
    ['another key under the same id', () => env(target.url, otherKey), (t: string) => t, /registry\.backup cannot be opened with key id "k1": the key under that id is not the one that sealed it, or the file was altered; nothing was restored/],
    ['a key id it does not know', () => env(target.url, `k9:${randomBytes(32).toString('base64')}`), (t: string) => t, /registry\.backup was sealed with key id "k1", which is neither TENANTOPS_ENCRYPTION_KEY nor in TENANTOPS_ENCRYPTION_KEYS_OLD; provide that key/],
    ['one altered byte', () => env(target.url), (t: string) => flipCiphertext(t), /cannot be opened with key id "k1": .* the file was altered; nothing was restored/],
    ['a swapped key id', () => env(target.url), (t: string) => t.replace('"kid":"k1"', '"kid":"k2"'), /sealed with key id "k2"/],
    ['not a backup', () => env(target.url), () => '{"hello": 1}', /registry\.backup is not a tenantops registry backup \(no "format": "tenantops-registry-backup"\)/],
    ['not JSON', () => env(target.url), () => 'garbage', /registry\.backup is not a tenantops registry backup: it is not JSON/],
  ])('refuses %s precisely (exit 2) and changes nothing, even with --force', async (_label, environment, edit, message) => {
    const original = await readFile(file, 'utf8');
    const before = await contents(targetPool);
    await writeFile(path.join(root, 'tampered.backup'), edit(original));
    const run = await cli(['registry', 'restore', 'tampered.backup', '--force'], root, environment());
    expect(run.code).toBe(2);
    expect(run.stderr.replace('tampered.backup', 'registry.backup')).toMatch(message);
    expect(run.stderr).not.toContain(PASSWORD);
    expect(await contents(targetPool)).toEqual(before);
  });

  it('needs --out, and exactly one file to restore (usage errors, exit 2)', async () => {
    expect(await cli(['registry', 'backup'], root, env(source.url))).toMatchObject({ code: 2, stderr: expect.stringMatching(/registry backup needs --out <file>/) });
    expect(await cli(['registry', 'restore'], root, env(source.url))).toMatchObject({ code: 2, stderr: expect.stringMatching(/registry restore takes exactly one backup file/) });
    expect(await cli(['registry', 'restore', 'missing.backup'], root, env(source.url))).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing\.backup cannot be read \(ENOENT\)/) });
  });
});

function flipCiphertext(text: string): string {
  const sealed = JSON.parse(text) as { ct: string };
  const bytes = Buffer.from(sealed.ct, 'base64');
  bytes[bytes.length >> 1] ^= 1;
  return JSON.stringify({ ...sealed, ct: bytes.toString('base64') });
}
