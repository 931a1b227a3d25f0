// Crash-convergence harness, shared by test/db/chaos.test.ts (a seeded sample of kill points) and
// scripts/chaos.ts (every kill point): a repository on disk with one tenant per isolation mode, a
// clean apply to learn the number of writes N and the end state, then for a kill point i: a real
// `tenantops apply` child process that SIGKILLs itself after its i-th write
// (TENANTOPS_CHAOS_KILL_AFTER, see src/db/sql.ts), an ordinary re-run, and a comparison of the
// catalogs and registry rows with the clean run's. Calls nothing of vitest: scripts/chaos.ts runs it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { parse, stringify } from 'yaml';
import { CHAOS_KILL_AFTER_VARIABLE, writeCount } from '../../src/db/index.ts';
import { createPrng } from '../../src/random/index.ts';
import { cli as runCliIn } from './cli.ts';
import { snapshotTenant, type Snapshot } from './db-snapshot.ts';
import { urlWith, withClient } from './pg.ts';
import { repoRoot } from './repo.ts';

export const MODES = ['schema', 'database', 'byod'] as const;
export type Mode = (typeof MODES)[number];

export interface ChaosHarness {
  /** The repository on disk (tenants/, platform.yaml, templates/) and the environment runs get. */
  root: string;
  env: NodeJS.ProcessEnv;
  code(mode: Mode): string;
  /** Runs the CLI in-process with the harness's environment (plus `env`). */
  cli(argv: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }>;
  /** An in-process apply of the mode's tenant; returns how many writes it made. */
  apply(mode: Mode): Promise<number>;
  /**
   * The clean run whose writes are the kill points: an apply and a teardown first, since the first
   * apply on a fresh cluster also makes its one-time writes (the shared database's revokes from
   * PUBLIC), which teardown keeps; counted from where every killed run starts, the last points are
   * all reached. Returns the writes of the second apply, whose end state is then in place.
   */
  cleanApply(mode: Mode): Promise<number>;
  /** `tenantops apply` in a child process killed after its i-th write; false when it finished first. */
  applyKilledAfter(mode: Mode, i: number): Promise<boolean>;
  /** The tenant's catalogs and registry rows (the engine's resource journal aside, see below). */
  snapshot(mode: Mode): Promise<Snapshot>;
  /** Removes everything of the mode's tenant, so the next trial starts from nothing. */
  teardown(mode: Mode): Promise<void>;
  close(): Promise<void>;
}

const PASSWORD = 'synthetic-chaos-password';

