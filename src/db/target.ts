// Where one tenant's store is reached in this run: opened by its isolation strategy once per run and
// tenant (the plan's reads, apply's re-read under the lock and apply share it), and the helpers the
// strategies open it with.
import type { Pool } from '../pg/index.ts';
import type { DbServices } from './services.ts';
import { PURPOSES, type DbSpec, type DbTarget, type Purpose } from './types.ts';

export type { DbTarget } from './types.ts';

export { MIN_SERVER_VERSION } from './postgres-versions.ts';

const targets = new WeakMap<DbServices, Map<string, Promise<DbTarget>>>();

export function targetFor(services: DbServices, spec: DbSpec): Promise<DbTarget> {
  let byTenant = targets.get(services);
  if (!byTenant) targets.set(services, (byTenant = new Map()));
  let target = byTenant.get(spec.tenant);
  if (!target) {
    target = spec.strategy.open(services, spec);
    byTenant.set(spec.tenant, target);
    // A failed check is not remembered: the next run (or a test fixing the cause) tries again.
    target.catch(() => byTenant.delete(spec.tenant));
  }
  return target;
}

export interface ServerInfo {
  user: string;
  database: string;
  version: number;
  superuser: boolean;
  createRole: boolean;
}

/** Who tenantops is on the server, and what the server is. */
export async function serverInfo(pool: Pool): Promise<ServerInfo> {
  const { rows } = await pool.query<ServerInfo>(
    `SELECT current_user AS "user", current_database() AS database, current_setting('server_version_num')::int AS version,
            r.rolsuper AS superuser, r.rolcreaterole AS "createRole"
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  return rows[0];
}

export function labeller(spec: DbSpec, roles: Record<Purpose, string>): (role: string) => string {
  const byName = new Map<string, string>();
  // Reverse order so that, when the app role is the owner (byod without CREATEROLE), the owner's label wins.
  for (const purpose of [...PURPOSES].reverse()) byName.set(roles[purpose], spec.labels[purpose]);
  return (role) => byName.get(role) ?? role;
}

/** host:port/database as user, from a connection string, without its password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}${u.username ? ` as ${decodeURIComponent(u.username)}` : ''}`;
  } catch {
    return 'a connection string that is not a URL';
  }
}

/** A connection string for `role` to the tenant's database, from the run's own. */
export function roleUrl(target: DbTarget, role: string, password: string): string {
  const url = new URL(target.baseUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  url.pathname = `/${encodeURIComponent(target.databaseName)}`;
  return url.toString();
}
