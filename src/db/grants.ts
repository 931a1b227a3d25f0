// Least privilege, read from the catalogs and repaired to the policy: the app role reads and
// writes the tenant's tables, the BI role reads them, both may use the schema and connect to the
// database, nobody else (PUBLIC included) may do anything, and the owner's default privileges give
// every table a later migration creates the same grants. The tracking table is the owner's alone.
//
// The policy is compared per object, so the plan names exactly what drifted ("table learners:
// PUBLIC has SELECT") and apply changes only that, in one transaction.
import { InternalError } from '../errors/index.ts';
import type { Change, Resource } from '../plan/index.ts';
import { diffFields } from '../plan/index.ts';
import { ident, sendTransaction } from '../pg/index.ts';
import { MIGRATIONS_TABLE } from './migration-files.ts';
import { withDatabaseAclLock } from './database-acl.ts';
import { defineDbResource } from './resource.ts';
import { dropsData } from './spec.ts';
import { grantee as sqlGrantee, TENANT_WRITES } from './sql.ts';
import type { DbSpec, DbTarget } from './types.ts';

export interface GrantsState {
  /** `role: CONNECT` on the tenant's database (database isolation: every explicit grant there). */
  connect: string[];
  /** `role: PRIVILEGE` on the tenant's schema, its owner aside. */
  schema: string[];
  /** The owner's default privileges: `tables tenant_x_bi: SELECT`, `functions (all schemas) ...`. */
  defaults: string[];
  /** Objects in the schema whose owner or grants differ from the policy. */
  drift: string[];
}

type ObjectKind = 'table' | 'sequence' | 'function';

interface ObjectGrants {
  kind: ObjectKind;
  name: string;
  /** How GRANT names it: `schema.table`, or `schema.fn(args)` for functions. */
  sqlName: string;
  owner: string;
  /** role name (or PUBLIC) → privileges. */
  grants: Record<string, string[]>;
  /** A sequence owned by a table's column (identity, serial): its owner is the table's. */
  linked: boolean;
}

interface Observed {
  state: GrantsState;
  objects: ObjectGrants[];
}

const TABLE_KINDS: Record<string, string> = { table: 'TABLE', sequence: 'SEQUENCE', function: 'FUNCTION' };
const DEFAULT_TYPES: Record<string, string> = { r: 'tables', S: 'sequences', f: 'functions', T: 'types', n: 'schemas' };
const PRIVILEGE = /^[A-Z]+$/;

/** What each role may do, by role name: the policy, for this target. */
function policy(target: DbTarget) {
  const { owner, app, bi } = target.roles;
  const appIsOwner = app === owner;
  const grants = (kind: ObjectKind, name: string): Record<string, string[]> => {
    if (kind === 'table' && name === MIGRATIONS_TABLE) return {};
    const out: Record<string, string[]> = {};
    const add = (role: string, privileges: string[]) => {
      if (role !== owner) out[role] = privileges;
    };
    if (kind === 'table') {
      if (!appIsOwner) add(app, ['DELETE', 'INSERT', 'SELECT', 'UPDATE']);
      add(bi, ['SELECT']);
    } else if (kind === 'sequence') {
      if (!appIsOwner) add(app, ['SELECT', 'USAGE']);
    } else {
      if (!appIsOwner) add(app, ['EXECUTE']);
      add(bi, ['EXECUTE']);
    }
    return out;
  };
  return { grants };
}

export function desiredGrants(spec: DbSpec): GrantsState | undefined {
  if (dropsData(spec)) return undefined;
  const { owner, app, bi } = spec.labels;
  const appIsOwner = app === owner;
  const sorted = (xs: string[]) => [...new Set(xs)].sort();
  const defaults = [`tables ${bi}: SELECT`, `functions ${bi}: EXECUTE`];
  if (!appIsOwner) defaults.push(`tables ${app}: DELETE,INSERT,SELECT,UPDATE`, `sequences ${app}: SELECT,USAGE`, `functions ${app}: EXECUTE`);
  // PUBLIC may execute new functions and use new types unless the owner's global defaults say
  // otherwise. A customer's role (byod) is not ours to change globally: there the migration
  // runner revokes PUBLIC's privileges on what each migration creates instead.
  if (spec.managed.owner) defaults.push(`functions (all schemas) ${owner}: EXECUTE`, `types (all schemas) ${owner}: USAGE`);
  return {
    connect: sorted([`${app}: CONNECT`, `${bi}: CONNECT`]),
    schema: sorted(appIsOwner ? [`${bi}: USAGE`] : [`${app}: USAGE`, `${bi}: USAGE`]),
    defaults: sorted(defaults),
    drift: [],
  };
}

