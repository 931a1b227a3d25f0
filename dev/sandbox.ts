// Boots the sandbox: TLS material, the emulated Entra ID, embedded PostgreSQL for the registry,
// every cluster of platform.yaml and every BYOD customer, and the environment (secrets included)
// the pipeline runs with. Everything listens on loopback; everything stops with `stop()`.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import {
  createTlsMaterial, createVirtualClock, createWorld, EmulatorSetupError, startEmbeddedPostgres, startEntra, startFabric, startGodaddy, startPowerBi,
  type EmbeddedPostgres, type EntraEmulator, type FabricEmulator, type GodaddyEmulator, type LatencySetting, type PowerBiEmulator, type TlsMaterial,
  type World,
} from '@tenantops/emulators';
import type { TemplateReport } from '../src/catalog/index.ts';
import type { LoadedTenant, PlatformConfig } from '../src/config/index.ts';
import { EnvironmentError } from '../src/errors/index.ts';
import type { Logger } from '../src/log/index.ts';
import { deriveNames } from '../src/naming/index.ts';
import { seedWorld, type SeedResult } from './seed.ts';
import { byodTenants, MARKER_COLUMNS, sandboxPlatform, throwawayEncryptionKey, throwawaySecret, type ClusterServer } from './world-config.ts';

export interface SandboxOptions {
  /** The repository: templates/ is read from it. */
  root: string;
  /** Where state lives (git-ignored): `.tenantops/sandbox` under the repository. */
  workDir: string;
  /** The report catalog: the template workspace is seeded with it. */
  catalog: readonly TemplateReport[];
  platform: PlatformConfig;
  tenants: readonly LoadedTenant[];
  log: Logger;
  /** `instant` (default) or `realistic` latencies for the Power BI and Fabric emulators. */
  latency?: LatencySetting;
}

export interface SandboxIdentity {
  name: string;
  clientId: string;
  clientSecret: string;
}

