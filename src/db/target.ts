// Where one tenant's store is reached in this run: the pools, the server's version, the admin's own
// role and, for byod, the checks that the customer's database can host the tenant at all. Made once
// per run and tenant (the plan's reads, apply's re-read under the lock and apply share it).
import { resolveSecret } from '../config/index.ts';
import { EnvironmentError } from '../errors/index.ts';
import type { Pool } from '../registry/index.ts';
import type { DbServices } from './services.ts';
import { type DbSpec, type Purpose, PURPOSES } from './spec.ts';
import { describePgError, ident } from './sql.ts';

/** The oldest server tenantops provisions on: 14 has the SQL-standard function bodies the migrations use. */
export const MIN_SERVER_VERSION = 140000;

export interface DbTarget {
  spec: DbSpec;
  services: DbServices;
  /** Where cluster-wide objects (roles, databases) are managed. */
  cluster: Pool;
  /** The database holding the tenant's schema; undefined while it does not exist (database isolation). */
  data(): Promise<Pool | undefined>;
  /** Role names by purpose, as the server knows them (byod: the customer's, discovered). */
  roles: Record<Purpose, string>;
  /** The name of the database holding the schema, as the server knows it. */
  databaseName: string;
  host: string;
  port: number;
  serverVersion: number;
  /** The role tenantops connects as, and whether it is a superuser. */
  currentUser: string;
  superuser: boolean;
  /** The connection string tenantops uses (a secret: never logged), to build role logins from. */
  baseUrl: string;
  /** A role's name as plans show it: the spec's label for the tenant's roles, the name otherwise. */
  label(role: string): string;
}

const targets = new WeakMap<DbServices, Map<string, Promise<DbTarget>>>();

export function targetFor(services: DbServices, spec: DbSpec): Promise<DbTarget> {
  let byTenant = targets.get(services);
  if (!byTenant) targets.set(services, (byTenant = new Map()));
  let target = byTenant.get(spec.tenant);
  if (!target) {
    target = openTarget(services, spec);
    byTenant.set(spec.tenant, target);
    // A failed check is not remembered: the next run (or a test fixing the cause) tries again.
    target.catch(() => byTenant.delete(spec.tenant));
  }
  return target;
}

async function openTarget(services: DbServices, spec: DbSpec): Promise<DbTarget> {
  if (spec.isolation === 'byod') return openByod(services, spec);
  const name = spec.clusterName!;
  const config = services.platform.clusters[name];
  if (!config) {
    const defined = Object.keys(services.platform.clusters).join(', ') || 'none';
    throw new EnvironmentError(`tenant ${spec.tenant}: database.cluster "${name}" is not defined in platform.yaml; defined: ${defined}`);
  }
  const baseUrl = resolveSecret(config.adminSecret, services.env, `clusters.${name}.adminSecret of platform.yaml`);
  // Schema isolation does everything in the shared database; database isolation manages roles and
  // databases from the admin database and the schema inside the tenant's own.
  const cluster = spec.isolation === 'schema' ? await services.clusterDatabase(name, spec.database) : await services.clusterAdmin(name);
  const info = await serverInfo(cluster).catch((err: unknown) => {
    throw new EnvironmentError(`tenant ${spec.tenant}: cannot reach cluster ${name} (${config.host}:${config.port}, database ${spec.isolation === 'schema' ? spec.database : 'of its admin connection'}): ${describePgError(err)}`);
  });
  const data = async () => {
    if (spec.isolation === 'schema') return cluster;
    const { rows } = await cluster.query('SELECT 1 FROM pg_database WHERE datname = $1', [spec.database]);
    return rows.length ? services.clusterDatabase(name, spec.database) : undefined;
  };
  return {
    spec,
    services,
    cluster,
    data,
    roles: { ...spec.roles },
    databaseName: spec.database,
    host: config.host,
    port: config.port,
    serverVersion: info.version,
    currentUser: info.user,
    superuser: info.superuser,
    baseUrl,
    label: labeller(spec, spec.roles),
  };
}

interface ServerInfo {
  user: string;
  database: string;
  version: number;
  superuser: boolean;
  createRole: boolean;
}

