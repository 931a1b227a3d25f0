// Where the tenant's tables live: its schema (in the cluster's shared database, its own database, or
// the customer's), owned by the tenant's owner role, with the table that tracks its migrations.
// Which of those, and what else the store holds (an own database, closed to PUBLIC), is the
// isolation strategy's to say.
//
// Which store a live tenant uses can never change in place: moving data between stores is out of
// scope, so the registry's record of where the tenant lives is read first and a different isolation,
// cluster or database is planned as a replacement, which the plan refuses unless forced.
import type { Change, Resource, ResourceContext } from '../plan/index.ts';
import { diffFields } from '../plan/index.ts';
import { ident, migrationsTableDdl, qualified, sendTransaction } from '../pg/index.ts';
import { getDataStore } from '../registry/index.ts';
import { MIGRATIONS_TABLE } from './migration-files.ts';
import { defineDbResource } from './resource.ts';
import { dropsData } from './spec.ts';
import { TENANT_WRITES } from './sql.ts';
import type { DataStoreState, DbSpec, DbTarget } from './types.ts';

export interface StoreState extends DataStoreState {
  /** What exists of it: `database` (an own database), `schema`, `migration table`. */
  parts: string[];
  /** The role owning the schema (and an own database). */
  owner: string;
  /** An own database: what PUBLIC may do there. Nothing. */
  publicAccess?: string[];
}

const STRANDS_DATA =
  "changing a live tenant's store would strand its data in the old one (moving data between stores is out of scope)";

export function desiredStore(spec: DbSpec): StoreState | undefined {
  if (dropsData(spec)) return undefined;
  const { strategy } = spec;
  const state: StoreState = { isolation: spec.isolation, cluster: spec.cluster, database: spec.database, schema: spec.schema, owner: spec.labels.owner, parts: [...strategy.parts] };
  if (strategy.ownDatabase) state.publicAccess = [];
  return state;
}

export function storeResource(spec: DbSpec): Resource {
  const desired = desiredStore(spec);
  const { kind, what, where } = spec.strategy.describe(spec);
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
  if (row && (row.isolation !== spec.isolation || row.cluster !== spec.cluster || row.database !== target.databaseName)) {
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
  const own = spec.strategy.ownDatabase;
  const publicAccess = own && (await own.read(target));
  if (own) {
    if (!publicAccess) return undefined;
    parts.push('database');
  }
  const data = (await target.data())!;
  const { rows } = await data.query<{ owner: string | null; tracking: boolean }>(
    `SELECT (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1) AS owner,
            to_regclass(format('%I.%I', $1::text, $2::text)) IS NOT NULL AS tracking`,
    [spec.schema, MIGRATIONS_TABLE],
  );
  const found = rows[0];
  if (found.owner !== null) parts.push('schema');
  if (found.tracking) parts.push('migration table');
  if (parts.length === 0) return undefined;
  const state: StoreState = {
    isolation: spec.isolation,
    cluster: spec.cluster,
    database: spec.database,
    schema: spec.schema,
    parts,
    owner: found.owner === null ? '(no schema yet)' : target.label(found.owner),
  };
  if (publicAccess) state.publicAccess = publicAccess;
  return state;
}

async function applyStore(target: DbTarget, change: Change, actual: StoreState | undefined, ctx: ResourceContext): Promise<StoreState | undefined> {
  const { spec } = target;
  if (change.action === 'delete') {
    await spec.strategy.drop(target);
    return undefined;
  }
  if (change.action === 'replace') {
    // Forced: the new store is made empty; the old one is left exactly as it is, never dropped.
    ctx.log.warn(`tenant ${spec.tenant}: its data stays in the old store (${actual?.isolation}, ${actual?.cluster}, ${actual?.database}); the new one starts empty`);
    actual = await readCatalog(target);
  }
  const have = new Set(actual?.parts ?? []);
  const owner = ident(target.roles.owner);
  // An own database first: the schema is created inside it.
  const statements = (await spec.strategy.ownDatabase?.ensure(target, actual?.publicAccess)) ?? [];
  if (!have.has('schema')) statements.push(`CREATE SCHEMA ${ident(spec.schema)} AUTHORIZATION ${owner}`);
  else if (actual?.owner !== spec.labels.owner) statements.push(`ALTER SCHEMA ${ident(spec.schema)} OWNER TO ${owner}`);
  if (!have.has('migration table')) {
    // Created by the owner, like every table of the tenant, before any default privileges exist.
    if (target.currentUser !== target.roles.owner) statements.push(`SET LOCAL ROLE ${owner}`);
    statements.push(migrationsTableDdl(qualified(spec.schema, MIGRATIONS_TABLE)));
  }
  await sendTransaction((await target.data())!, statements, TENANT_WRITES);
  return desiredStore(spec);
}