export interface Sandbox {
  tls: TlsMaterial;
  caFile: string;
  entra: EntraEmulator;
  /** The Microsoft world the Power BI and Fabric emulators share. */
  world: World;
  powerbi: PowerBiEmulator;
  fabric: FabricEmulator;
  /** The platform's DNS zone on the GoDaddy emulator (when platform.yaml's provider is godaddy). */
  godaddy?: GodaddyEmulator & { key: string; secret: string };
  /**
   * How the pipeline reaches the zone: the emulator's URL and CA, and the clock it shares with
   * the emulator, so GoDaddy's pacing and 409 edit locks cost no real time in a rehearsal.
   */
  dns?: { apiUrl: string; ca: string; now: () => number; sleep: (ms: number, signal?: AbortSignal) => Promise<void> };
  seed: SeedResult;
  /** platform.yaml pointed at the sandbox. */
  platform: PlatformConfig;
  /** Environment for the pipeline: every secret platform.yaml and the tenant files name. */
  env: Record<string, string>;
  identities: SandboxIdentity[];
  postgres: { registry: string; clusters: Record<string, string>; byod: Record<string, string> };
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { platform, log } = options;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err: Error) => log.warn(`sandbox: ${err.message}`));
    stops.length = 0;
  };
  try {
    await mkdir(options.workDir, { recursive: true });
    const caFile = path.join(options.workDir, 'ca.pem');
    const tls = await createTlsMaterial({ caFile });

    // One app registration per credential profile, each with a throwaway secret.
    const tenantId = randomUUID();
    const identities: SandboxIdentity[] = Object.entries(platform.credentialProfiles).map(([name, profile]) => ({
      name,
      clientId: profile.clientId,
      clientSecret: throwawaySecret(),
    }));
    const apps = identities.map((i) => ({ clientId: i.clientId, secret: i.clientSecret, objectId: randomUUID(), displayName: `tenantops ${i.name}` }));
    const entra = await startEntra({ tls, tenantId, apps });
    stops.push(() => entra.stop());
    log.info(`sandbox: Entra ID at ${entra.authorityHost}`);

    const world = createWorld();
    const verifyToken = (authorization: string | undefined, o: { audience: string | string[]; now?: number }) => entra.verifyAccessToken(authorization, o);
    const powerbi = await startPowerBi({ world, tls, verifyToken, latency: options.latency, markerColumns: MARKER_COLUMNS });
    stops.push(() => powerbi.stop());
    // The same workspaces and items, seen through the Fabric API.
    const fabric = await startFabric({ world, tls, verifyToken, latency: options.latency });
    stops.push(() => fabric.stop());
    const deployer = apps.find((a) => a.clientId === platform.credentialProfiles[platform.powerbi.credentialProfile]?.clientId) ?? apps[0];
    const seed = await seedWorld(world, { root: options.root, platform, deployer, catalog: options.catalog });
    log.info(`sandbox: Power BI at ${powerbi.url}, Fabric at ${fabric.url}; template workspace "${platform.powerbi.templateWorkspace}" with ${seed.reports} reports and the template model`);

    // The platform's DNS zone, on GoDaddy as the reference design had it.
    let godaddy: Sandbox['godaddy'];
    let dns: Sandbox['dns'];
    if (platform.dns.provider === 'godaddy') {
      const clock = createVirtualClock(Date.now());
      const credential = { key: throwawaySecret(12), secret: throwawaySecret(12) };
      const emulator = await startGodaddy({ tls, clock, credentials: [credential], domains: { [platform.dns.zone]: {} } });
      stops.push(() => emulator.stop());
      godaddy = Object.assign(emulator, credential);
      dns = { apiUrl: emulator.url, ca: tls.caPem, now: () => clock.now(), sleep: (ms, signal) => clock.sleep(ms, signal) };
      log.info(`sandbox: GoDaddy at ${emulator.url} serving ${platform.dns.zone}`);
    }

    // PostgreSQL: the registry, each cluster of platform.yaml, each BYOD customer's own server.
    const pgDir = path.join(options.workDir, 'postgres');
    const startPg = async (name: string) => {
      const server = await startEmbeddedPostgres({ dataDir: path.join(pgDir, name), log });
      stops.push(() => server.stop());
      // The emulated services start empty every run, so the databases do too: a rehearsal never
      // meets a registry that remembers workspaces the new world has never seen.
      await resetServer(server);
      return server;
    };
    const registry = await startPg('registry');
    const registryUrl = await createDatabase(registry, 'tenantops_registry');
    const clusters: Record<string, ClusterServer> = {};
    for (const [name, cluster] of Object.entries(platform.clusters)) {
      const server = await startPg(`cluster-${name}`);
      if (cluster.database) await createDatabase(server, cluster.database);
      clusters[name] = { host: server.host, port: server.port, url: server.url };
    }
    const byod: Record<string, string> = {};
    for (const tenant of byodTenants(options.tenants)) {
      const server = await startPg(`byod-${tenant.config.code}`);
      byod[tenant.config.code] = await createCustomerDatabase(server, tenant.config.code);
    }
    log.info(`sandbox: PostgreSQL for the registry, ${Object.keys(clusters).length} cluster(s) and ${Object.keys(byod).length} BYOD customer(s)`);

    const env: Record<string, string> = {
      [platform.registry.urlSecret]: registryUrl,
      TENANTOPS_ENCRYPTION_KEY: throwawayEncryptionKey(),
    };
    for (const [name, cluster] of Object.entries(platform.clusters)) env[cluster.adminSecret] = clusters[name].url;
    for (const [name, profile] of Object.entries(platform.credentialProfiles)) {
      if (profile.clientSecretSecret) env[profile.clientSecretSecret] = identities.find((i) => i.name === name)!.clientSecret;
    }
    for (const tenant of byodTenants(options.tenants)) env[tenant.config.database.connectionSecret!] = byod[tenant.config.code];
    const dnsSecrets = platform.dns.credentials ?? {};
    if (godaddy && dnsSecrets.apiKeySecret) env[dnsSecrets.apiKeySecret] = godaddy.key;
    if (godaddy && dnsSecrets.apiSecretSecret) env[dnsSecrets.apiSecretSecret] = godaddy.secret;

    return {
      tls,
      caFile,
      entra,
      world,
      powerbi,
      fabric,
      godaddy,
      dns,
      seed,
      platform: sandboxPlatform(platform, clusters, { authorityHost: entra.authorityHost, tenantId }),
      env,
      identities,
      postgres: { registry: registryUrl, clusters: Object.fromEntries(Object.entries(clusters).map(([n, c]) => [n, c.url])), byod },
      stop,
    };
  } catch (err) {
    await stop();
    // A machine that cannot host the sandbox is the user's environment to fix (exit code 2).
    throw err instanceof EmulatorSetupError ? new EnvironmentError(err.message) : err;
  }
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
async function createCustomerDatabase(server: EmbeddedPostgres, code: string): Promise<string> {
  const database = `${deriveNames(code).database}_customer`;
  const role = 'customer_admin';
  const password = throwawaySecret();
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
