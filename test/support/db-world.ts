// A provisioning world on the worker's test cluster: a non-superuser admin role (CREATEROLE,
// CREATEDB: what managed PostgreSQL services give a platform team), a shared database for schema
// isolation, a registry, byod "customer" databases and roles, and tenants made in code. Everything
// it creates is named with a random stem and removed by cleanup().
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll } from 'vitest';
import type { LoadedTenant, PlatformConfig, TenantConfig } from '../../src/config/index.ts';
import { readDbCredentials, type DbCredentials } from '../../src/db/index.ts';
import { createMemoryLogger, type Logger } from '../../src/log/index.ts';
import { openRegistry, parseKeyring } from '../../src/registry/index.ts';
import { applyTenants, createServices, type Inputs, type Services } from '../../src/run/index.ts';
import { adminUrl, createTestDatabase, urlWith, withAdmin, type TestDatabase } from './pg.ts';
import { repoRoot } from './repo.ts';

/** A throwaway repository root holding the migrations (tenant and registry) a test may edit. */
export async function copyMigrationsRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'tenantops-db-'));
  for (const dir of ['tenant-migrations', 'registry']) await cp(path.join(repoRoot, 'templates', dir), path.join(root, 'templates', dir), { recursive: true });
  return root;
}
/**
 * For the enclosing file or suite: a world and an editable copy of the migrations, made before its
 * tests and removed after them. Read both through the returned object once the tests run.
 */
export function useDbWorldWithMigrations(): { readonly world: DbWorld; readonly root: string } {
  let world: DbWorld | undefined;
  let root: string | undefined;
  beforeAll(async () => {
    world = await createDbWorld();
    root = await copyMigrationsRoot();
  }, 60_000);
  afterAll(async () => {
    await world?.cleanup();
    if (root) await rm(root, { recursive: true, force: true });
  });
  return {
    get world() {
      return world!;
    },
    get root() {
      return root!;
    },
  };
}

/** Synthetic, for the throwaway test cluster only. */
const PASSWORD = 'synthetic-test-password';

export interface DbWorld {
  stem: string;
  env: NodeJS.ProcessEnv;
  platform: PlatformConfig;
  admin: { role: string; url: string };
  shared: TestDatabase;
  registry: TestDatabase;
  /** A tenant config; `code` gets the world's stem as a prefix. */
  tenant(name: string, database: TenantConfig['database'], extra?: Partial<TenantConfig>): TenantConfig;
  /** Inputs over `root` (default: this repository, for templates/tenant-migrations). */
  inputs(tenants: TenantConfig[], root?: string): Inputs;
  services(log?: Logger, root?: string): Services;
  /** Applies the tenants' db slice with fresh services (closed after). */
  apply(tenants: TenantConfig[], options?: { tenant?: string; force?: boolean; planHash?: string; log?: Logger; root?: string }): ReturnType<typeof applyTenants>;
  /** A byod customer: a login role and a database; with `createRole`, the role may create roles. */
  customer(name: string, options?: { createRole?: boolean; ownsDatabase?: boolean }): Promise<{ role: string; database: string; url: string }>;
  /** A login role of the customer's (e.g. their read-only BI role), its URL on `database` (default postgres). */
  customerRole(name: string, database?: string): Promise<{ role: string; url: string }>;
  cleanup(): Promise<void>;
}

export interface DbWorldOptions {
  /**
   * tenantops' admin role is a superuser (a self-hosted cluster, the sandbox), which may take the
   * large-object functions and the `postgres` database from PUBLIC. Default: a managed service's
   * admin (CREATEROLE, CREATEDB), which owns the shared database it created and nothing more.
   */
  superuserAdmin?: boolean;
}

