// Tenants and what hangs off them directly: super users, enabled modules, and the data store the
// platform's application routes each tenant to.

import type { Queryable } from '../pg/index.ts';

export type Lifecycle = 'active' | 'suspended' | 'decommissioned';
/** Where the tenant stands; the moves between them are src/registry/status.ts's. */
export type TenantStatus = 'pending' | 'provisioned' | 'live' | 'failed' | 'suspended' | 'decommissioned';
export type Isolation = 'schema' | 'database' | 'byod';

export interface TenantRecord {
  code: string;
  name: string;
  subdomain: string;
  lifecycle: Lifecycle;
  status: TenantStatus;
  isolation: Isolation;
  cluster: string;
  /** When it last passed provisioning's QA checklist. */
  provisionedAt: Date | null;
  /** When it first went live. */
  liveAt: Date | null;
  /** Who approved its go-live gate. */
  approvedBy: string | null;
  /** Whether the `registry` capability has applied its record (a bare row only anchors deployments). */
  recorded: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type TenantInput = Pick<TenantRecord, 'code' | 'name' | 'subdomain' | 'isolation' | 'cluster'> &
  Partial<Pick<TenantRecord, 'lifecycle' | 'status'>>;

const TENANT_COLUMNS = `code, name, subdomain, lifecycle, status, isolation, cluster, provisioned_at AS "provisionedAt",
  live_at AS "liveAt", approved_by AS "approvedBy", recorded, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Inserts or updates a tenant; `status` and `lifecycle` keep their stored value when not given. */
export async function upsertTenant(db: Queryable, tenant: TenantInput): Promise<TenantRecord> {
  const { rows } = await db.query<TenantRecord>(
    `INSERT INTO tenants (code, name, subdomain, isolation, cluster, lifecycle, status)
     VALUES ($1, $2, $3, $4, $5, coalesce($6, 'active'), coalesce($7, 'pending'))
     ON CONFLICT (code) DO UPDATE SET
       name = excluded.name, subdomain = excluded.subdomain, isolation = excluded.isolation,
       cluster = excluded.cluster,
       lifecycle = coalesce($6, tenants.lifecycle), status = coalesce($7, tenants.status),
       updated_at = now()
     RETURNING ${TENANT_COLUMNS}`,
    [tenant.code, tenant.name, tenant.subdomain, tenant.isolation, tenant.cluster, tenant.lifecycle ?? null, tenant.status ?? null],
  );
  return rows[0];
}

/**
 * The bare row an apply's deployments reference, when the tenant has none yet: not the tenant's
 * record (`recorded` stays false), which the `registry` capability plans and applies. Returns
 * whether a row was inserted.
 */
export async function anchorTenant(db: Queryable, tenant: TenantInput): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO tenants (code, name, subdomain, isolation, cluster, recorded) VALUES ($1, $2, $3, $4, $5, false)
     ON CONFLICT (code) DO NOTHING`,
    [tenant.code, tenant.name, tenant.subdomain, tenant.isolation, tenant.cluster],
  );
  return (rowCount ?? 0) > 0;
}

export async function getTenant(db: Queryable, code: string): Promise<TenantRecord | undefined> {
  const { rows } = await db.query<TenantRecord>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE code = $1`, [code]);
  return rows[0];
}

export async function listTenants(db: Queryable): Promise<TenantRecord[]> {
  const { rows } = await db.query<TenantRecord>(`SELECT ${TENANT_COLUMNS} FROM tenants ORDER BY code`);
  return rows;
}

export interface UserRecord {
  email: string;
  firstName: string;
  lastName: string;
}

/**
 * Makes the tenant's super users exactly `users` (emails compared case-insensitively). One
 * statement, so it is atomic on the pool and inside a caller's transaction alike.
 */
export async function replaceUsers(db: Queryable, tenant: string, users: readonly UserRecord[]): Promise<void> {
  const emails = users.map((u) => u.email.toLowerCase());
  await db.query(
    `WITH gone AS (DELETE FROM users WHERE tenant = $1 AND NOT (email = ANY($2::text[])))
     INSERT INTO users (tenant, email, first_name, last_name)
     SELECT $1::text, u.email, u.first_name, u.last_name
       FROM unnest($2::text[], $3::text[], $4::text[]) AS u(email, first_name, last_name)
     ON CONFLICT (tenant, email) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name`,
    [tenant, emails, users.map((u) => u.firstName), users.map((u) => u.lastName)],
  );
}

export async function listUsers(db: Queryable, tenant: string): Promise<UserRecord[]> {
  const { rows } = await db.query<UserRecord>(
    `SELECT email, first_name AS "firstName", last_name AS "lastName" FROM users WHERE tenant = $1 ORDER BY email`,
    [tenant],
  );
  return rows;
}

/** Makes the tenant's enabled modules exactly `modules`; one statement, like replaceUsers. */
export async function replaceModules(db: Queryable, tenant: string, modules: readonly string[]): Promise<void> {
  await db.query(
    `WITH gone AS (DELETE FROM tenant_modules WHERE tenant = $1 AND NOT (module = ANY($2::text[])))
     INSERT INTO tenant_modules (tenant, module) SELECT DISTINCT $1::text, m FROM unnest($2::text[]) AS t(m)
     ON CONFLICT DO NOTHING`,
    [tenant, [...modules]],
  );
}

export async function listModules(db: Queryable, tenant: string): Promise<string[]> {
  const { rows } = await db.query<{ module: string }>(`SELECT module FROM tenant_modules WHERE tenant = $1 ORDER BY module`, [tenant]);
  return rows.map((r) => r.module);
}

export type DataStoreStatus = 'provisioning' | 'ready' | 'suspended' | 'decommissioned' | 'failed';

/** Where a tenant's data lives. Credentials are secrets (envelopes), never fields here. */
export interface DataStoreRecord {
  tenant: string;
  isolation: Isolation;
  cluster: string;
  host: string;
  port: number;
  database: string;
  schema: string;
  ownerRole: string | null;
  appRole: string | null;
  biRole: string | null;
  status: DataStoreStatus;
}

const STORE_COLUMNS = `tenant, isolation, cluster, host, port, database, schema, owner_role AS "ownerRole",
  app_role AS "appRole", bi_role AS "biRole", status`;

export async function upsertDataStore(db: Queryable, store: DataStoreRecord): Promise<DataStoreRecord> {
  const { rows } = await db.query<DataStoreRecord>(
    `INSERT INTO data_stores (tenant, isolation, cluster, host, port, database, schema, owner_role, app_role, bi_role, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (tenant) DO UPDATE SET
       isolation = excluded.isolation, cluster = excluded.cluster, host = excluded.host, port = excluded.port,
       database = excluded.database, schema = excluded.schema, owner_role = excluded.owner_role,
       app_role = excluded.app_role, bi_role = excluded.bi_role, status = excluded.status, updated_at = now()
     RETURNING ${STORE_COLUMNS}`,
    [store.tenant, store.isolation, store.cluster, store.host, store.port, store.database, store.schema, store.ownerRole, store.appRole, store.biRole, store.status],
  );
  return rows[0];
}

export async function getDataStore(db: Queryable, tenant: string): Promise<DataStoreRecord | undefined> {
  const { rows } = await db.query<DataStoreRecord>(`SELECT ${STORE_COLUMNS} FROM data_stores WHERE tenant = $1`, [tenant]);
  return rows[0];
}
