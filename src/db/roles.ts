// The tenant's three roles: an owner that owns the schema and runs the DDL (never logs in), an
// application role and a read-only BI role, each with a generated password sealed in the registry,
// a pinned search_path, a connection limit and no other attribute or membership. In byod the
// customer's own roles stand in where tenantops may not create them; those are only checked.
import pg from 'pg';
import { EnvironmentError } from '../errors/index.ts';
import type { Change, Resource, ResourceContext } from '../plan/index.ts';
import { describePgError, ident, inTransaction, literal, sendTransaction, type Pool } from '../pg/index.ts';
import { readSecret, storeSecret } from '../registry/index.ts';
import { generatePassword, scramVerifier } from './password.ts';
import { withDatabaseAclLock } from './database-acl.ts';
import { defineDbResource } from './resource.ts';
import { passwordSecretName } from './secret-names.ts';
import { canLogIn, CONNECTION_LIMITS, dropsData } from './spec.ts';
import { countWrite, execute, executeRegistry, TENANT_WRITES } from './sql.ts';
import { roleUrl } from './target.ts';
import type { DbSpec, DbTarget, Purpose } from './types.ts';

export interface RoleState {
  /** The role's name (byod: where the customer's role comes from). */
  name: string;
  purpose: Purpose;
  /** Whether the role may log in (an owner never does; nobody does while suspended). */
  login: boolean;
  connectionLimit?: number;
  /** Role settings as `name=value`, sorted: the pinned search_path, BI's read-only default. */
  settings?: string[];
  /** Attributes a tenant role must not have (SUPERUSER, CREATEDB, ...). */
  privileged?: string[];
  /** Roles it is a member of: none, or it could borrow another's privileges. */
  memberOf?: string[];
  /** Its password is sealed in the registry (login roles). */
  passwordStored?: boolean;
  /** tenantops' own admin role may SET ROLE to it, which owning and migrating needs (owner). */
  adminMember?: boolean;
  /** A customer's role in byod: checked, never changed. */
  external?: boolean;
}

const ATTRIBUTES = ['SUPERUSER', 'CREATEDB', 'CREATEROLE', 'REPLICATION', 'BYPASSRLS'] as const;

export function desiredRole(spec: DbSpec, purpose: Purpose): RoleState | undefined {
  const name = spec.labels[purpose];
  // The customer's roles are left as they are, except that a customer-owned BI role (the one
  // Power BI reads through) may not log in while the tenant is not active. The connection's own
  // role (owner, and app when the customer brings roles) keeps its login: tenantops connects as it.
  if (!spec.managed[purpose]) return { name, purpose, login: customerBiRole(spec, purpose) ? canLogIn(spec) : true, external: true };
  if (dropsData(spec)) return undefined;
  const settings = purpose === 'owner' ? [] : [`search_path=${spec.schema}`];
  if (purpose === 'bi') settings.unshift('default_transaction_read_only=on');
  const state: RoleState = {
    name,
    purpose,
    login: purpose !== 'owner' && canLogIn(spec),
    connectionLimit: CONNECTION_LIMITS[purpose],
    settings,
    privileged: [],
    memberOf: [],
  };
  if (purpose === 'owner') state.adminMember = true;
  else state.passwordStored = true;
  return state;
}

export function roleResource(spec: DbSpec, purpose: Purpose): Resource {
  const desired = desiredRole(spec, purpose);
  const name = spec.labels[purpose];
  return defineDbResource<RoleState, RoleState>({
    key: `db/role/${purpose}`,
    kind: 'db.role',
    spec,
    desired,
    diff: {
      summary: {
        create: `create role ${name}`,
        update: `alter role ${name}`,
        delete: `drop role ${name}`,
      },
    },
    // A customer's role was discovered when the target was opened (which fails if it cannot be).
    read: async (target) => {
      if (!desired?.external) return readRole(target, purpose);
      return customerBiRole(spec, purpose) ? { ...desired, login: await readLogin(target, target.roles.bi) } : desired;
    },
    apply: (target, change, actual, ctx) => applyRole(target, purpose, desired, change, actual, ctx),
    // The owner never logs in and a customer's role is theirs: only our login roles are tried.
    verify:
      purpose === 'owner' || desired?.external
        ? undefined
        : async (target, actual, ctx) => {
            if (actual?.login) await verifyLogin(target, purpose, ctx);
          },
  });
}

