// Offboarding (lifecycle: decommissioned) and rollback of a never-live tenant, on real PostgreSQL
// and Microsoft's azurite: the export, downloaded back and decrypted, matches the tables' row
// counts and checksums; everything of the tenant is deleted afterwards (store, roles, registry
// rows) and certified, another tenant untouched; a failed upload deletes nothing.
import { createHash, randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/index.ts';
import { openSealed } from '../../src/blob/index.ts';
import { readDbCredentials } from '../../src/db/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { listAudit, listExports, openRegistry, parseEncryptionKey, parseKeyring } from '../../src/registry/index.ts';
import { offboardTenant, rollbackTenant, type ExportManifest } from '../../src/run/index.ts';
import { connectAs, superQuery } from '../support/pg.ts';
import { createDbWorld, type DbWorld } from '../support/db-world.ts';
import { useAzurite } from '../support/azurite.ts';

const azurite = useAzurite();
let world: DbWorld;
const EXPORT_KEY = `exp1:${randomBytes(32).toString('base64')}`;

beforeAll(async () => {
  world = await createDbWorld();
  world.platform.offboarding = { exportKeySecret: 'TEST_EXPORT_KEY', blob: { connectionSecret: 'TEST_BLOB_URL', container: 'tenant-exports' } };
  world.env.TEST_EXPORT_KEY = EXPORT_KEY;
}, 60_000);

afterAll(async () => {
  await world?.cleanup();
});

async function withServices<T>(fn: (services: ReturnType<DbWorld['services']>, log: ReturnType<typeof createMemoryLogger>) => Promise<T>, blobUrl = azurite.blob.connectionString): Promise<T> {
  world.env.TEST_BLOB_URL = blobUrl;
  const log = createMemoryLogger();
  const services = world.services(log);
  try {
    return await fn(services, log);
  } finally {
    await services.close();
  }
}

async function credentials(code: string) {
  const registry = openRegistry(world.registry.url, createMemoryLogger());
  try {
    return await readDbCredentials(registry, parseKeyring(world.env), code, createMemoryLogger());
  } finally {
    await registry.end();
  }
}

/** Rows of the tenant's registry tables, by table (the tenants row aside). */
async function registryRows(code: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['resources', 'users', 'tenant_modules', 'data_stores', 'secrets']) {
    const { rows } = await superQuery(world.registry.name, `SELECT count(*)::int AS n FROM ${table} WHERE tenant = $1`, [code]);
    out[table] = rows[0].n as number;
  }
  return out;
}

async function roleNames(code: string): Promise<string[]> {
  const { rows } = await superQuery('postgres', `SELECT rolname FROM pg_roles WHERE rolname LIKE $1 ORDER BY rolname`, [`tenant_${code.replaceAll('-', '_')}\\_%`]);
  return rows.map((r) => r.rolname as string);
}

