// The whole-onboarding crash and fault harness, shared by test/chaos/*.test.ts (samples) and
// scripts/chaos.ts (every kill point, 100 faulted onboardings): a copy of the repository trimmed
// to one cluster and three reports (so a full onboarding is a few seconds), the sandbox booted for
// it, and `tenantops apply --tenant X` (db → powerbi → dns) as a real child process pointed at the
// sandbox through TENANTOPS_SANDBOX. A child killed after the k-th journal record of a capability
// (TENANTOPS_CHAOS_KILL_AFTER_STEP, src/registry/journal.ts) or after SQL write i
// (TENANTOPS_CHAOS_KILL_AFTER, src/db/sql.ts), an ordinary re-run, then `endState` compares the
// whole world with a clean run's. Calls nothing of vitest: scripts/chaos.ts runs it.
import { spawn } from 'node:child_process';
import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parse, stringify } from 'yaml';
import type { GodaddySnapshot, WorldSnapshot } from '@tenantops/emulators';
import { startSandbox, type Sandbox } from '../../dev/sandbox.ts';
import { CHAOS_KILL_AFTER_VARIABLE } from '../../src/db/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { CHAOS_KILL_AFTER_STEP_VARIABLE, migrateRegistry, openRegistry, REGISTRY_MIGRATIONS_DIR } from '../../src/registry/index.ts';
import type { ApplyResult } from '../../src/plan/index.ts';
import { applyTenants, createServices, loadValidInputs, SANDBOX_FILE_VARIABLE } from '../../src/run/index.ts';
import { snapshotTenant } from './db-snapshot.ts';
import { urlWith, withClient } from './pg.ts';
import { repoRoot } from './repo.ts';

/** The one cluster the trimmed platform keeps; every sweep tenant lives on it. */
export const SWEEP_CLUSTER = 'shared-eu';
/** The sweep cluster's connection budget (platform.yaml `maxConnections`). */
export const SWEEP_CLUSTER_CONNECTIONS = 48;
/** Reports of the trimmed catalog (the tenant's providers and module match exactly these). */
const REPORTS = 3;

export interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Sweep {
  dir: string;
  sandbox: Sandbox;
  /** Tenant codes the repository holds: `sweep-1` … `sweep-<tenants>`. */
  tenants: string[];
  /** `tenantops apply --tenant <code>` in a child process on the sandbox, `env` added. */
  apply(code: string, env?: NodeJS.ProcessEnv): Promise<RunOutcome>;
  /**
   * The same apply in this process (no process start-up: the re-runs and faulted onboardings),
   * back-offs and Retry-After waits shortened to at most 20 ms of real time. Throws what the run throws.
   */
  applyInProcess(code: string): Promise<ApplyResult>;
  /** Journal records (intent, done, failed) the tenant's deployments wrote so far. */
  journalSteps(code: string): Promise<number>;
  /**
   * A kill point per journal record the tenant's deployments wrote so far: the record's capability
   * (`db`, `powerbi`, `dns`, …: the resource key's first segment) and its number among that
   * capability's records, as the child counts them (src/registry/journal.ts). Taken from a clean
   * run, each is a point that run's repetition reaches, however the capabilities interleave.
   */
  journalKillPoints(code: string): Promise<KillPoint[]>;
  /** Everything the tenant has in the world, ids and timestamps normalised away. */
  endState(code: string): Promise<Record<string, unknown>>;
  /** Backends connected to the sweep cluster now, the caller's own aside. */
  clusterConnections(): Promise<number>;
  /** Back to the world before any onboarding: emulators restored, tenant databases and roles dropped, registry emptied. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The k-th journal record of one capability. */
export interface KillPoint {
  capability: string;
  k: number;
}

export const killAfterStep = (point: KillPoint): NodeJS.ProcessEnv => ({ [CHAOS_KILL_AFTER_STEP_VARIABLE]: `${point.capability}:${point.k}` });
export const killAfterWrite = (i: number): NodeJS.ProcessEnv => ({ [CHAOS_KILL_AFTER_VARIABLE]: String(i) });

/** A tenant on the sweep cluster whose providers and module match the trimmed catalog's reports. */
function tenantFile(code: string): string {
  return stringify({
    code,
    name: `Sweep ${code}`,
    subdomain: code,
    providers: { lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT' },
    database: { isolation: 'schema', cluster: SWEEP_CLUSTER },
    powerbi: { capacity: 'sandbox-a1' },
    modules: ['operations'],
    superUsers: [{ email: `admin@${code}.example`, firstName: 'Ada', lastName: 'Admin' }],
  });
}

/** The repository copy: one cluster, the first REPORTS reports of the operations module, `tenants` sweep tenants. */
async function trimmedRepository(tenants: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tenantops-sweep-'));
  for (const entry of ['templates', 'platform.yaml', 'platform.schema.json']) await cp(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
  await cp(path.join(repoRoot, 'tenants', 'tenant.schema.json'), path.join(dir, 'tenants', 'tenant.schema.json'));
  const platform = parse(await readFile(path.join(dir, 'platform.yaml'), 'utf8')) as { clusters: Record<string, unknown> };
  // A budget small enough that eight tenants applying at once would pass it if a run took more than its share.
  platform.clusters = { [SWEEP_CLUSTER]: { ...(platform.clusters[SWEEP_CLUSTER] as object), maxConnections: SWEEP_CLUSTER_CONNECTIONS } };
  await writeFile(path.join(dir, 'platform.yaml'), stringify(platform));
  const catalogFile = path.join(dir, 'templates', 'reports.yaml');
  const catalog = parse(await readFile(catalogFile, 'utf8')) as { reports: { name: string; module: string }[] };
  const personas = new Set<string>();
  const kept = catalog.reports.filter((r) => {
    const persona = r.name.replace(/ v\d+\.\d+$/, '');
    if (!r.name.startsWith('APTEM-BKSB-HUBSPOT - ') || r.module !== 'operations' || personas.has(persona) || personas.size >= REPORTS) return false;
    personas.add(persona);
    return true;
  });
  await writeFile(catalogFile, stringify({ reports: kept }));
  for (let n = 1; n <= tenants; n++) await writeFile(path.join(dir, 'tenants', `sweep-${n}.yaml`), tenantFile(`sweep-${n}`));
  await chmod(dir, 0o755); // the embedded PostgreSQL runs as the postgres user
  return dir;
}

export async function openSweep(options: { tenants?: number } = {}): Promise<Sweep> {
  const dir = await trimmedRepository(options.tenants ?? 1);
  const inputs = await loadValidInputs(dir);
  const sandbox = await startSandbox({ root: dir, workDir: path.join(dir, '.tenantops', 'sandbox'), catalog: inputs.catalog, platform: inputs.platform, tenants: inputs.tenants, log: createMemoryLogger() });
  try {
    // Child processes live on real time: a GoDaddy edit lock on a virtual clock nobody advances would never expire.
    sandbox.followRealTime();
    const registry = openRegistry(sandbox.postgres.registry, createMemoryLogger());
    await migrateRegistry(registry, { dir: path.join(dir, REGISTRY_MIGRATIONS_DIR) });
    await registry.end();
    const registryDatabase = new URL(sandbox.postgres.registry).pathname.slice(1);
    const registryTemplate = `${registryDatabase}_sweep_template`;
    await withClient(urlWith(sandbox.postgres.registry, 'postgres'), (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(registryTemplate)} TEMPLATE ${c.escapeIdentifier(registryDatabase)}`));
    const sandboxFile = path.join(dir, '.tenantops', 'sandbox.json');
    await writeFile(sandboxFile, JSON.stringify(sandbox.info, null, 2), { mode: 0o600 });
    const before = { world: sandbox.world.snapshot() as WorldSnapshot, godaddy: sandbox.godaddy?.snapshot() as GodaddySnapshot | undefined };
    const clusterUrl = sandbox.postgres.clusters[SWEEP_CLUSTER];
    const clusterDatabase = (inputs.platform.clusters[SWEEP_CLUSTER] as { database: string }).database;
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
      LANG: 'C.UTF-8',
      NODE_EXTRA_CA_CERTS: sandbox.caFile,
      [SANDBOX_FILE_VARIABLE]: sandboxFile,
    };
    const onRegistry = <T>(fn: (c: pg.Client) => Promise<T>) => withClient(sandbox.postgres.registry, fn);
    const onCluster = <T>(database: string, fn: (c: pg.Client) => Promise<T>) => withClient(urlWith(clusterUrl, database), fn);
    const zone = inputs.platform.dns.zone;

    return {
      dir,
      sandbox,
      tenants: inputs.tenants.map((t) => t.config.code),
      apply(code, extra = {}) {
        const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'tenantops.mjs'), 'apply', '--tenant', code, '--root', dir], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        return new Promise((resolve) => child.on('close', (c, s) => resolve({ code: c, signal: s, stdout, stderr })));
      },
      async applyInProcess(code) {
        const log = createMemoryLogger();
        const services = createServices({
          platform: sandbox.platform,
          root: dir,
          log,
          env: { ...sandbox.env },
          dns: sandbox.dns,
          powerbi: { ...sandbox.target.powerbi, sleep: (ms: number) => new Promise((r) => setTimeout(r, Math.min(ms, 20))) },
        });
        try {
          return await applyTenants({ ...inputs, platform: sandbox.platform }, services, { tenant: code, actor: 'chaos' });
        } finally {
          await services.close();
        }
      },
      journalSteps: (code) => onRegistry(async (c) => Number((await c.query('SELECT count(*) AS n FROM deployment_steps WHERE tenant = $1', [code])).rows[0].n)),
      async journalKillPoints(code) {
        const keys = await onRegistry(async (c) => (await c.query<{ key: string }>('SELECT resource_key AS key FROM deployment_steps WHERE tenant = $1 ORDER BY id', [code])).rows);
        const counted = new Map<string, number>();
        return keys.map(({ key }) => {
          const capability = key.split('/')[0];
          counted.set(capability, (counted.get(capability) ?? 0) + 1);
          return { capability, k: counted.get(capability)! };
        });
      },
      async endState(code) {
        const catalog = await snapshotTenant({ superUrl: clusterUrl, databases: [clusterDatabase], tenant: code });
        // The shared database grants CONNECT to each tenant's roles: the entries of other tenants are theirs, not this one's state.
        const own = `tenant_${code.replaceAll('-', '_')}_`;
        for (const db of catalog.databases as { acl: string[] }[]) db.acl = db.acl.filter((entry) => !entry.startsWith('tenant_sweep_') || entry.startsWith(own));
        return {
          catalog,
          registry: await onRegistry((c) => registryRows(c, code)),
          powerbi: worldOf(sandbox.world.snapshot() as WorldSnapshot, code),
          dns: (sandbox.godaddy?.records(zone) ?? []).filter((r) => r.name === code || r.name.endsWith(`.${code}`) || r.data?.includes?.(code))
            .map((r) => ({ name: r.name, type: r.type, data: r.data, ttl: r.ttl })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        };
      },
      clusterConnections: () => onCluster('postgres', async (c) => Number((await c.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`)).rows[0].n)),
      async reset() {
        sandbox.world.restore(before.world);
        if (before.godaddy) sandbox.godaddy!.restore(before.godaddy);
        for (const r of [sandbox.powerbi, sandbox.fabric, sandbox.godaddy]) {
          r?.clearFaults();
          r?.clearRequests();
        }
        await onCluster(clusterDatabase, async (c) => {
          const schemas = (await c.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant\\_sweep\\_%'`)).rows;
          for (const { nspname } of schemas) await c.query(`DROP SCHEMA ${c.escapeIdentifier(nspname)} CASCADE`);
        });
        await onCluster('postgres', async (c) => {
          const dbs = (await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'tenant\\_sweep\\_%'`)).rows;
          for (const { datname } of dbs) await c.query(`DROP DATABASE ${c.escapeIdentifier(datname)} WITH (FORCE)`);
        });
        const roles = await onCluster('postgres', async (c) => (await c.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE 'tenant\\_sweep\\_%'`)).rows.map((r) => r.rolname));
        if (roles.length) {
          for (const db of [clusterDatabase, 'postgres']) await onCluster(db, (c) => c.query(`DROP OWNED BY ${roles.map((r) => c.escapeIdentifier(r)).join(', ')}`));
          await onCluster('postgres', (c) => c.query(`DROP ROLE ${roles.map((r) => c.escapeIdentifier(r)).join(', ')}`));
        }
        // The registry back to its migrated, empty self: a copy of the template taken after migrating
        // (fast, and the audit log's append-only trigger is the product's, not to be worked around).
        await withClient(urlWith(sandbox.postgres.registry, 'postgres'), async (c) => {
          await c.query(`DROP DATABASE ${c.escapeIdentifier(registryDatabase)} WITH (FORCE)`);
          await c.query(`CREATE DATABASE ${c.escapeIdentifier(registryDatabase)} TEMPLATE ${c.escapeIdentifier(registryTemplate)}`);
        });
      },
      async close() {
        await sandbox.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await sandbox.stop();
    throw err;
  }
}

// Registry tables that record history (every run adds rows) rather than the tenant's state; and
// the engine's resources table, whose row for a resource appears only with the change's `done`
// record (test/support/chaos.ts explains why it is bookkeeping, not state).
const HISTORY_TABLES = new Set(['deployments', 'deployment_steps', 'audit_log', 'operation_runs', 'refresh_runs', 'capacity_assignments', 'drift_checks', 'resources']);
/** Columns that differ between two equally good runs: ids, times, sealed bytes, generated values. */
const VOLATILE_COLUMN = /(^id$|_id$|_at$|^at$|until|expires|ciphertext|nonce|envelope|sealed|token|hash|password|value|iv$|tag$)/i;

async function registryRows(c: pg.Client, code: string): Promise<Record<string, unknown[]>> {
  const columns = (await c.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ('tenant', 'code') ORDER BY table_name`,
  )).rows.filter((r) => !HISTORY_TABLES.has(r.table_name) && !(r.table_name !== 'tenants' && r.column_name === 'code'));
  const out: Record<string, unknown[]> = {};
  for (const { table_name: table, column_name: column } of columns) {
    const rows = (await c.query(`SELECT * FROM ${c.escapeIdentifier(table)} WHERE ${c.escapeIdentifier(column)} = $1`, [code])).rows;
    out[table] = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !VOLATILE_COLUMN.test(k)).map(([k, v]) => [k, v instanceof Buffer ? 'bytes' : v])))
      .map((r) => JSON.stringify(r)).sort().map((r) => JSON.parse(r));
  }
  return out;
}

/**
 * The tenant's Power BI / Fabric world by name: its profile, workspace (capacity, members), and
 * items with their types, bindings, parameters and whether credentials are set; ids become the
 * names of what they point at, so two runs that made the same things compare equal.
 */
function worldOf(world: WorldSnapshot, code: string): unknown {
  const label = new Map<string, string>();
  for (const p of world.principals) label.set(p.id.toLowerCase(), `principal:${(p as { displayName?: string }).displayName ?? '?'}`);
  for (const p of world.profiles) label.set(p.id.toLowerCase(), `profile:${p.displayName}`);
  for (const w of world.workspaces) label.set(w.id.toLowerCase(), `workspace:${w.displayName}`);
  for (const c of world.capacities) label.set(c.id.toLowerCase(), `capacity:${(c as { displayName?: string }).displayName ?? '?'}`);
  for (const g of world.gateways) label.set(g.id.toLowerCase(), `gateway:${(g as { name?: string }).name ?? '?'}`);
  for (const i of world.items) label.set(i.id.toLowerCase(), `${i.type}:${i.displayName}`);
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
  const normalise = (value: unknown, key = ''): unknown => {
    if (/credential|password|secret|privateKey/i.test(key)) return value === undefined || value === null ? value : 'present';
    // History, not state: when things happened, refresh runs, and how often a report's content was
    // uploaded (a re-run after a kill between a report's clone and its journal record uploads the
    // same content once more: one redundant call, same report).
    if (/At$|Time$|time$|refreshes|transactions|^etag$|^contentVersion$/i.test(key)) return undefined;
    // Definition parts are base64: compared as text, so a difference reads, and names inside can be compared.
    if (key === 'payload' && typeof value === 'string') return Buffer.from(value, 'base64').toString('utf8').replace(uuid, (id) => label.get(id.toLowerCase()) ?? 'unknown-id');
    if (typeof value === 'string') return value.replace(uuid, (id) => label.get(id.toLowerCase()) ?? 'unknown-id');
    if (Array.isArray(value)) return value.map((v) => normalise(v)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, k)]).filter(([, v]) => v !== undefined).sort(([a], [b]) => String(a).localeCompare(String(b))));
    }
    return value;
  };
  const name = `tenant-${code}`;
  const workspaces = world.workspaces.filter((w) => w.displayName === name);
  const ids = new Set(workspaces.map((w) => w.id));
  return normalise({
    profiles: world.profiles.filter((p) => p.displayName === name),
    workspaces,
    items: world.items.filter((i) => ids.has(i.workspaceId)),
    // Names taken by a deleted item: a duplicate made then removed would show here.
    reservedNames: world.reservedNames.filter((r) => ids.has(r.workspaceId)).map((r) => ({ ...r, until: undefined })),
  });
}

/** Counts of what must exist once: a second workspace, profile, model, report or record is a duplicate. */
export function duplicates(sweep: Sweep, code: string): string[] {
  const world = sweep.sandbox.world.snapshot() as WorldSnapshot;
  const name = `tenant-${code}`;
  const found: string[] = [];
  const profiles = world.profiles.filter((p) => p.displayName === name).length;
  if (profiles > 1) found.push(`${profiles} profiles ${name}`);
  const workspaces = world.workspaces.filter((w) => w.displayName === name);
  if (workspaces.length > 1) found.push(`${workspaces.length} workspaces ${name}`);
  const ids = new Set(workspaces.map((w) => w.id));
  const byName = new Map<string, number>();
  for (const i of world.items.filter((x) => ids.has(x.workspaceId))) byName.set(`${i.type} ${i.displayName}`, (byName.get(`${i.type} ${i.displayName}`) ?? 0) + 1);
  for (const [k, n] of byName) if (n > 1) found.push(`${n} × ${k}`);
  const records = new Map<string, number>();
  for (const r of sweep.sandbox.godaddy?.records(sweep.sandbox.platform.dns.zone) ?? []) records.set(`${r.type} ${r.name}`, (records.get(`${r.type} ${r.name}`) ?? 0) + 1);
  for (const [k, n] of records) if (n > 1 && k.includes(code) && !k.startsWith('TXT')) found.push(`${n} × record ${k}`);
  return found;
}