async function readRole(target: DbTarget, purpose: Purpose): Promise<RoleState | undefined> {
  const role = target.roles[purpose];
  const setOption = target.serverVersion >= 160000 ? 'SET' : 'MEMBER';
  const { rows } = await target.cluster.query<{
    login: boolean;
    connectionLimit: number;
    attributes: boolean[];
    settings: string[];
    memberOf: string[];
    adminMember: boolean;
  }>(
    `SELECT r.rolcanlogin AS login, r.rolconnlimit AS "connectionLimit",
            ARRAY[r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls] AS attributes,
            coalesce((SELECT array_agg(c ORDER BY c) FROM pg_db_role_setting s, unnest(s.setconfig) c
                       WHERE s.setrole = r.oid AND s.setdatabase = 0), '{}') AS settings,
            coalesce((SELECT array_agg(DISTINCT g.rolname::text ORDER BY g.rolname::text) FROM pg_auth_members m
                       JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid), '{}'::text[]) AS "memberOf",
            pg_has_role(current_user, r.oid, 'USAGE') AND pg_has_role(current_user, r.oid, $2) AS "adminMember"
       FROM pg_roles r WHERE r.rolname = $1`,
    [role, setOption],
  );
  const found = rows[0];
  if (!found) return undefined;
  const state: RoleState = {
    name: target.spec.labels[purpose],
    purpose,
    login: found.login,
    connectionLimit: found.connectionLimit,
    settings: found.settings,
    privileged: ATTRIBUTES.filter((_, i) => found.attributes[i]),
    memberOf: found.memberOf,
  };
  if (purpose === 'owner') state.adminMember = found.adminMember;
  else {
    const registry = await target.services.registry();
    const { rows: stored } = await registry.query('SELECT 1 FROM secrets WHERE tenant = $1 AND name = $2', [target.spec.tenant, passwordSecretName(purpose)]);
    state.passwordStored = stored.length > 0;
  }
  return state;
}

async function applyRole(
  target: DbTarget,
  purpose: Purpose,
  desired: RoleState | undefined,
  change: Change,
  actual: RoleState | undefined,
  ctx: ResourceContext,
): Promise<RoleState | undefined> {
  if (desired?.external) {
    if (customerBiRole(target.spec, purpose) && actual?.login !== desired.login) await setCustomerLogin(target, desired.login, ctx);
    return desired;
  }
  const role = target.roles[purpose];
  if (change.action === 'delete') {
    await dropRole(target, purpose, role);
    return undefined;
  }
  const want = desired!;
  // A new password whenever none is stored: the one in the server is unknown to anyone then.
  const password = want.passwordStored && !actual?.passwordStored ? generatePassword() : undefined;
  if (password) ctx.log.mask(password);
  const statements = actual ? alterStatements(target, role, want, actual) : createStatements(target, role, want);
  if (password) statements.push(`ALTER ROLE ${ident(role)} WITH PASSWORD ${literal(scramVerifier(password))}`);
  await sendTransaction(target.cluster, statements, TENANT_WRITES);
  // After the role has it: a run killed in between leaves no stored password, so the next run sets a new one.
  if (password) {
    await storeSecret(await target.services.registry(), target.services.keyring(), target.spec.tenant, passwordSecretName(purpose), password);
    countWrite();
  }
  if (actual?.login && !want.login) await endSessions(target.cluster, role, ctx);
  // Every difference was just made good in one transaction: the role is now as desired.
  return want;
}

