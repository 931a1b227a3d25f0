// Everything provisioning leaves behind for one tenant, read from PostgreSQL's own catalogs and the
// registry, as plain sorted data: what "converges to the same state" and "changes nothing" compare.
// Volatile values (timestamps, durations, OIDs, password verifiers, envelope bytes) are left out.
// Runs outside vitest too: scripts/chaos.ts uses it.
import type pg from 'pg';
import { urlWith, withClient } from './pg.ts';

export interface SnapshotWhere {
  /** Superuser URL of any database of the cluster (the snapshot reconnects to the ones it needs). */
  superUrl: string;
  /** Databases that may hold the tenant's schema (the shared one, its own, a customer's). */
  databases: string[];
  /** The registry's database on the same server; absent (a registry elsewhere) leaves the registry out. */
  registryDatabase?: string;
  tenant: string;
}

export type Snapshot = Record<string, unknown>;

export async function snapshotTenant(where: SnapshotWhere): Promise<Snapshot> {
  const stem = `tenant_${where.tenant.replaceAll('-', '_')}`;
  const out: Snapshot = {};
  await withDb(where.superUrl, 'postgres', async (c) => {
    out.roles = (
      await c.query(
        `SELECT r.rolname, r.rolcanlogin, r.rolconnlimit, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolinherit,
                r.rolpassword IS NOT NULL AS has_password,
                coalesce((SELECT array_agg(x::text ORDER BY x::text) FROM pg_db_role_setting s, unnest(s.setconfig) x WHERE s.setrole = r.oid), '{}') AS settings,
                coalesce((SELECT array_agg(g.rolname::text || '>' || m.admin_option::text || m.inherit_option::text || m.set_option::text ORDER BY g.rolname::text)
                            FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid), '{}') AS member_of,
                coalesce((SELECT array_agg(u.rolname::text ORDER BY u.rolname::text) FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member WHERE m.roleid = r.oid), '{}') AS members
           FROM pg_authid r WHERE r.rolname LIKE $1 ORDER BY r.rolname`,
        [`${stem}\\_%`],
      )
    ).rows;
    out.databases = (
      await c.query(
        `SELECT datname, pg_get_userbyid(datdba) AS owner, coalesce((SELECT array_agg(a::text ORDER BY a::text) FROM unnest(datacl) a), '{}') AS acl
           FROM pg_database WHERE datname = $1 OR datname = ANY($2) ORDER BY datname`,
        [stem, where.databases],
      )
    ).rows;
  });
  // Only databases that exist: a dropped tenant database is a fact of the snapshot, not an error.
  const dbs = (out.databases as { datname: string }[]).map((d) => d.datname).sort();
  for (const db of dbs) out[`db:${db === stem ? '<tenant>' : db}`] = await withDb(where.superUrl, db, (c) => snapshotSchema(c, stem));
  if (!where.registryDatabase) return out;
  out.registry = await withDb(where.superUrl, where.registryDatabase, async (c) => ({
    tenant: (await c.query(`SELECT code, lifecycle, isolation, cluster FROM tenants WHERE code = $1`, [where.tenant])).rows,
    dataStore: (await c.query(`SELECT isolation, cluster, host, port, database, schema, owner_role, app_role, bi_role, status FROM data_stores WHERE tenant = $1`, [where.tenant])).rows,
    secrets: (await c.query(`SELECT name, kid FROM secrets WHERE tenant = $1 ORDER BY name`, [where.tenant])).rows,
    resources: (await c.query(`SELECT key, kind, external_id, state FROM resources WHERE tenant = $1 ORDER BY key`, [where.tenant])).rows,
  }));
  return out;
}

async function snapshotSchema(c: pg.Client, schema: string): Promise<unknown> {
  const ns = (await c.query(`SELECT oid, pg_get_userbyid(nspowner) AS owner, coalesce((SELECT array_agg(a::text ORDER BY a::text) FROM unnest(nspacl) a), '{}') AS acl FROM pg_namespace WHERE nspname = $1`, [schema])).rows[0];
  const publicSchema = (await c.query(`SELECT coalesce((SELECT array_agg(a::text ORDER BY a::text) FROM unnest(nspacl) a), '{}') AS acl FROM pg_namespace WHERE nspname = 'public'`)).rows[0];
  const defaults = (
    await c.query(
      `SELECT pg_get_userbyid(defaclrole) AS role, coalesce(n.nspname, '*') AS schema, defaclobjtype AS type,
              (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(defaclacl) a) AS acl
         FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
        WHERE pg_get_userbyid(defaclrole) LIKE $1 ORDER BY 1, 2, 3`,
      [`${schema}\\_%`],
    )
  ).rows;
  if (!ns) return { schema: null, publicSchema, defaults };
  const relations = (
    await c.query(
      `SELECT c.relname, c.relkind, pg_get_userbyid(c.relowner) AS owner,
              coalesce((SELECT array_agg(a::text ORDER BY a::text) FROM unnest(c.relacl) a), '{}') AS acl,
              (SELECT array_agg(format('%s %s %s %s', a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, coalesce(pg_get_expr(d.adbin, d.adrelid), '')) ORDER BY a.attnum)
                 FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
              (SELECT array_agg(conname || ' ' || pg_get_constraintdef(oid) ORDER BY conname) FROM pg_constraint WHERE conrelid = c.oid) AS constraints
         FROM pg_class c WHERE c.relnamespace = $1 ORDER BY c.relname`,
      [ns.oid],
    )
  ).rows;
  const functions = (
    await c.query(
      `SELECT p.oid::regprocedure::text AS signature, pg_get_userbyid(p.proowner) AS owner,
              coalesce((SELECT array_agg(a::text ORDER BY a::text) FROM unnest(p.proacl) a), '{}') AS acl, prosrc
         FROM pg_proc p WHERE p.pronamespace = $1 ORDER BY 1`,
      [ns.oid],
    )
  ).rows;
  const table = await c.query(`SELECT to_regclass(format('%I.tenantops_migrations', $1::text)) IS NOT NULL AS found`, [schema]);
  const migrations = table.rows[0].found ? (await c.query(`SELECT version, name, checksum FROM ${c.escapeIdentifier(schema)}.tenantops_migrations ORDER BY version`)).rows : null;
  return { schema: { owner: ns.owner, acl: ns.acl }, publicSchema, defaults, relations, functions, migrations };
}

function withDb<T>(superUrl: string, database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return withClient(urlWith(superUrl, database), fn);
}
