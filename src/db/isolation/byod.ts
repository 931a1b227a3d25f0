// byod: the tenant's schema in the customer's own database, reached through the connection string
// the secret database.connectionSecret holds. The connection's role owns the schema; the app and
// BI roles are created when that role may (CREATEROLE), or are the customer's own when the tenant
// names a BI connection (database.biConnectionSecret). The customer's data is never dropped.
import { resolveSecret } from '../../config/index.ts';
import { EnvironmentError, InternalError } from '../../errors/index.ts';
import { describePgError, ident } from '../../pg/index.ts';
import { BYOD_SECRETS, passwordSecretName } from '../secret-names.ts';
import type { DbServices } from '../services.ts';
import { describeUrl, labeller, MIN_SERVER_VERSION, serverInfo } from '../target.ts';
import type { DbSpec, DbTarget, IsolationStrategy, Purpose, SealedSecret } from '../types.ts';

export const byodIsolation: IsolationStrategy = {
  isolation: 'byod',
  sharedDatabase: false,
  onCustomerServer: true,
  locate(tenant, _platform, names) {
    // The customer's server and database are named by the connection string, read only when applying.
    const secret = tenant.database.connectionSecret;
    return { isolation: 'byod', cluster: `byod:${secret}`, database: `secret:${secret}`, schema: names.schema, host: `secret:${secret}`, port: 5432, address: `secret:${secret}` };
  },
  roles(tenant, names) {
    const secret = tenant.database.connectionSecret;
    const external = Boolean(tenant.database.biConnectionSecret);
    const labels: Record<Purpose, string> = { ...names.roles, owner: `login role of ${secret}` };
    if (external) {
      labels.app = labels.owner;
      labels.bi = `login role of ${tenant.database.biConnectionSecret}`;
    }
    return { managed: { owner: false, app: !external, bi: !external }, labels };
  },
  mayDropData: false,
  parts: ['schema', 'migration table'],
  describe: (spec) => ({ kind: 'schema', what: `schema ${spec.schema}`, where: `the byod database of ${spec.connectionSecret}` }),
  sealedSecrets,
  open: openByod,
  async drop(target) {
    throw new InternalError(`tenant ${target.spec.tenant}: a byod store is never dropped`);
  },
};

/**
 * The customer's connection strings, sealed in the registry. When the customer brings its own
 * roles, their passwords are sealed under the same names as the roles tenantops creates
 * (db.app.password, db.bi.password): one contract for the next action.
 */
function sealedSecrets(spec: DbSpec, env: NodeJS.ProcessEnv): SealedSecret[] {
  const url = (secret: string) => resolveSecret(secret, env);
  const password = (secret: string) => decodeURIComponent(new URL(url(secret)).password);
  const list: SealedSecret[] = [{ name: BYOD_SECRETS.connection, value: () => url(spec.connectionSecret!) }];
  if (spec.biConnectionSecret) {
    list.push(
      { name: BYOD_SECRETS.biConnection, value: () => url(spec.biConnectionSecret!) },
      { name: passwordSecretName('app'), value: () => password(spec.connectionSecret!) },
      { name: passwordSecretName('bi'), value: () => password(spec.biConnectionSecret!) },
    );
  }
  return list;
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
    // The role exists without its login (a suspension took it, roles.ts; resuming gives it
    // back): it is the connection string's user.
    if ((err as { code?: string }).code === '28000' && /not permitted to log in/.test(String((err as Error).message))) {
      return decodeURIComponent(new URL(resolveSecret(secret, services.env)).username);
    }
    missing.push(`a working BI connection in ${secret} (${describeUrl(resolveSecret(secret, services.env))}: ${describePgError(err)})`);
    return spec.roles.bi;
  }
}