export async function createChaosHarness(superUrl: string): Promise<ChaosHarness> {
  const stem = `c${randomBytes(3).toString('hex')}`;
  const names = { admin: `${stem}_admin`, customer: `${stem}_cust`, shared: `${stem}_shared`, registry: `${stem}_registry`, customerDb: `${stem}_custdb` };
  const url = (user: string, password: string, database: string) => urlWith(superUrl, database, { user, password });
  await asSuperuser(superUrl, 'postgres', async (c) => {
    const id = (n: string) => c.escapeIdentifier(n);
    await c.query(`CREATE ROLE ${id(names.admin)} LOGIN CREATEROLE CREATEDB PASSWORD ${c.escapeLiteral(PASSWORD)}`);
    await c.query(`CREATE ROLE ${id(names.customer)} LOGIN CREATEROLE PASSWORD ${c.escapeLiteral(PASSWORD)}`);
    // The platform team's admin created the shared database, so it owns it (and may close it to PUBLIC).
    await c.query(`CREATE DATABASE ${id(names.shared)} OWNER ${id(names.admin)} TEMPLATE template0`);
    await c.query(`CREATE DATABASE ${id(names.registry)} TEMPLATE template0`);
    await c.query(`CREATE DATABASE ${id(names.customerDb)} OWNER ${id(names.customer)} TEMPLATE template0`);
  });
  const root = await mkdtemp(path.join(tmpdir(), 'tenantops-chaos-'));
  await cp(path.join(repoRoot, 'templates'), path.join(root, 'templates'), { recursive: true });
  await cp(path.join(repoRoot, 'platform.schema.json'), path.join(root, 'platform.schema.json'));
  await mkdir(path.join(root, 'tenants'));
  const platform = parse(await readFile(path.join(repoRoot, 'platform.yaml'), 'utf8')) as Record<string, unknown>;
  const server = new URL(superUrl);
  platform.clusters = { main: { host: server.hostname, port: Number(server.port), adminSecret: 'CHAOS_ADMIN_URL', maxConnections: 60, database: names.shared, sslmode: 'disable' } };
  await writeFile(path.join(root, 'platform.yaml'), stringify(platform));
  const code = (mode: Mode) => `${stem}-${mode}`;
  for (const mode of MODES) {
    const database = mode === 'byod' ? { isolation: 'byod', connectionSecret: 'CHAOS_CUSTOMER_URL' } : { isolation: mode, cluster: 'main' };
    const tenant = {
      code: code(mode),
      name: `Chaos ${mode}`,
      subdomain: code(mode),
      providers: { lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT' },
      database,
      powerbi: { capacity: 'shared' },
      modules: ['operations'],
      superUsers: [{ email: `admin@${code(mode)}.example`, firstName: 'Ada', lastName: 'Admin' }],
    };
    await writeFile(path.join(root, 'tenants', `${code(mode)}.yaml`), stringify(tenant));
  }
  const env: NodeJS.ProcessEnv = {
    CHAOS_ADMIN_URL: url(names.admin, PASSWORD, 'postgres'),
    CHAOS_CUSTOMER_URL: url(names.customer, PASSWORD, names.customerDb),
    TENANTOPS_REGISTRY_URL: url(new URL(superUrl).username, decodeURIComponent(new URL(superUrl).password), names.registry),
    TENANTOPS_ENCRYPTION_KEY: `chaos:${randomBytes(32).toString('base64')}`,
    USER: 'chaos',
  };
  const argv = (mode: Mode) => ['apply', '--tenant', code(mode), '--only', 'db', '--root', root];

  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCliIn(args, root, { ...env, ...extra });

  const harness: ChaosHarness = {
    root,
    env,
    code,
    cli,
    async apply(mode) {
      const before = writeCount();
      const run = await cli(argv(mode));
      if (run.code !== 0) throw new Error(`apply of ${code(mode)} exited ${run.code}: ${run.stderr.slice(-2000)}`);
      return writeCount() - before;
    },
    async cleanApply(mode) {
      await harness.apply(mode);
      await harness.teardown(mode);
      return harness.apply(mode);
    },
    async applyKilledAfter(mode, i) {
      const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'tenantops.mjs'), ...argv(mode)], {
        env: { ...env, PATH: process.env.PATH, [CHAOS_KILL_AFTER_VARIABLE]: String(i) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
      if (signal === 'SIGKILL') return true;
      if (exitCode !== 0) throw new Error(`killed-run child for ${code(mode)} (kill after ${i}) exited ${exitCode}: ${stderr.slice(-2000)}`);
      return false;
    },
    async snapshot(mode) {
      const snap = await snapshotTenant({ superUrl, databases: [names.shared, names.customerDb], registryDatabase: names.registry, tenant: code(mode) });
      // The engine's resources table records a resource when its apply is journaled done; a run
      // killed after the change but before that record leaves the next run nothing to apply, so
      // the row appears only with the resource's next change. It is bookkeeping, not state: out.
      const registry = snap.registry as Record<string, unknown>;
      return { ...snap, registry: { ...registry, resources: undefined } };
    },
    async teardown(mode) {
      const stemName = `tenant_${code(mode).replaceAll('-', '_')}`;
      await asSuperuser(superUrl, 'postgres', (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(stemName)} WITH (FORCE)`));
      for (const db of [names.shared, names.customerDb]) {
        await asSuperuser(superUrl, db, (c) => c.query(`DROP SCHEMA IF EXISTS ${c.escapeIdentifier(stemName)} CASCADE`));
      }
      await dropRoles(superUrl, [names.shared, names.customerDb, 'postgres'], `${stemName}\\_%`);
      await asSuperuser(superUrl, names.registry, async (c) => {
        for (const table of ['data_stores', 'secrets', 'resources']) await c.query(`DELETE FROM ${table} WHERE tenant = $1`, [code(mode)]);
      });
    },
    async close() {
      await asSuperuser(superUrl, 'postgres', async (c) => {
        for (const mode of MODES) await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(`tenant_${code(mode).replaceAll('-', '_')}`)} WITH (FORCE)`);
        for (const db of [names.shared, names.registry, names.customerDb]) await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(db)} WITH (FORCE)`);
      });
      await dropRoles(superUrl, ['postgres'], `${stem}\\_%`);
      await dropRoles(superUrl, ['postgres'], `tenant\\_${stem}\\_%`);
      await rm(root, { recursive: true, force: true });
    },
  };
  return harness;
}

async function dropRoles(superUrl: string, databases: string[], like: string): Promise<void> {
  const roles = await asSuperuser(superUrl, 'postgres', async (c) => (await c.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE $1`, [like])).rows.map((r) => r.rolname));
  if (!roles.length) return;
  for (const db of databases) {
    await asSuperuser(superUrl, db, (c) => c.query(`DROP OWNED BY ${roles.map((r) => c.escapeIdentifier(r)).join(', ')}`));
  }
  await asSuperuser(superUrl, 'postgres', (c) => c.query(`DROP ROLE ${roles.map((r) => c.escapeIdentifier(r)).join(', ')}`));
}

function asSuperuser<T>(superUrl: string, database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return withClient(urlWith(superUrl, database), fn);
}

/** A seed names the sample of kill points. */
export const seededRandom = createPrng;
