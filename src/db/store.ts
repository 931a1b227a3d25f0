// Where the tenant's tables live: its schema (in the cluster's shared database, its own database, or
// the customer's), owned by the tenant's owner role, with the table that tracks its migrations.
// In database isolation the database is the tenant's own too, and PUBLIC may not even connect.
//
// Which store a live tenant uses can never change in place: moving data between stores is out of
// scope, so the registry's record of where the tenant lives is read first and a different isolation,
// cluster or database is planned as a replacement, which the plan refuses unless forced.
import { InternalError } from '../errors/index.ts';
import type { Change, Resource, ResourceContext } from '../plan/index.ts';
import { diffFields } from '../plan/index.ts';
import { getDataStore } from '../registry/index.ts';
import { MIGRATIONS_TABLE } from './migration-files.ts';
import { defineDbResource } from './resource.ts';
import { dropsData, type DataStoreState, type DbSpec } from './spec.ts';
import { execute, executeInTransaction, ident, qualified } from './sql.ts';
import type { DbTarget } from './target.ts';

export interface StoreState extends DataStoreState {
  /** What exists of it: `database` (database isolation), `schema`, `migration table`. */
  parts: string[];
  /** The role owning the schema (and, in database isolation, the database). */
  owner: string;
  /** Database isolation: what PUBLIC may do in the tenant's database. Nothing. */
  publicAccess?: string[];
}

const STRANDS_DATA =
  "changing a live tenant's store would strand its data in the old one (moving data between stores is out of scope)";

export function desiredStore(spec: DbSpec): StoreState | undefined {
  if (dropsData(spec)) return undefined;
  const base = { isolation: spec.isolation, cluster: spec.cluster, database: spec.database, schema: spec.schema, owner: spec.labels.owner };
  if (spec.isolation === 'database') return { ...base, parts: ['database', 'schema', 'migration table'], publicAccess: [] };
  return { ...base, parts: ['schema', 'migration table'] };
}

export function storeResource(spec: DbSpec): Resource {
  const desired = desiredStore(spec);
  const kind = spec.isolation === 'database' ? 'database' : 'schema';
  const what = spec.isolation === 'database' ? `database ${spec.database}` : `schema ${spec.schema}`;
  const where = spec.isolation === 'byod' ? `the byod database of ${spec.connectionSecret}` : `cluster ${spec.cluster}`;
  return defineDbResource<StoreState, StoreState>({
    key: 'db/store',
    kind: 'db.store',
    // The owner must exist to own it; app and BI are dropped after it (they hold grants on it).
    dependsOn: ['db/role/owner', 'db/role/app', 'db/role/bi'],
    spec,
    desired,
    diff: (d, a): Change | undefined => {
      const change = diffFields<StoreState>(d, a, {
        replaceOn: { isolation: STRANDS_DATA, cluster: STRANDS_DATA, database: STRANDS_DATA },
        summary: { create: `create the tenant's ${kind} on ${where}`, update: `repair the tenant's ${kind}`, delete: `DROP the tenant's ${what} and all its data` },
      });
      if (change?.action === 'delete') {
        return { ...change, destroysData: true, reason: `deletionPolicy is delete: ${what} on ${where} is dropped with every row in it` };
      }
      return change;
    },
    read: readStore,
    apply: applyStore,
  });
}

async function readStore(target: DbTarget): Promise<StoreState | undefined> {
  const { spec } = target;
  const registry = await target.services.registry();
  const row = await getDataStore(registry, spec.tenant);
  const database = spec.isolation === 'byod' ? target.databaseName : spec.database;
  if (row && (row.isolation !== spec.isolation || row.cluster !== spec.cluster || row.database !== database)) {
    // The registry knows the tenant lives elsewhere: that is its actual store, whatever this location holds.
    return { ...(desiredStore(spec) ?? readFallback(spec)), isolation: row.isolation, cluster: row.cluster, database: row.database, schema: row.schema };
  }
  return readCatalog(target);
}

function readFallback(spec: DbSpec): StoreState {
  return { isolation: spec.isolation, cluster: spec.cluster, database: spec.database, schema: spec.schema, parts: [], owner: spec.labels.owner };
}