/** byod with database.biConnectionSecret: the BI role is the customer's own. */
function customerBiRole(spec: DbSpec, purpose: Purpose): boolean {
  return purpose === 'bi' && !spec.managed.bi && Boolean(spec.biConnectionSecret);
}

async function readLogin(target: DbTarget, role: string): Promise<boolean> {
  const { rows } = await target.cluster.query<{ login: boolean }>('SELECT rolcanlogin AS login FROM pg_roles WHERE rolname = $1', [role]);
  return rows[0]?.login ?? false;
}

/**
 * Suspends or restores the customer's BI role: the one change tenantops makes to a customer's
 * role, since Power BI (and anyone holding the BI connection string) logs in through it. Needs the
 * connection's role to administer it; without that the customer is told the statement to run.
 */
async function setCustomerLogin(target: DbTarget, login: boolean, ctx: ResourceContext): Promise<void> {
  const role = target.roles.bi;
  try {
    await sendTransaction(target.cluster, [`ALTER ROLE ${ident(role)} WITH ${login ? 'LOGIN' : 'NOLOGIN'}`], TENANT_WRITES);
  } catch (err) {
    throw new EnvironmentError(
      `tenant ${target.spec.tenant}: cannot ${login ? 'restore' : 'disable'} the login of its byod BI role "${role}" (secret ${target.spec.biConnectionSecret}) as "${target.currentUser}": ${describePgError(err)}; ` +
        `let the connection's role administer it (ALTER ROLE ${ident(target.currentUser)} CREATEROLE; GRANT ${ident(role)} TO ${ident(target.currentUser)} WITH ADMIN OPTION), or run ALTER ROLE ${ident(role)} ${login ? 'LOGIN' : 'NOLOGIN'} yourself`,
    );
  }
  if (!login) await endSessions(target.cluster, role, ctx);
}

function createStatements(target: DbTarget, role: string, want: RoleState): string[] {
  const statements = [
    `CREATE ROLE ${ident(role)} WITH ${want.login ? 'LOGIN' : 'NOLOGIN'} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT ${want.connectionLimit}`,
  ];
  statements.push(...settingStatements(target, role, want.settings ?? [], []));
  if (want.adminMember && !target.superuser) statements.push(grantToAdmin(target, role));
  return statements;
}

function alterStatements(target: DbTarget, role: string, want: RoleState, actual: RoleState): string[] {
  const statements: string[] = [];
  const options: string[] = [];
  if (want.login !== actual.login) options.push(want.login ? 'LOGIN' : 'NOLOGIN');
  if (want.connectionLimit !== actual.connectionLimit) options.push(`CONNECTION LIMIT ${want.connectionLimit}`);
  for (const attribute of actual.privileged ?? []) options.push(`NO${attribute}`);
  if (options.length) statements.push(`ALTER ROLE ${ident(role)} WITH ${options.join(' ')}`);
  statements.push(...settingStatements(target, role, want.settings ?? [], actual.settings ?? []));
  for (const group of actual.memberOf ?? []) statements.push(`REVOKE ${ident(group)} FROM ${ident(role)}`);
  if (want.adminMember && !actual.adminMember) statements.push(grantToAdmin(target, role));
  return statements;
}

function grantToAdmin(target: DbTarget, role: string): string {
  // Owning the tenant's databases and schemas and running its migrations as the owner needs it.
  return target.serverVersion >= 160000 ? `GRANT ${ident(role)} TO CURRENT_USER WITH INHERIT TRUE, SET TRUE` : `GRANT ${ident(role)} TO CURRENT_USER`;
}

