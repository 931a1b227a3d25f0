// The connection to the registry database: one pg Pool per process, named in pg_stat_activity so
// an operator can tell tenantops sessions (and who holds a tenant lock) from others.

import pg from 'pg';
import { EnvironmentError } from '../errors/index.ts';
import { maskUrlPassword, type Logger } from '../log/index.ts';
import type { Pool } from '../pg/index.ts';

export const REGISTRY_URL_VARIABLE = 'TENANTOPS_REGISTRY_URL';

/** The registry's connection string from the environment; missing → an environment error (exit 2). */
export function registryUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const url = env[REGISTRY_URL_VARIABLE];
  if (!url) throw new EnvironmentError(`${REGISTRY_URL_VARIABLE} is not set: it must hold the registry database's connection string`);
  return url;
}

export interface OpenRegistryOptions {
  /** Shown in pg_stat_activity. Default `tenantops`. */
  applicationName?: string;
  /** Pool size. Default 10. */
  max?: number;
}

export function openRegistry(url: string, log: Logger, options: OpenRegistryOptions = {}): Pool {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Never echo the value: it may carry a password.
    throw new EnvironmentError(`the registry connection string is not a valid URL (postgres://user:password@host:port/database)`);
  }
  maskUrlPassword(url, log);
  const pool = new pg.Pool({
    connectionString: url,
    application_name: options.applicationName ?? 'tenantops',
    max: options.max ?? 10,
    connectionTimeoutMillis: 15_000,
    idleTimeoutMillis: 10_000,
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, that would crash
  // the process. The next query gets a fresh connection.
  pool.on('error', (err) => log.warn(`registry connection lost: ${err.message}`));
  log.debug(`registry: ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`);
  return pool;
}