async function databaseExists(name: string): Promise<boolean> {
  const { rows } = await superQuery('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length > 0;
}

/** Some rows the platform's application wrote, as the tenant's app role; quoting and NULLs included. */
async function writeRows(t: TenantConfig, n: number): Promise<void> {
  const c = await credentials(t.code);
  const app = await connectAs(c.app.user, c.app.password, c.database);
  try {
    for (let i = 0; i < n; i++) {
      await app.query('INSERT INTO learners (first_name, last_name, uln) VALUES ($1, $2, $3)', [`Ada "${i}", the first`, i % 2 ? 'Line\nBreak' : '', i % 3 ? null : String(1000000000 + i)]);
    }
  } finally {
    await app.end();
  }
}

const decommission = (t: TenantConfig): TenantConfig => ({ ...t, lifecycle: 'decommissioned', deletionPolicy: 'delete' });

function container() {
  return BlobServiceClient.fromConnectionString(azurite.blob.connectionString).getContainerClient('tenant-exports');
}

describe('offboarding with deletionPolicy delete', () => {
  it('exports every table, sealed, to blob storage, then deletes the tenant and certifies it; the export decrypts to the same rows', async () => {
    const t = world.tenant('off', { isolation: 'database', cluster: 'main' });
    const other = world.tenant('stay', { isolation: 'schema', cluster: 'main' });
    await world.apply([t, other]);
    await writeRows(t, 25);
    await writeRows(other, 3);
    const c = await credentials(t.code);
    const counts = new Map<string, number>();
    for (const table of ['learners', 'enrolments', 'assessments']) {
      const { rows } = await superQuery(c.database, `SELECT count(*)::int AS n FROM ${c.schema}.${table}`);
      counts.set(table, rows[0].n as number);
    }
    const otherBefore = await registryRows(other.code);
    const { rows: tableRows } = await superQuery(c.database, `SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename COLLATE "C"`, [c.schema]);

    const shown: string[] = [];
    const result = await withServices(async (services, log) => {
      const r = await offboardTenant(world.inputs([decommission(t), other]), services, { tenant: t.code, only: ['db'], actor: 'test:offboarder', showPlan: async (md) => void shown.push(md) });
      // Neither the export key nor the storage account key is ever logged.
      const logged = log.lines.join('\n');
      expect(logged).not.toContain(EXPORT_KEY.split(':')[1]);
      expect(logged).not.toContain(azurite.blob.key);
      return r;
    });

    // The plan was shown before anything happened: the store and the roles to be dropped.
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('db/store');
    const manifest = result.export!.manifest;
    expect(manifest.tables.map((x) => x.table)).toEqual(tableRows.map((r) => r.tablename));
    expect(manifest.tables.map((x) => x.table)).toEqual(expect.arrayContaining(['learners', 'enrolments', 'assessments']));

    // Downloaded back from azurite and decrypted with the key platform.yaml names: the CSV of
    // each table hashes to the manifest's checksum and holds the table's rows.
    const key = parseEncryptionKey(EXPORT_KEY, 'test');
    const uploaded = JSON.parse((await container().getBlobClient(result.export!.manifestBlob).downloadToBuffer()).toString()) as ExportManifest;
    expect(uploaded).toEqual(manifest);
    for (const entry of manifest.tables) {
      const sealed = await container().getBlobClient(entry.blob).downloadToBuffer();
      expect(sealed.includes(Buffer.from('Ada'))).toBe(false);
      const csv = openSealed(key, entry.blob, sealed);
      expect(createHash('sha256').update(csv).digest('hex'), entry.table).toBe(entry.sha256);
      // Header plus one record per row; the learners' fields carry quotes, commas and newlines.
      const records = parseCsv(csv.toString());
      expect(records.length - 1, entry.table).toBe(entry.rows);
      if (counts.has(entry.table)) expect(entry.rows, entry.table).toBe(counts.get(entry.table));
    }
    const learners = parseCsv(openSealed(key, manifest.tables.find((x) => x.table === 'learners')!.blob, await container().getBlobClient(manifest.tables.find((x) => x.table === 'learners')!.blob).downloadToBuffer()).toString());
    expect(learners.length - 1).toBe(25);
    const header = learners[0];
    const firstNames = learners.slice(1).map((r) => r[header.indexOf('first_name')]).sort();
    expect(firstNames).toContain('Ada "0", the first');
    expect(learners.slice(1).map((r) => r[header.indexOf('last_name')])).toContain('Line\nBreak');
    // A blob renamed (here: read as another table's) does not open.
    expect(() => openSealed(key, manifest.tables[1].blob, Buffer.from(manifest.tables[0].blob))).toThrow();

    // Then everything was deleted: the tenant's database, its roles, its registry rows.
    expect(await databaseExists(c.database)).toBe(false);
    expect(await roleNames(t.code)).toEqual([]);
    expect(await registryRows(t.code)).toEqual({ resources: 0, users: 0, tenant_modules: 0, data_stores: 0, secrets: 0 });
    const { rows: tomb } = await superQuery(world.registry.name, 'SELECT lifecycle FROM tenants WHERE code = $1', [t.code]);
    expect(tomb).toEqual([{ lifecycle: 'decommissioned' }]);

    // The certificate, in the audit log and the summary; the export recorded in the registry.
    const registry = openRegistry(world.registry.url, createMemoryLogger());
    try {
      const certificate = (await listAudit(registry, t.code)).find((a) => a.action === 'tenant.offboard')!;
      expect(certificate.actor).toBe('test:offboarder');
      expect(certificate.after).toMatchObject({ tenant: t.code, deletedBy: 'test:offboarder', export: { location: result.export!.location, manifestSha256: result.export!.manifestSha256 } });
      expect((certificate.after as { deleted: { db: string[] } }).deleted.db).toEqual(expect.arrayContaining(['db/store', 'db/role/app', 'db/role/bi', 'db/role/owner']));
      expect(await listExports(registry, t.code)).toHaveLength(1);
    } finally {
      await registry.end();
    }
    expect(result.markdown).toContain(`Deletion certificate: ${t.code}`);
    expect(result.markdown).toContain(result.export!.manifestSha256);

    // The other tenant: untouched.
    expect(await registryRows(other.code)).toEqual(otherBefore);
    const oc = await credentials(other.code);
    const app = await connectAs(oc.app.user, oc.app.password, oc.database);
    expect((await app.query('SELECT count(*)::int AS n FROM learners')).rows[0].n).toBe(3);
    await app.end();
  }, 120_000);

  it('deletes nothing when the upload fails', async () => {
    const t = world.tenant('nofail', { isolation: 'database', cluster: 'main' });
    await world.apply([t]);
    await writeRows(t, 2);
    const c = await credentials(t.code);
    const before = await registryRows(t.code);
    // The storage account refuses the key: the export cannot be uploaded.
    const wrongKey = azurite.blob.connectionString.replace(azurite.blob.key, randomBytes(64).toString('base64'));
    const err = await withServices((services) => offboardTenant(world.inputs([decommission(t)]), services, { tenant: t.code, only: ['db'], actor: 'test' }), wrongKey).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(new RegExp(`^tenant ${t.code}, step offboard export: blob PUT tenant-exports\\S* failed with HTTP 403`));
    expect(await databaseExists(c.database)).toBe(true);
    expect(await roleNames(t.code)).toHaveLength(3);
    expect(await registryRows(t.code)).toEqual(before);
    const app = await connectAs(c.app.user, c.app.password, c.database);
    expect((await app.query('SELECT count(*)::int AS n FROM learners')).rows[0].n).toBe(2);
    await app.end();
  }, 60_000);
});

describe('rollback of a never-live tenant', () => {
  it('deletionPolicy delete: shows the plan, then removes everything of that tenant only', async () => {
    const t = world.tenant('rbdel', { isolation: 'database', cluster: 'main' }, { deletionPolicy: 'delete' });
    const other = world.tenant('rbstay', { isolation: 'database', cluster: 'main' });
    await world.apply([t, other]);
    const c = await credentials(t.code);
    const oc = await credentials(other.code);
    const otherBefore = await registryRows(other.code);
    const shown: string[] = [];
    const result = await withServices((services) =>
      rollbackTenant(world.inputs([t, other]), services, { tenant: t.code, only: ['db'], actor: 'test', showPlan: async (md) => void shown.push(md) }),
    );
    expect(shown[0]).toContain('db/store');
    expect(result.policy).toBe('delete');
    expect(await databaseExists(c.database)).toBe(false);
    expect(await roleNames(t.code)).toEqual([]);
    expect(await registryRows(t.code)).toEqual({ resources: 0, users: 0, tenant_modules: 0, data_stores: 0, secrets: 0 });
    expect(await databaseExists(oc.database)).toBe(true);
    expect(await roleNames(other.code)).toHaveLength(3);
    expect(await registryRows(other.code)).toEqual(otherBefore);
  }, 60_000);

  it('deletionPolicy retain: suspends and keeps (no login, data kept)', async () => {
    const t = world.tenant('rbkeep', { isolation: 'schema', cluster: 'main' });
    await world.apply([t]);
    const c = await credentials(t.code);
    await withServices((services) => rollbackTenant(world.inputs([t]), services, { tenant: t.code, only: ['db'], actor: 'test' }));
    const refused = await connectAs(c.app.user, c.app.password, c.database).then(
      async (client) => void (await client.end()),
      (e: { code?: string }) => e.code,
    );
    expect(refused).toBe('28000');
    expect(await roleNames(t.code)).toHaveLength(3);
  }, 60_000);

  it('refuses a live tenant, changing nothing', async () => {
    const t = world.tenant('rblive', { isolation: 'schema', cluster: 'main' }, { deletionPolicy: 'delete' });
    await world.apply([t]);
    await superQuery(world.registry.name, `UPDATE tenants SET status = 'live' WHERE code = $1`, [t.code]);
    const err = await withServices((services) => rollbackTenant(world.inputs([t]), services, { tenant: t.code, only: ['db'], actor: 'test' })).catch((e: Error) => e);
    expect((err as Error).message).toContain('is live');
    expect(await roleNames(t.code)).toHaveLength(3);
  });
});

/** RFC 4180 as COPY writes it: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (record.push(field), (field = ''));
    else if (ch === '\n') (record.push(field), records.push(record), (record = []), (field = ''));
    else field += ch;
  }
  return records;
}
