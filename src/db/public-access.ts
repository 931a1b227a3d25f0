// What PUBLIC — every role of the cluster, other tenants' included — may do where the tenant's
// roles connect. PostgreSQL's defaults let anyone connect to a database and create temporary
// tables in it, create in schema public (before 15), and execute the large-object functions,
// which write: a BI login that lifts its own read-only default makes a lasting object with
// lo_create(0), and no grant to a role stops it. So PUBLIC loses all of that: in the shared
// database (its tenants' roles were given CONNECT explicitly, db/grants), in the cluster's
// `postgres` database, and the large-object functions in the database holding the schema.
//
// Only an object's owner (or a superuser) may take PUBLIC's privileges away. What tenantops'
// role cannot change is left out of the state and said as a warning with the statements a
// superuser (or the customer's DBA, byod) must run: a plan that could never converge would hide
// the rest.
import type { Resource, ResourceContext } from '../plan/index.ts';
import { ident, sendTransaction, type Queryable } from '../pg/index.ts';
import { withDatabaseAclLock } from './database-acl.ts';
import { defineDbResource } from './resource.ts';
import { dropsData } from './spec.ts';
import { TENANT_WRITES } from './sql.ts';
import type { DbSpec, DbTarget } from './types.ts';

export interface PublicAccessState {
  /** `database tenants: CONNECT`, `schema public: CREATE`, `function lo_create(oid): EXECUTE`: what PUBLIC may still do. */
  public: string[];
}

/** The large-object functions that create, change or remove one (reading needs none of them). */
export const LARGE_OBJECT_WRITERS = [
  'lo_creat(integer)',
  'lo_create(oid)',
  'lo_from_bytea(oid, bytea)',
  'lo_import(text)',
  'lo_import(text, oid)',
  'lo_open(oid, integer)',
  'lo_put(oid, bigint, bytea)',
  'lowrite(integer, bytea)',
  'lo_truncate(integer, integer)',
  'lo_truncate64(integer, bigint)',
  'lo_unlink(oid)',
] as const;

/** The cluster's maintenance database: every role may connect to it by default. */
const MAINTENANCE_DATABASE = 'postgres';

interface Entry {
  /** Where the statement runs: the database holding the schema, or the cluster's admin pool. */
  on: 'data' | 'cluster';
  entry: string;
  /** What takes it away. */
  statement: string;
  /** tenantops' role owns the object (or is a superuser). */
  mayChange: boolean;
}

export function publicAccessResource(spec: DbSpec): Resource {
  const desired: PublicAccessState | undefined = dropsData(spec) ? undefined : { public: [] };
  return defineDbResource<PublicAccessState, PublicAccessState>({
    key: 'db/public',
    kind: 'db.public',
    // The tenant's roles have their explicit CONNECT before PUBLIC's goes.
    dependsOn: ['db/grants'],
    spec,
    desired,
    diff: {
      summary: { create: 'take from PUBLIC what it may do where the tenant connects', update: 'take from PUBLIC what it may do where the tenant connects', delete: 'nothing to undo' },
    },
    async read(target, ctx) {
      if (!desired) return undefined;
      // A tenant without its schema yet plans this in full, whatever PUBLIC may do now (what is
      // out of reach is said all the same): a shared database's PUBLIC is every tenant's, and
      // another tenant applied between this one's review and its apply must not change the plan
      // (and hash) the reviewer saw. The apply revokes only what is still there.
      const entries = await readEntries(target);
      if (!entries) return undefined;
      warnOutOfReach(target, entries.filter((e) => !e.mayChange), ctx);
      if (!(await hasSchema(target))) return undefined;
      return { public: entries.filter((e) => e.mayChange).map((e) => e.entry) };
    },
    async apply(target, change) {
      if (change.action === 'delete') return undefined;
      const entries = ((await readEntries(target)) ?? []).filter((e) => e.mayChange);
      const data = (await target.data())!;
      const onData = entries.filter((e) => e.on === 'data');
      // Every tenant of a shared database (and of the cluster, for `postgres`) takes the same
      // privileges from PUBLIC: one run at a time per database (db/database-acl).
      if (onData.length) {
        await withDatabaseAclLock(target, target.databaseName, async () => {
          if (onData.some((e) => e.entry.startsWith('database '))) {
            // Roles that use a schema there (other tenants on this shared database) keep connecting.
            const { rows } = await data.query<{ role: string }>(
              `SELECT DISTINCT pg_get_userbyid(a.grantee) AS role FROM pg_namespace n, aclexplode(n.nspacl) a
                WHERE a.grantee NOT IN (0, n.nspowner) AND a.privilege_type = 'USAGE' ORDER BY 1`,
            );
            const keep = rows.map((r) => `GRANT CONNECT ON DATABASE ${ident(target.databaseName)} TO ${ident(r.role)}`);
            await sendTransaction(data, keep, TENANT_WRITES);
          }
          await sendTransaction(data, onData.map((e) => e.statement), TENANT_WRITES);
        });
      }
      const onCluster = entries.filter((e) => e.on === 'cluster');
      if (onCluster.length) await withDatabaseAclLock(target, MAINTENANCE_DATABASE, () => sendTransaction(target.cluster, onCluster.map((e) => e.statement), TENANT_WRITES));
      return desired;
    },
  });
}

