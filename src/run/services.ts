// The live services a run talks to, created lazily and closed together: the registry (migrated on
// first use), each cluster's admin pool, the encryption keyring, the DNS provider, Power BI and
// Fabric. Resources reach them through the ResourceContext, each capability through its own typed
// accessor over the structural interface it declares (DbServices, PowerBiHost, the dns lookup).
import path from 'node:path';
import pg from 'pg';
import { resolveSecret, type PlatformConfig } from '../config/index.ts';
import { createPlatformDnsService, type DnsService, type DnsSettingsOverrides } from '../dns/index.ts';
import type { DbServices } from '../db/index.ts';
import { createCredential } from '../auth/index.ts';
import { EnvironmentError } from '../errors/index.ts';
import { maskUrlPassword, type Logger } from '../log/index.ts';
import { createMailer, type Mailer } from '../mail/index.ts';
import type { ContextFactory } from '../plan/index.ts';
import { createPowerBiServices, type PowerBiServices, type PowerBiServicesOptions } from '../powerbi/index.ts';
import { createRegistryRateBudget, ENCRYPTION_KEY_VARIABLE, migrateRegistry, OLD_ENCRYPTION_KEYS_VARIABLE, openRegistry, parseKeyring, REGISTRY_MIGRATIONS_DIR, type Keyring, type Pool } from '../registry/index.ts';

/**
 * Everything a run's resources reach. The database part is declared by db itself (DbServices),
 * so db does not depend on the run layer that builds its resources.
 */
export interface Services extends DbServices {
  /** The DNS provider of platform.yaml's zone, with the run's ownership and threshold bookkeeping. */
  dns(): DnsService;
  /** Power BI and Fabric: the principal of powerbi.credentialProfile, a client per tenant profile. */
  powerbi(): PowerBiServices;
  /** SMTP of platform.yaml's mail section; undefined when it has none. */
  mailer(): Mailer | undefined;
  close(): Promise<void>;
}

export interface CreateServicesOptions {
  platform: PlatformConfig;
  root: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** Where the DNS provider is reached instead of its public endpoint (the sandbox, tests). */
  dns?: DnsSettingsOverrides;
  /** Power BI / Fabric endpoints, CA, authority and pacing instead of the public ones (the sandbox, tests). */
  powerbi?: Omit<PowerBiServicesOptions, 'platform' | 'log' | 'env'>;
  /** The CA the SMTP server's (and an oauth2 sign-in's authority's) certificate chains to (the sandbox, tests). */
  mail?: { ca?: string };
}