export function grantsResource(spec: DbSpec): Resource {
  const desired = desiredGrants(spec);
  return defineDbResource<GrantsState, GrantsState>({
    key: 'db/grants',
    kind: 'db.grants',
    dependsOn: ['db/store'],
    spec,
    desired,
    diff: (d, a): Change | undefined => {
      const change = diffFields<GrantsState>(d, a, {
        summary: { create: `grant the tenant's roles their privileges (and nothing to PUBLIC)`, update: 'repair privileges to the policy', delete: 'forget privileges (they go with the store)' },
      });
      return change;
    },
    read: async (target) => (await observe(target))?.state,
    async apply(target, change) {
      if (change.action === 'delete') return undefined;
      // Read again: the plan's read may predate objects created since (by this very apply).
      const observed = await observe(target);
      if (!observed) throw new InternalError(`tenant ${spec.tenant}: schema ${spec.schema} does not exist, so its privileges cannot be granted`);
      const data = (await target.data())!;
      const statements = repairStatements(target, desired!, observed);
      // CONNECT is granted on the database itself, which other tenants' runs grant on too.
      if (statements.length) await withDatabaseAclLock(target, target.databaseName, () => sendTransaction(data, statements, TENANT_WRITES));
      // What the statements just made true, in one transaction: no need to read it back.
      return desired;
    },
  });
}

async function observe(target: DbTarget): Promise<Observed | undefined> {
  const data = await target.data();
  if (!data) return undefined;
  const { spec } = target;
  const { rows: found } = await data.query<{ oid: number | null; schema: string[] }>(
    `SELECT n.oid,
            array(SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END || ':' || a.privilege_type
                    FROM aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a WHERE a.grantee <> n.nspowner ORDER BY 1) AS schema
       FROM pg_namespace n WHERE n.nspname = $1`,
    [spec.schema],
  );
  if (!found[0]) return undefined;
  const schemaOid = found[0].oid;
  const [connect, defaults, objects] = await Promise.all([
    readConnect(target),
    data.query<{ type: string; global: boolean; grantee: string; privileges: string[] }>(
      `SELECT d.defaclobjtype AS type, d.defaclnamespace = 0 AS global,
              CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee,
              array_agg(a.privilege_type ORDER BY a.privilege_type) AS privileges
         FROM pg_default_acl d, aclexplode(d.defaclacl) a
        WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = $1) AND (d.defaclnamespace = $2 OR ($3 AND d.defaclnamespace = 0))
        GROUP BY 1, 2, 3`,
      // A customer's role (byod) keeps its own global defaults (all schemas): not ours to desire
      // or repair, so not read; only the tenant schema's defaults are. Ours are read both ways.
      [target.roles.owner, schemaOid, spec.managed.owner],
    ),
    data.query<{ kind: ObjectKind; name: string; sqlName: string; owner: string; grants: string[]; linked: boolean }>(
      `SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END AS kind, c.relname AS name,
              format('%I.%I', $2::text, c.relname) AS "sqlName", pg_get_userbyid(c.relowner) AS owner,
              array(SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END || ':' || a.privilege_type
                      FROM aclexplode(coalesce(c.relacl, acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::"char", c.relowner))) a
                     WHERE a.grantee <> c.relowner ORDER BY 1) AS grants,
              EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')) AS linked
         FROM pg_class c WHERE c.relnamespace = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
       UNION ALL
       SELECT 'function', p.proname, format('%I.%I(%s)', $2::text, p.proname, pg_get_function_identity_arguments(p.oid)), pg_get_userbyid(p.proowner),
              array(SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END || ':' || a.privilege_type
                      FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a WHERE a.grantee <> p.proowner ORDER BY 1),
              false
         FROM pg_proc p WHERE p.pronamespace = $1
        ORDER BY 1, 2, 3`,
      [schemaOid, spec.schema],
    ),
  ]);
  const label = (entry: string) => {
    const i = entry.lastIndexOf(':');
    return `${target.label(entry.slice(0, i))}: ${entry.slice(i + 1)}`;
  };
  const objectGrants: ObjectGrants[] = objects.rows.map((o) => ({ ...o, grants: groupGrants(o.grants) }));
  return {
    state: {
      connect,
      schema: found[0].schema.map(label).sort(),
      defaults: defaults.rows
        .map((d) => `${DEFAULT_TYPES[d.type] ?? d.type}${d.global ? ' (all schemas)' : ''} ${target.label(d.grantee)}: ${d.privileges.join(',')}`)
        .sort(),
      drift: objectGrants.flatMap((o) => driftOf(target, o)),
    },
    objects: objectGrants,
  };
}