async function hasSchema(target: DbTarget): Promise<boolean> {
  const data = await target.data();
  if (!data) return false;
  const { rows } = await data.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found', [target.spec.schema]);
  return rows[0].found;
}

async function readEntries(target: DbTarget): Promise<Entry[] | undefined> {
  const data = await target.data();
  if (!data) return undefined;
  const { strategy } = target.spec;
  const entries = await largeObjectEntries(data);
  if (strategy.sharedDatabase) {
    entries.push(...(await databaseEntries(data, 'data', 'current_database()', [])));
    entries.push(...(await publicSchemaEntries(data)));
  }
  // A customer's server is the customer's: its maintenance database is none of ours.
  if (!strategy.onCustomerServer) entries.push(...(await databaseEntries(target.cluster, 'cluster', '$1', [MAINTENANCE_DATABASE])));
  return entries;
}

async function largeObjectEntries(db: Queryable): Promise<Entry[]> {
  const { rows } = await db.query<{ fn: string; mayChange: boolean }>(
    `SELECT p.oid::regprocedure::text AS fn, pg_has_role(current_user, p.proowner, 'USAGE') AS "mayChange"
       FROM pg_proc p WHERE p.oid IN (SELECT to_regprocedure(f) FROM unnest($1::text[]) f)
        AND EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
      ORDER BY 1`,
    [LARGE_OBJECT_WRITERS],
  );
  return rows.map((r) => ({ on: 'data', entry: `function ${r.fn}: EXECUTE`, statement: `REVOKE EXECUTE ON FUNCTION ${r.fn} FROM PUBLIC`, mayChange: r.mayChange }));
}

async function databaseEntries(db: Queryable, on: Entry['on'], which: string, values: unknown[]): Promise<Entry[]> {
  const { rows } = await db.query<{ name: string; privileges: string[]; mayChange: boolean }>(
    `SELECT d.datname AS name, pg_has_role(current_user, d.datdba, 'USAGE') AS "mayChange",
            array(SELECT a.privilege_type FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a WHERE a.grantee = 0 ORDER BY 1) AS privileges
       FROM pg_database d WHERE d.datname = ${which}`,
    values,
  );
  // The catalog's own privilege names (CONNECT, TEMPORARY, CREATE): safe to put in the statement.
  return rows.flatMap((d) =>
    d.privileges.map((p) => ({ on, entry: `database ${d.name}: ${p}`, statement: `REVOKE ${p} ON DATABASE ${ident(d.name)} FROM PUBLIC`, mayChange: d.mayChange })),
  );
}

// Before PostgreSQL 15 anyone could create in schema public; a shared database keeps it shut.
async function publicSchemaEntries(db: Queryable): Promise<Entry[]> {
  const { rows } = await db.query<{ privileges: string[]; mayChange: boolean }>(
    `SELECT pg_has_role(current_user, n.nspowner, 'USAGE') AS "mayChange",
            array(SELECT a.privilege_type FROM aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
                   WHERE a.grantee = 0 AND a.privilege_type = 'CREATE') AS privileges
       FROM pg_namespace n WHERE n.nspname = 'public'`,
  );
  return rows.flatMap((n) => n.privileges.map(() => ({ on: 'data' as const, entry: 'schema public: CREATE', statement: 'REVOKE CREATE ON SCHEMA public FROM PUBLIC', mayChange: n.mayChange })));
}

function warnOutOfReach(target: DbTarget, entries: Entry[], ctx: ResourceContext): void {
  if (!entries.length) return;
  const who = target.spec.strategy.onCustomerServer ? "the customer's DBA (a superuser there)" : "the cluster's superuser";
  ctx.log.warn(
    `tenant ${target.spec.tenant}: PUBLIC (any role of the server, the tenant's BI role included) still has ${entries.map((e) => e.entry).join('; ')}, ` +
      `and tenantops' role ${target.currentUser} cannot take that away (only the owner or a superuser can). Ask ${who} to run, in database ${target.databaseName}: ${entries.map((e) => `${e.statement};`).join(' ')}`,
  );
}