export async function createDbWorld(options: DbWorldOptions = {}): Promise<DbWorld> {
  const stem = `w${randomBytes(3).toString('hex')}`;
  const adminRole = `${stem}_admin`;
  const roles = [adminRole];
  const databases: TestDatabase[] = [];
  const codes: string[] = [];
  await withAdmin(async (c) => {
    await c.query(`CREATE ROLE ${c.escapeIdentifier(adminRole)} LOGIN CREATEROLE CREATEDB ${options.superuserAdmin ? 'SUPERUSER' : ''} PASSWORD ${c.escapeLiteral(PASSWORD)}`);
  });
  const shared = await createTestDatabase('shared');
  const registry = await createTestDatabase('reg');
  databases.push(shared, registry);
  // The platform team's admin created the shared database, so it owns it (and may close it to PUBLIC).
  await withAdmin((c) => c.query(`ALTER DATABASE ${c.escapeIdentifier(shared.name)} OWNER TO ${c.escapeIdentifier(adminRole)}`));
  const cluster = new URL(adminUrl());
  const urlFor = (role: string, database: string) => urlWith(cluster.toString(), database, { user: role, password: PASSWORD });
  const admin = { role: adminRole, url: urlFor(adminRole, 'postgres') };
  const base = parse(readFileSync(path.join(repoRoot, 'platform.yaml'), 'utf8')) as PlatformConfig;
  const platform: PlatformConfig = {
    ...base,
    clusters: {
      main: { host: cluster.hostname, port: Number(cluster.port), adminSecret: 'TEST_MAIN_ADMIN_URL', maxConnections: 60, database: shared.name, sslmode: 'disable' },
    },
    registry: { urlSecret: 'TENANTOPS_REGISTRY_URL' },
  };
  const env: NodeJS.ProcessEnv = {
    TEST_MAIN_ADMIN_URL: admin.url,
    TENANTOPS_REGISTRY_URL: registry.url,
    TENANTOPS_ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}`,
    USER: 'tester',
  };
  const world: DbWorld = {
    stem,
    env,
    platform,
    admin,
    shared,
    registry,
    tenant(name, database, extra = {}) {
      const code = `${stem}-${name}`;
      codes.push(code);
      return {
        code,
        name: `Tenant ${name}`,
        subdomain: code,
        providers: { lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT' },
        database,
        powerbi: { capacity: 'shared' },
        dns: { takeover: false },
        modules: ['operations'],
        superUsers: [{ email: `admin@${code}.example`, firstName: 'Ada', lastName: 'Admin' }],
        lifecycle: 'active',
        deletionPolicy: 'retain',
        ...extra,
      };
    },
    inputs(tenants, root = repoRoot) {
      const loaded: LoadedTenant[] = tenants.map((config) => ({ file: `tenants/${config.code}.yaml`, config }));
      return { root, platform, tenants: loaded, catalog: [], providers: { displayNames: {}, moduleDescriptions: {} } as never };
    },
    services(log = createMemoryLogger(), root = repoRoot) {
      return createServices({ platform, root, log, env });
    },
    async apply(tenants, options = {}) {
      const services = world.services(options.log, options.root);
      try {
        return await applyTenants(world.inputs(tenants, options.root), services, { tenant: options.tenant, only: ['db'], actor: 'test', force: options.force, planHash: options.planHash });
      } finally {
        await services.close();
      }
    },
    async customer(name, options = {}) {
      const role = `${stem}_${name}`;
      roles.push(role);
      await withAdmin((c) => c.query(`CREATE ROLE ${c.escapeIdentifier(role)} LOGIN ${options.createRole ? 'CREATEROLE' : ''} PASSWORD ${c.escapeLiteral(PASSWORD)}`));
      const db = await createTestDatabase(name.replace(/[^a-z0-9]/g, ''));
      databases.push(db);
      if (options.ownsDatabase !== false) await withAdmin((c) => c.query(`ALTER DATABASE ${c.escapeIdentifier(db.name)} OWNER TO ${c.escapeIdentifier(role)}`));
      return { role, database: db.name, url: urlFor(role, db.name) };
    },
    async customerRole(name, database = 'postgres') {
      const role = `${stem}_${name}`;
      roles.push(role);
      await withAdmin((c) => c.query(`CREATE ROLE ${c.escapeIdentifier(role)} LOGIN PASSWORD ${c.escapeLiteral(PASSWORD)}`));
      return { role, url: urlFor(role, database) };
    },
    async cleanup() {
      for (const db of databases) await db.drop();
      // A superuser admin closed the worker cluster's `postgres` database to PUBLIC: reopen it for the next tests.
      if (options.superuserAdmin) await withAdmin((c) => c.query('GRANT CONNECT, TEMPORARY ON DATABASE postgres TO PUBLIC'));
      await withAdmin(async (c) => {
        const stems = codes.map((code) => `tenant_${code.replaceAll('-', '_')}`);
        const { rows: dbs } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = ANY($1)`, [stems]);
        for (const { datname } of dbs) await c.query(`DROP DATABASE ${c.escapeIdentifier(datname)} WITH (FORCE)`);
        const { rows } = await c.query<{ rolname: string }>(
          `SELECT rolname FROM pg_roles WHERE rolname = ANY($1) OR rolname LIKE ANY($2) ORDER BY rolname DESC`,
          [roles, stems.map((s) => `${s}\\_%`)],
        );
        // Tenant roles first (the admin has memberships in their owners), the admin last.
        const names = rows.map((r) => r.rolname).sort((a, b) => Number(a === adminRole) - Number(b === adminRole));
        for (const name of names) {
          await c.query(`DROP OWNED BY ${c.escapeIdentifier(name)}`);
          await c.query(`DROP ROLE ${c.escapeIdentifier(name)}`);
        }
      });
    },
  };
  return world;
}

export { PASSWORD as CUSTOMER_PASSWORD };

/** Each named tenant's database credentials as the world's registry holds them, opened with its keyring. */
export async function readWorldCredentials(world: DbWorld, tenants: Record<string, TenantConfig>): Promise<Record<string, DbCredentials>> {
  const registry = openRegistry(world.registry.url, createMemoryLogger());
  try {
    const creds: Record<string, DbCredentials> = {};
    for (const [name, t] of Object.entries(tenants)) creds[name] = await readDbCredentials(registry, parseKeyring(world.env), t.code, createMemoryLogger());
    return creds;
  } finally {
    await registry.end();
  }
}