// Who may connect. In the tenant's own database every explicit grant counts (PUBLIC's is the
// store's); in a shared database our roles' explicit grants (PUBLIC has none there: db/public);
// in the customer's database only whether our roles may connect at all.
async function readConnect(target: DbTarget): Promise<string[]> {
  const data = (await target.data())!;
  const { app, bi } = target.roles;
  const { strategy } = target.spec;
  const { rows } = await data.query<{ entries: string[] }>(
    strategy.ownDatabase
      ? `SELECT array(SELECT pg_get_userbyid(a.grantee) || ':' || a.privilege_type FROM pg_database d, aclexplode(d.datacl) a
                       WHERE d.datname = current_database() AND a.grantee NOT IN (0, d.datdba) ORDER BY 1) AS entries`
      : strategy.sharedDatabase
        ? `SELECT array(SELECT DISTINCT pg_get_userbyid(a.grantee) || ':' || a.privilege_type FROM pg_database d, aclexplode(d.datacl) a
                         WHERE d.datname = current_database() AND a.grantee IN (SELECT oid FROM pg_roles WHERE rolname = ANY($1)) ORDER BY 1) AS entries`
        : `SELECT array(SELECT r.rolname || ':CONNECT' FROM pg_roles r
                         WHERE r.rolname = ANY($1) AND has_database_privilege(r.oid, current_database(), 'CONNECT') ORDER BY 1) AS entries`,
    strategy.ownDatabase ? [] : [[app, bi]],
  );
  return [...new Set(rows[0].entries.map((e) => `${target.label(e.slice(0, e.lastIndexOf(':')))}: ${e.slice(e.lastIndexOf(':') + 1)}`))].sort();
}

function groupGrants(entries: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of entries) {
    const i = e.lastIndexOf(':');
    (out[e.slice(0, i)] ??= []).push(e.slice(i + 1));
  }
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

function driftOf(target: DbTarget, o: ObjectGrants): string[] {
  const out: string[] = [];
  const what = `${o.kind} ${o.kind === 'function' ? o.sqlName : o.name}`;
  if (o.owner !== target.roles.owner) out.push(`${what}: owned by ${target.label(o.owner)}`);
  const expected = policy(target).grants(o.kind, o.name);
  for (const role of new Set([...Object.keys(expected), ...Object.keys(o.grants)])) {
    const want = expected[role] ?? [];
    const have = o.grants[role] ?? [];
    const missing = want.filter((p) => !have.includes(p));
    const extra = have.filter((p) => !want.includes(p));
    if (missing.length) out.push(`${what}: ${target.label(role)} lacks ${missing.join(',')}`);
    if (extra.length) out.push(`${what}: ${target.label(role)} has ${extra.join(',')}`);
  }
  return out;
}