/** The store at the tenant's desired location, from the server's catalogs. */
async function readCatalog(target: DbTarget): Promise<StoreState | undefined> {
  const { spec } = target;
  const parts: string[] = [];
  let owner: string | undefined;
  const publicAccess: string[] = [];
  if (spec.isolation === 'database') {
    const { rows } = await target.cluster.query<{ owner: string; public: string[] }>(
      `SELECT pg_get_userbyid(d.datdba) AS owner,
              array(SELECT 'database: ' || a.privilege_type FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                     WHERE a.grantee = 0 ORDER BY 1) AS public
         FROM pg_database d WHERE d.datname = $1`,
      [spec.database],
    );
    if (!rows[0]) return undefined;
    parts.push('database');
    publicAccess.push(...rows[0].public);
    if (rows[0].owner !== target.roles.owner) publicAccess.push(`database owned by ${rows[0].owner}`);
  }
  const data = (await target.data())!;
  const { rows } = await data.query<{ owner: string | null; tracking: boolean; public: string[] }>(
    `SELECT (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1) AS owner,
            to_regclass(format('%I.%I', $1::text, $2::text)) IS NOT NULL AS tracking,
            array(SELECT 'schema public: ' || a.privilege_type FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
                   WHERE n.nspname = 'public' AND a.grantee = 0 ORDER BY 1) AS public`,
    [spec.schema, MIGRATIONS_TABLE],
  );
  const found = rows[0];
  if (found.owner !== null) {
    parts.push('schema');
    owner = found.owner;
  }
  if (found.tracking) parts.push('migration table');
  if (parts.length === 0) return undefined;
  const state: StoreState = {
    isolation: spec.isolation,
    cluster: spec.cluster,
    database: spec.database,
    schema: spec.schema,
    parts,
    owner: owner === undefined ? '(no schema yet)' : target.label(owner),
  };
  if (spec.isolation === 'database') state.publicAccess = [...publicAccess, ...found.public];
  return state;
}

async function applyStore(target: DbTarget, change: Change, actual: StoreState | undefined, ctx: ResourceContext): Promise<StoreState | undefined> {
  const { spec } = target;
  if (change.action === 'delete') {
    await dropStore(target);
    return undefined;
  }
  if (change.action === 'replace') {
    // Forced: the new store is made empty; the old one is left exactly as it is, never dropped.
    ctx.log.warn(`tenant ${spec.tenant}: its data stays in the old store (${actual?.isolation}, ${actual?.cluster}, ${actual?.database}); the new one starts empty`);
    actual = await readCatalog(target);
  }
  const have = new Set(actual?.parts ?? []);
  const owner = ident(target.roles.owner);
  if (spec.isolation === 'database') {
    // CREATE DATABASE cannot run in a transaction; the REVOKE right after closes the door PUBLIC
    // has by default, and a run killed between the two finds `database: CONNECT` and revokes it.
    if (!have.has('database')) await execute(target.cluster, `CREATE DATABASE ${ident(spec.database)} OWNER ${owner} TEMPLATE template0`);
    const access = have.has('database') ? actual?.publicAccess ?? [] : ['database: CONNECT'];
    const onDatabase: string[] = [];
    if (access.some((a) => a.startsWith('database owned by'))) onDatabase.push(`ALTER DATABASE ${ident(spec.database)} OWNER TO ${owner}`);
    if (access.some((a) => a.startsWith('database: '))) onDatabase.push(`REVOKE ALL ON DATABASE ${ident(spec.database)} FROM PUBLIC`);
    await executeInTransaction(target.cluster, onDatabase);
  }
  const statements: string[] = [];
  const publicSchema = spec.isolation === 'database' && (!have.has('database') || (actual?.publicAccess ?? []).some((a) => a.startsWith('schema public: ')));
  if (publicSchema) statements.push('REVOKE ALL ON SCHEMA public FROM PUBLIC');
  if (!have.has('schema')) statements.push(`CREATE SCHEMA ${ident(spec.schema)} AUTHORIZATION ${owner}`);
  else if (actual?.owner !== spec.labels.owner) statements.push(`ALTER SCHEMA ${ident(spec.schema)} OWNER TO ${owner}`);
  if (!have.has('migration table')) {
    // Created by the owner, like every table of the tenant, before any default privileges exist.
    if (target.currentUser !== target.roles.owner) statements.push(`SET LOCAL ROLE ${owner}`);
    statements.push(
      `CREATE TABLE ${qualified(spec.schema, MIGRATIONS_TABLE)} (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL
)`,
    );
  }
  await executeInTransaction((await target.data())!, statements);
  return desiredStore(spec);
}

async function dropStore(target: DbTarget): Promise<void> {
  const { spec } = target;
  if (spec.isolation === 'byod') throw new InternalError(`tenant ${spec.tenant}: a byod store is never dropped`);
  if (spec.isolation === 'database') {
    await target.services.releaseClusterDatabase(spec.clusterName!, spec.database);
    await execute(target.cluster, `DROP DATABASE IF EXISTS ${ident(spec.database)} WITH (FORCE)`);
  } else {
    await execute(target.cluster, `DROP SCHEMA IF EXISTS ${ident(spec.schema)} CASCADE`);
  }
}
