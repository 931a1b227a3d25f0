// The checklist's `isolation`: the tenant's app and BI roles reach nothing of any other tenant on
// the same cluster, asserted on the catalog (has_database_privilege, has_schema_privilege,
// has_table_privilege, has_sequence_privilege) in each other tenant's database, as the cluster's
// admin sees it, so a grant made by hand is found as surely as one made by tenantops.
import { getDataStore, type DataStoreRecord, type Pool, type Queryable } from '../registry/index.ts';
import type { Services } from './services.ts';

export interface IsolationResult {
  ok: boolean;
  evidence: string;
}

interface Reach {
  role: string;
  object: string;
  privilege: string;
}

// Everything a role could do to another tenant's objects. Database privileges only count when the
// other tenant has a database of its own (schema isolation shares one, which every tenant connects to).
const REACH_SQL = `
WITH roles AS (SELECT oid, rolname FROM pg_roles WHERE rolname = ANY($1::text[]))
SELECT r.rolname AS role, 'database ' || d.datname AS object, p AS privilege
  FROM roles r, pg_database d, unnest(ARRAY['CONNECT', 'CREATE', 'TEMPORARY']) p
 WHERE $3 AND d.datname = current_database() AND has_database_privilege(r.oid, d.oid, p)
UNION ALL
SELECT r.rolname, 'schema ' || n.nspname, p
  FROM roles r, pg_namespace n, unnest(ARRAY['USAGE', 'CREATE']) p
 WHERE n.nspname = $2 AND has_schema_privilege(r.oid, n.oid, p)
UNION ALL
SELECT r.rolname, 'table ' || n.nspname || '.' || c.relname, p
  FROM roles r, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
       unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
 WHERE n.nspname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND has_table_privilege(r.oid, c.oid, p)
UNION ALL
SELECT r.rolname, 'sequence ' || n.nspname || '.' || c.relname, p
  FROM roles r, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, unnest(ARRAY['USAGE', 'SELECT', 'UPDATE']) p
 WHERE n.nspname = $2 AND c.relkind = 'S' AND has_sequence_privilege(r.oid, c.oid, p)
ORDER BY 1, 2, 3`;

export async function checkRoleIsolation(services: Services, registry: Pool, code: string): Promise<IsolationResult> {
  const store = await getDataStore(registry, code);
  if (!store) return { ok: false, evidence: `the registry records no data store for ${code}: apply first` };
  const roles = [store.appRole, store.biRole].filter((r): r is string => !!r);
  if (!roles.length) return { ok: false, evidence: `the registry records no app or BI role for ${code}` };
  const others = await otherStores(registry, store);
  if (!others.length) return { ok: true, evidence: `${roles.join(' and ')}: no other tenant's data on ${store.cluster}` };
  const found: Reach[] = [];
  let objects = 0;
  for (const other of others) {
    const pool = await services.clusterDatabase(other.cluster, other.database);
    found.push(...(await reachOf(pool, roles, other.schema, other.database !== store.database)));
    objects += await countObjects(pool, other.schema);
  }
  const names = others.map((o) => o.tenant).join(', ');
  if (!found.length) return { ok: true, evidence: `${roles.join(' and ')} reach nothing of ${others.length} other tenant(s) on ${store.cluster} (${names}; ${objects} objects checked in the catalog)` };
  const shown = found.slice(0, 5).map((f) => `${f.role} has ${f.privilege} on ${f.object}`);
  return { ok: false, evidence: `${shown.join('; ')}${found.length > 5 ? `; and ${found.length - 5} more` : ''}` };
}

/** The other tenants' stores on the same cluster (a byod tenant's server is its own). */
async function otherStores(registry: Queryable, store: DataStoreRecord): Promise<DataStoreRecord[]> {
  const { rows } = await registry.query<DataStoreRecord>(
    `SELECT tenant, isolation, cluster, host, port, database, schema FROM data_stores
      WHERE cluster = $1 AND tenant <> $2 AND isolation <> 'byod' AND status <> 'decommissioned' ORDER BY tenant`,
    [store.cluster, store.tenant],
  );
  return rows;
}

async function reachOf(pool: Queryable, roles: string[], schema: string, ownDatabase: boolean): Promise<Reach[]> {
  return (await pool.query<Reach>(REACH_SQL, [roles, schema, ownDatabase])).rows;
}

async function countObjects(pool: Queryable, schema: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT 1 + count(c.oid)::int AS n FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') WHERE n.nspname = $1`,
    [schema],
  );
  return rows[0]?.n ?? 0;
}