async function serverInfo(pool: Pool): Promise<ServerInfo> {
  const { rows } = await pool.query<ServerInfo>(
    `SELECT current_user AS "user", current_database() AS database, current_setting('server_version_num')::int AS version,
            r.rolsuper AS superuser, r.rolcreaterole AS "createRole"
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  return rows[0];
}

/**
 * The customer's database: reachable, new enough, and its role allowed to create the tenant's schema
 * and (unless the tenant brings its own BI role) the app and BI roles. Every shortfall is named in
 * one message, with the statement that would fix it; nothing is changed there before it passes.
 */
async function openByod(services: DbServices, spec: DbSpec): Promise<DbTarget> {
  const secret = spec.connectionSecret!;
  const file = `tenants/${spec.tenant}.yaml`;
  const baseUrl = resolveSecret(secret, services.env, `database.connectionSecret of ${file}`);
  const where = describeUrl(baseUrl);
  const pool = await services.secretPool(secret, `database.connectionSecret of ${file}`);
  const info = await serverInfo(pool).catch((err: unknown) => {
    throw new EnvironmentError(
      `tenant ${spec.tenant}: cannot connect to its byod database (secret ${secret}: ${where}): ${describePgError(err)}; check the connection string and that the server accepts connections from this runner. Nothing was changed.`,
    );
  });
  const missing: string[] = [];
  if (info.version < MIN_SERVER_VERSION) {
    missing.push(`PostgreSQL ${MIN_SERVER_VERSION / 10000} or later (the server runs ${Math.floor(info.version / 10000)}.${info.version % 100})`);
  }
  const { rows } = await pool.query<{ canCreate: boolean; schemaOwner: string | null; ownsSchema: boolean }>(
    `SELECT has_database_privilege(current_database(), 'CREATE') AS "canCreate",
            (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1) AS "schemaOwner",
            coalesce((SELECT pg_has_role(current_user, nspowner, 'USAGE') FROM pg_namespace WHERE nspname = $1), false) AS "ownsSchema"`,
    [spec.schema],
  );
  const found = rows[0];
  if (found.schemaOwner !== null && !found.ownsSchema) {
    missing.push(`ownership of the existing schema ${spec.schema} (it belongs to "${found.schemaOwner}")`);
  } else if (found.schemaOwner === null && !found.canCreate) {
    missing.push(`CREATE on database "${info.database}" to create schema ${spec.schema} (GRANT CREATE ON DATABASE ${ident(info.database)} TO ${ident(info.user)})`);
  }
  const roles: Record<Purpose, string> = { ...spec.roles, owner: info.user };
  if (spec.managed.app && !info.createRole && !info.superuser) {
    missing.push(
      `CREATEROLE to create the app and BI roles (ALTER ROLE ${ident(info.user)} CREATEROLE), or database.biConnectionSecret in ${file} naming a secret that holds a read-only BI role's connection string`,
    );
  }
  if (!spec.managed.app) {
    roles.app = info.user;
    roles.bi = await discoverBiRole(services, spec, info.user, missing);
  }
  if (missing.length) {
    throw new EnvironmentError(
      `tenant ${spec.tenant}: its byod database (secret ${secret}: ${where}, role "${info.user}") lacks what tenantops needs: ${missing.join('; ')}. Nothing was changed.`,
    );
  }
  const url = new URL(baseUrl);
  return {
    spec,
    services,
    cluster: pool,
    data: async () => pool,
    roles,
    databaseName: info.database,
    host: url.hostname,
    port: Number(url.port || 5432),
    serverVersion: info.version,
    currentUser: info.user,
    superuser: info.superuser,
    baseUrl,
    label: labeller(spec, roles),
  };
}

async function discoverBiRole(services: DbServices, spec: DbSpec, owner: string, missing: string[]): Promise<string> {
  const secret = spec.biConnectionSecret!;
  const pool = await services.secretPool(secret, `database.biConnectionSecret of tenants/${spec.tenant}.yaml`);
  try {
    const { rows } = await pool.query<{ user: string }>('SELECT current_user AS "user"');
    const user = rows[0].user;
    if (user === owner) missing.push(`a BI role other than "${owner}" in ${secret} (the BI role must be read-only, so it cannot be the role that owns the schema)`);
    return user;
  } catch (err) {
    missing.push(`a working BI connection in ${secret} (${describeUrl(resolveSecret(secret, services.env))}: ${describePgError(err)})`);
    return spec.roles.bi;
  }
}

function labeller(spec: DbSpec, roles: Record<Purpose, string>): (role: string) => string {
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
