// The live services a run talks to, created lazily and closed together: the registry (migrated on
// first use), each cluster's admin pool, the encryption keyring. Capabilities reach them through
// the ResourceContext (`servicesOf(ctx)`); later capabilities add their clients here.
import pg from 'pg';
import { resolveSecret, type PlatformConfig } from '../config/index.ts';
import { EnvironmentError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import type { ResourceContext } from '../plan/index.ts';
import { migrateRegistry, openRegistry, parseKeyring, type Keyring, type Pool } from '../registry/index.ts';

export interface Services {
  readonly platform: PlatformConfig;
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  /** Repository root: where templates/ is read from. */
  readonly root: string;
  /** The registry pool, its migrations applied. */
  registry(): Promise<Pool>;
  /** An admin pool on a cluster of platform.yaml (its `adminSecret`), at most `max` connections. */
  clusterAdmin(cluster: string): Promise<Pool>;
  keyring(): Keyring;
  close(): Promise<void>;
}

export interface CreateServicesOptions {
  platform: PlatformConfig;
  root: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
}

export function createServices(options: CreateServicesOptions): Services {
  const env = options.env ?? process.env;
  const { platform, log } = options;
  let registry: Promise<Pool> | undefined;
  const clusters = new Map<string, Pool>();
  let keyring: Keyring | undefined;
  return {
    platform,
    env,
    log,
    root: options.root,
    registry() {
      registry ??= (async () => {
        const url = resolveSecret(platform.registry.urlSecret, env, 'registry.urlSecret of platform.yaml');
        const pool = openRegistry(url, log);
        await migrateRegistry(pool);
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
    keyring() {
      keyring ??= parseKeyring(env);
      return keyring;
    },
    async close() {
      const pools = [...clusters.values()];
      clusters.clear();
      if (registry) pools.push(await registry.catch(() => undefined as never));
      registry = undefined;
      await Promise.all(pools.filter(Boolean).map((p) => p.end()));
    },
  };
}

/** Masks the password of a connection string the moment it is read. */
export function maskConnectionString(url: string, log: Logger): void {
  try {
    const password = new URL(url).password;
    if (password) log.mask(decodeURIComponent(password));
  } catch {
    // Not a URL (a key=value string): mask it whole.
    log.mask(url);
  }
}

/** The Services a resource runs with. */
export function servicesOf(ctx: ResourceContext): Services {
  const services = ctx.services.tenantops as Services | undefined;
  if (!services) throw new EnvironmentError(`resource of tenant ${ctx.tenant} needs live services, but the run is offline`);
  return services;
}
