// Isolation as the catalog sees it, not as error messages suggest: for every role of every tenant
// and every object of every other tenant on a cluster, PostgreSQL's own privilege functions say
// whether the role may reach it (directly, through PUBLIC or through a membership). A USAGE on
// another tenant's schema is found even where no table grant makes it exploitable yet.
//
// Checked: CONNECT, CREATE and TEMPORARY on databases; USAGE and CREATE on schemas; every
// table, view and foreign-table privilege (column grants included); sequences; functions; large
// objects another tenant's role owns; default privileges another tenant's role set; membership
// in another tenant's roles. The QA checklist and the tests share this one definition.
import type { Queryable } from '../pg/index.ts';

export interface AuditedTenant {
  code: string;
  /** The database holding the tenant's schema, as the server names it. */
  database: string;
  schema: string;
  /** Every role of the tenant: owner, app, BI (a customer's own, byod, included). */
  roles: string[];
}

export interface CrossTenantPrivilege {
  /** The role that reaches too far, and its tenant. */
  role: string;
  tenant: string;
  /** What it may do: `CONNECT`, `USAGE`, `SELECT`, `EXECUTE`, `MEMBER`... */
  privilege: string;
  /** `database d`, `schema s`, `table s.t`, `sequence s.q`, `function s.f(int)`, `large object 123`, `default privileges of r`, `role r`. */
  object: string;
  /** Whose it is: another tenant's code, or null for a database no audited tenant lives in. */
  objectTenant: string | null;
}

export interface IsolationAuditOptions {
  /** More databases no tenant's role may reach (e.g. `postgres`, the registry). */
  otherDatabases?: string[];
}

const TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];

/**
 * The privileges any audited tenant's role has on another tenant's objects; none is isolation.
 * `open(database)` returns a connection to that database of the cluster as a role that can read
 * its catalogs (the admin, or a superuser); the caller closes what it opened.
 */
export async function findCrossTenantPrivileges(
  open: (database: string) => Promise<Queryable>,
  tenants: readonly AuditedTenant[],
  options: IsolationAuditOptions = {},
): Promise<CrossTenantPrivilege[]> {
  const roleNames = tenants.flatMap((t) => t.roles);
  const roleTenants = tenants.flatMap((t) => t.roles.map(() => t.code));
  const databases = [...new Set([...tenants.map((t) => t.database), ...(options.otherDatabases ?? [])])];
  const found: CrossTenantPrivilege[] = [];
  for (const database of databases) {
    const db = await open(database);
    const here = tenants.filter((t) => t.database === database);
    const { rows } = await db.query<CrossTenantPrivilege>(AUDIT_SQL, [
      roleNames,
      roleTenants,
      here.map((t) => t.schema),
      here.map((t) => t.code),
      TABLE_PRIVILEGES,
      database === databases[0],
    ]);
    found.push(...rows);
  }
  // A role that is one of several tenants' (a customer's role serving two byod tenants) is not a leak between them.
  const key = (f: CrossTenantPrivilege) => `${f.role}\0${f.privilege}\0${f.object}`;
  const seen = new Set<string>();
  return found
    .filter((f) => !tenants.some((t) => t.code === f.objectTenant && t.roles.includes(f.role)))
    .filter((f) => !seen.has(key(f)) && seen.add(key(f)))
    .sort((a, b) => key(a).localeCompare(key(b)));
}