export function createServices(options: CreateServicesOptions): Services {
  const env = options.env ?? process.env;
  const { platform, log } = options;
  let registry: Promise<Pool> | undefined;
  const clusters = new Map<string, Pool>();
  // Other databases of a cluster and byod databases, keyed `cluster\0database` / `secret\0name`.
  const databases = new Map<string, Pool>();
  let keyring: Keyring | undefined;
  let dns: DnsService | undefined;
  let powerbi: PowerBiServices | undefined;
  let mailer: Mailer | undefined;
  const services: Services = {
    platform,
    env,
    log,
    root: options.root,
    registry() {
      registry ??= (async () => {
        const url = resolveSecret(platform.registry.urlSecret, env, 'registry.urlSecret of platform.yaml');
        const pool = openRegistry(url, log);
        await migrateRegistry(pool, { dir: path.join(options.root, REGISTRY_MIGRATIONS_DIR) });
        return pool;
      })();
      return registry;
    },
    async clusterAdmin(name) {
      const cluster = platform.clusters[name];
      if (!cluster) throw new EnvironmentError(`cluster "${name}" is not defined in platform.yaml; defined: ${Object.keys(platform.clusters).join(', ')}`);
      let pool = clusters.get(name);
      if (!pool) {
        const url = resolveSecret(cluster.adminSecret, env, `clusters.${name}.adminSecret of platform.yaml`);
        maskConnectionString(url, log);
        // A fraction of the cluster's connection budget: tenants' own roles need the rest.
        pool = new pg.Pool({ connectionString: url, max: Math.max(2, Math.floor(cluster.maxConnections / 10)), application_name: 'tenantops' });
        pool.on('error', (err) => log.warn(`cluster ${name}: connection lost: ${err.message}`));
        clusters.set(name, pool);
      }
      return pool;
    },
    async clusterDatabase(name, database) {
      const admin = await services.clusterAdmin(name);
      const url = parseConnectionUrl(resolveSecret(platform.clusters[name].adminSecret, env, `clusters.${name}.adminSecret of platform.yaml`), `clusters.${name}.adminSecret`);
      if (decodeURIComponent(url.pathname.slice(1)) === database) return admin;
      const key = `${name}\0${database}`;
      let pool = databases.get(key);
      if (!pool) {
        url.pathname = `/${encodeURIComponent(database)}`;
        const budget = platform.clusters[name].maxConnections;
        // Idle connections go quickly: a fan-out touches many tenant databases once each.
        pool = new pg.Pool({ connectionString: url.toString(), max: Math.max(2, Math.floor(budget / 10)), idleTimeoutMillis: 2_000, connectionTimeoutMillis: 15_000, application_name: 'tenantops' });
        pool.on('error', (err) => log.warn(`cluster ${name}, database ${database}: connection lost: ${err.message}`));
        databases.set(key, pool);
      }
      return pool;
    },
    async releaseClusterDatabase(name, database) {
      const key = `${name}\0${database}`;
      const pool = databases.get(key);
      databases.delete(key);
      await pool?.end();
    },
    async secretPool(secret, usedBy) {
      const key = `secret\0${secret}`;
      let pool = databases.get(key);
      if (!pool) {
        const url = resolveSecret(secret, env, usedBy);
        maskConnectionString(url, log);
        // A customer's server: few connections, and a prompt answer when it cannot be reached.
        pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 2_000, application_name: 'tenantops' });
        pool.on('error', (err) => log.warn(`database of ${secret}: connection lost: ${err.message}`));
        databases.set(key, pool);
      }
      return pool;
    },
    keyring() {
      if (!keyring) {
        keyring = parseKeyring(env);
        // The key material, as its variables hold it and as the keyring holds it.
        for (const name of [ENCRYPTION_KEY_VARIABLE, OLD_ENCRYPTION_KEYS_VARIABLE]) for (const item of (env[name] ?? '').split(',')) if (item.trim()) log.mask(item.trim());
        for (const key of keyring.keys.values()) log.mask(key.key.toString('base64'));
      }
      return keyring;
    },
    dns() {
      dns ??= createPlatformDnsService({ platform, env, log, overrides: options.dns });
      return dns;
    },
    powerbi() {
      // An identity's budget is shared by every process calling as it: kept in the registry when
      // this run has one (an offline-capable read such as a plan without registry stays in memory).
      const rateBudget = options.powerbi?.rateBudget ?? (platform.registry?.urlSecret && env[platform.registry.urlSecret] ? createRegistryRateBudget(() => services.registry()) : undefined);
      powerbi ??= createPowerBiServices({ ...options.powerbi, rateBudget, platform, log, env });
      return powerbi;
    },
    mailer() {
      const config = platform.mail;
      if (!config) return undefined;
      if (!mailer) {
        const ca = options.mail?.ca;
        const auth = config.auth;
        const credential = auth.type === 'oauth2' ? createCredential(auth.credentialProfile, platform.credentialProfiles[auth.credentialProfile], { env, log, ca }) : undefined;
        mailer = createMailer({ config, env, log, ca, credential });
      }
      return mailer;
    },
    async close() {
      mailer?.close();
      mailer = undefined;
      await powerbi?.close();
      powerbi = undefined;
      const pools = [...clusters.values(), ...databases.values()];
      clusters.clear();
      databases.clear();
      if (registry) pools.push(await registry.catch(() => undefined as never));
      registry = undefined;
      await Promise.all(pools.filter(Boolean).map((p) => p.end()));
    },
  };
  return services;
}

function parseConnectionUrl(value: string, what: string): URL {
  try {
    return new URL(value);
  } catch {
    // Never echo the value: it carries a password.
    throw new EnvironmentError(`${what} must hold a connection URL (postgres://user:password@host:port/database)`);
  }
}

/** Masks the password of a connection string the moment it is read. */
export function maskConnectionString(url: string, log: Logger): void {
  // Not a URL (a key=value string): mask it whole.
  if (!maskUrlPassword(url, log)) log.mask(url);
}

/** Each tenant's ResourceContext carries the run's services under `tenantops`. */
export function contextFactory(services: Services): ContextFactory {
  return (tenant, { force }) => ({ tenant, allowDestroy: force, log: services.log, services: { tenantops: services } });
}