/** The values our settings take, as SQL: identifiers quoted, the rest from a fixed list. */
function settingStatements(target: DbTarget, role: string, want: readonly string[], have: readonly string[]): string[] {
  const statements: string[] = [];
  const wanted = new Map(want.map((s) => [s.slice(0, s.indexOf('=')), s]));
  for (const setting of want) {
    if (have.includes(setting)) continue;
    const [name, value] = [setting.slice(0, setting.indexOf('=')), setting.slice(setting.indexOf('=') + 1)];
    const sqlValue = name === 'search_path' ? ident(target.spec.schema) : value === 'on' ? 'on' : literal(value);
    statements.push(`ALTER ROLE ${ident(role)} SET ${name} TO ${sqlValue}`);
  }
  for (const setting of have) {
    const name = setting.slice(0, setting.indexOf('='));
    if (!wanted.has(name)) statements.push(`ALTER ROLE ${ident(role)} RESET ${ident(name)}`);
  }
  return statements;
}

async function dropRole(target: DbTarget, purpose: Purpose, role: string): Promise<void> {
  // The REVOKE (and DROP OWNED) rewrite the database's ACL, which other tenants' runs grant on.
  await withDatabaseAclLock(target, target.databaseName, () => inTransaction(target.cluster, async (client) => {
    if (purpose === 'owner') {
      // DROP OWNED would drop a schema the owner still owns; the store goes first, so finding one
      // here means the plan is not what we think it is.
      const { rows } = await client.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid) + (SELECT count(*) FROM pg_database WHERE datdba = r.oid) AS n
           FROM pg_roles r WHERE r.rolname = $1`,
        [role],
      );
      if (Number(rows[0]?.n ?? 0) > 0) throw new EnvironmentError(`tenant ${target.spec.tenant}: role ${role} still owns a schema or database; drop the store first`);
      await execute(client, `DROP OWNED BY ${ident(role)}`);
    } else {
      // Its explicit CONNECT on a shared database (db/grants) would keep DROP ROLE from running.
      const { rows } = await client.query(
        `SELECT 1 FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = $1 AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $2)`,
        [target.databaseName, role],
      );
      if (rows.length) await execute(client, `REVOKE ALL ON DATABASE ${ident(target.databaseName)} FROM ${ident(role)}`);
    }
    await execute(client, `DROP ROLE IF EXISTS ${ident(role)}`);
  }, TENANT_WRITES));
  if (purpose !== 'owner') {
    const registry = await target.services.registry();
    await executeRegistry(registry, 'DELETE FROM secrets WHERE tenant = $1 AND name = $2', [target.spec.tenant, passwordSecretName(purpose)]);
  }
}

// NOLOGIN stops new sessions only; end the open ones too. Ending another role's sessions needs
// pg_signal_backend (or superuser): without it they run until they disconnect, which is said.
async function endSessions(pool: Pool, role: string, ctx: ResourceContext): Promise<void> {
  try {
    await pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()', [role]);
  } catch (err) {
    ctx.log.warn(`tenant ${ctx.tenant}: role ${role} may no longer log in, but its open sessions could not be ended: ${describePgError(err)}`);
  }
}

async function verifyLogin(target: DbTarget, purpose: Purpose, ctx: ResourceContext): Promise<void> {
  const registry = await target.services.registry();
  const role = target.roles[purpose];
  const password = await readSecret(registry, target.services.keyring(), target.spec.tenant, passwordSecretName(purpose));
  if (!password) throw new EnvironmentError(`tenant ${target.spec.tenant}: no password for role ${role} in the registry`);
  ctx.log.mask(password);
  const client = new pg.Client({ connectionString: roleUrl(target, role, password), application_name: 'tenantops verify', connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ path: string }>(`SELECT current_setting('search_path') AS path`);
    if (rows[0].path !== target.spec.schema) {
      throw new EnvironmentError(`tenant ${target.spec.tenant}: role ${role} logs in with search_path "${rows[0].path}", expected ${target.spec.schema}`);
    }
  } catch (err) {
    if (err instanceof EnvironmentError) throw err;
    throw new EnvironmentError(`tenant ${target.spec.tenant}: role ${role} cannot log in with its stored password: ${describePgError(err)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