// $1 role names, $2 their tenants; $3 the schemas of this database, $4 their tenants; $5 table
// privileges; $6 whether to check cluster-wide things (databases, memberships) from here.
const AUDIT_SQL = `
WITH r AS (SELECT x.role, x.tenant, pr.oid AS roid
             FROM unnest($1::text[], $2::text[]) x(role, tenant) JOIN pg_roles pr ON pr.rolname = x.role),
     s AS (SELECT x.schema, x.tenant, n.oid AS nsoid
             FROM unnest($3::text[], $4::text[]) x(schema, tenant) JOIN pg_namespace n ON n.nspname = x.schema),
     -- Which tenants live in each database: reaching a database is fine for them alone.
     dbt AS (SELECT current_database()::text AS datname, array_agg(DISTINCT tenant) AS tenants FROM s)
SELECT r.role, r.tenant, p AS privilege, 'database ' || d.datname AS object,
       CASE WHEN cardinality(coalesce(dbt.tenants, '{}')) = 1 THEN dbt.tenants[1] END AS "objectTenant"
  FROM r CROSS JOIN pg_database d LEFT JOIN dbt ON dbt.datname = d.datname
       CROSS JOIN unnest(ARRAY['CONNECT', 'CREATE', 'TEMPORARY']) p
 WHERE d.datname = current_database() AND NOT (r.tenant = ANY(coalesce(dbt.tenants, '{}')))
   AND has_database_privilege(r.roid, d.oid, p)
UNION ALL
SELECT r.role, r.tenant, p, 'schema ' || s.schema, s.tenant
  FROM r JOIN s ON s.tenant <> r.tenant CROSS JOIN unnest(ARRAY['USAGE', 'CREATE']) p
 WHERE has_schema_privilege(r.roid, s.nsoid, p)
UNION ALL
SELECT r.role, r.tenant, p, 'table ' || s.schema || '.' || c.relname, s.tenant
  FROM r JOIN s ON s.tenant <> r.tenant JOIN pg_class c ON c.relnamespace = s.nsoid AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
       CROSS JOIN unnest($5::text[]) p
 WHERE CASE WHEN p IN ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES') THEN has_any_column_privilege(r.roid, c.oid, p)
            ELSE has_table_privilege(r.roid, c.oid, p) END
UNION ALL
SELECT r.role, r.tenant, p, 'sequence ' || s.schema || '.' || c.relname, s.tenant
  FROM r JOIN s ON s.tenant <> r.tenant JOIN pg_class c ON c.relnamespace = s.nsoid AND c.relkind = 'S'
       CROSS JOIN unnest(ARRAY['USAGE', 'SELECT', 'UPDATE']) p
 WHERE has_sequence_privilege(r.roid, c.oid, p)
UNION ALL
SELECT r.role, r.tenant, 'EXECUTE', 'function ' || pr.oid::regprocedure::text, s.tenant
  FROM r JOIN s ON s.tenant <> r.tenant JOIN pg_proc pr ON pr.pronamespace = s.nsoid
 WHERE has_function_privilege(r.roid, pr.oid, 'EXECUTE')
UNION ALL
SELECT r.role, r.tenant, a.privilege_type, 'large object ' || l.oid::text, o.tenant
  FROM pg_largeobject_metadata l JOIN r o ON o.roid = l.lomowner
       CROSS JOIN LATERAL aclexplode(coalesce(l.lomacl, acldefault('L', l.lomowner))) a
       JOIN r ON r.tenant <> o.tenant AND (a.grantee = 0 OR a.grantee = r.roid OR pg_has_role(r.roid, a.grantee, 'USAGE'))
UNION ALL
SELECT r.role, r.tenant, a.privilege_type,
       'default privileges of ' || o.role || ' on ' || CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' ELSE 'schemas' END,
       o.tenant
  FROM pg_default_acl d JOIN r o ON o.roid = d.defaclrole CROSS JOIN LATERAL aclexplode(d.defaclacl) a
       JOIN r ON r.tenant <> o.tenant AND (a.grantee = r.roid OR a.grantee = 0)
UNION ALL
SELECT r.role, r.tenant, 'MEMBER', 'role ' || o.role, o.tenant
  FROM r JOIN r o ON o.tenant <> r.tenant AND o.roid <> r.roid
 WHERE $6 AND pg_has_role(r.roid, o.roid, 'MEMBER')
`;