/** The statements that bring what was observed to the policy; none when it already is. */
function repairStatements(target: DbTarget, desired: GrantsState, observed: Observed): string[] {
  const { spec } = target;
  const byLabel = new Map<string, string>();
  for (const p of ['owner', 'app', 'bi'] as const) byLabel.set(spec.labels[p], target.roles[p]);
  const role = (label: string) => sqlGrantee(byLabel.get(label) ?? label);
  const privileges = (list: string) => {
    const ps = list.split(',');
    if (!ps.every((p) => PRIVILEGE.test(p))) throw new InternalError(`unexpected privilege list ${JSON.stringify(list)}`);
    return ps.join(', ');
  };
  const split = (entry: string) => [entry.slice(0, entry.lastIndexOf(': ')), entry.slice(entry.lastIndexOf(': ') + 2)];
  const statements: string[] = [];
  const schema = ident(spec.schema);
  const database = ident(target.databaseName);
  const { state } = observed;

  for (const entry of desired.connect.filter((e) => !state.connect.includes(e))) statements.push(`GRANT CONNECT ON DATABASE ${database} TO ${role(split(entry)[0])}`);
  for (const entry of state.connect.filter((e) => !desired.connect.includes(e))) {
    const [who, what] = split(entry);
    statements.push(`REVOKE ${privileges(what)} ON DATABASE ${database} FROM ${role(who)}`);
  }
  for (const entry of desired.schema.filter((e) => !state.schema.includes(e))) statements.push(`GRANT USAGE ON SCHEMA ${schema} TO ${role(split(entry)[0])}`);
  for (const entry of state.schema.filter((e) => !desired.schema.includes(e))) {
    const [who, what] = split(entry);
    statements.push(`REVOKE ${privileges(what)} ON SCHEMA ${schema} FROM ${role(who)}`);
  }

  const owner = ident(target.roles.owner);
  const parseDefault = (entry: string) => {
    const m = /^(\w+)( \(all schemas\))? (.+): ([A-Z,]+)$/.exec(entry);
    if (!m) throw new InternalError(`unexpected default privilege entry ${JSON.stringify(entry)}`);
    return { type: m[1].toUpperCase(), global: Boolean(m[2]), who: m[3], privs: m[4] };
  };
  const scope = (global: boolean) => `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner}${global ? '' : ` IN SCHEMA ${schema}`}`;
  for (const entry of desired.defaults.filter((e) => !state.defaults.includes(e))) {
    const d = parseDefault(entry);
    // The owner's own global entry stands for "PUBLIC's default privilege revoked".
    if (d.global && d.who === spec.labels.owner) statements.push(`${scope(true)} REVOKE ${privileges(d.privs)} ON ${d.type} FROM PUBLIC`);
    else statements.push(`${scope(d.global)} GRANT ${privileges(d.privs)} ON ${d.type} TO ${role(d.who)}`);
  }
  for (const entry of state.defaults.filter((e) => !desired.defaults.includes(e))) {
    const d = parseDefault(entry);
    const wanted = desired.defaults.map(parseDefault).find((w) => w.type === d.type && w.global === d.global && w.who === d.who);
    const extra = d.privs.split(',').filter((p) => !(wanted?.privs.split(',') ?? []).includes(p));
    if (extra.length && d.who !== spec.labels.owner) statements.push(`${scope(d.global)} REVOKE ${privileges(extra.join(','))} ON ${d.type} FROM ${role(d.who)}`);
  }

  for (const o of observed.objects) {
    const on = `${TABLE_KINDS[o.kind]} ${o.sqlName}`;
    // PostgreSQL refuses to re-own a linked sequence by itself; its table's new owner takes it along.
    if (o.owner !== target.roles.owner && !o.linked) statements.push(`ALTER ${o.kind === 'function' ? 'FUNCTION' : 'TABLE'} ${o.sqlName} OWNER TO ${owner}`);
    const expected = policy(target).grants(o.kind, o.name);
    for (const who of new Set([...Object.keys(expected), ...Object.keys(o.grants)])) {
      const want = expected[who] ?? [];
      const have = o.grants[who] ?? [];
      const missing = want.filter((p) => !have.includes(p));
      const extra = have.filter((p) => !want.includes(p));
      if (missing.length) statements.push(`GRANT ${privileges(missing.join(','))} ON ${on} TO ${sqlGrantee(who)}`);
      if (extra.length) statements.push(`REVOKE ${privileges(extra.join(','))} ON ${on} FROM ${sqlGrantee(who)}`);
    }
  }
  return statements;
}
