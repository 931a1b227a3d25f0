// What a tenant file asks of its data store, computed offline from the tenant file and
// platform.yaml (no secret is read here): the one input every db resource is built from.
import type { DeletionPolicy, Isolation, Lifecycle, PlatformConfig, TenantConfig } from '../config/index.ts';
import { InternalError } from '../errors/index.ts';
import { deriveNames } from '../naming/index.ts';

export type Purpose = 'owner' | 'app' | 'bi';
export const PURPOSES: readonly Purpose[] = ['owner', 'app', 'bi'];

/** Where a tenant's tables live: the one rule the registry, the semantic model and DNS rely on. */
export interface DataStoreState {
  isolation: Isolation;
  /** Cluster name from platform.yaml; for byod `byod:<secret name>`. */
  cluster: string;
  /** The database's name; for byod `secret:<secret name>` (the real one is in the secret). */
  database: string;
  schema: string;
}

/**
 * Per-role connection limits (`ALTER ROLE ... CONNECTION LIMIT`): the application pools, Power BI
 * refreshes a model at a time. The owner never logs in; its 0 keeps it that way should someone
 * grant it LOGIN.
 */
export const CONNECTION_LIMITS: Readonly<Record<Purpose, number>> = { owner: 0, app: 20, bi: 5 };

export interface DbSpec extends DataStoreState {
  tenant: string;
  /** Platform cluster name (schema and database isolation). */
  clusterName?: string;
  connectionSecret?: string;
  biConnectionSecret?: string;
  lifecycle: Lifecycle;
  deletionPolicy: DeletionPolicy;
  /** The role names tenantops derives; in byod the owner (and without CREATEROLE app and bi) are the customer's. */
  roles: Record<Purpose, string>;
  /**
   * Whether tenantops creates each role. byod: never the owner (the connection's own role runs the
   * DDL); app and BI only when the tenant names no biConnectionSecret (then CREATEROLE is required).
   */
  managed: Record<Purpose, boolean>;
  /** How plans and registry rows name each role: its name, or where a customer's role comes from. */
  labels: Record<Purpose, string>;
  /** Host and port the platform's application reaches the store at (byod: from the secret, at run time). */
  host: string;
  port: number;
}

const DERIVED = /^[a-z_][a-z0-9_]{0,62}$/;

/** The data store a tenant file asks for. */
export function dataStoreOf(tenant: TenantConfig, platform: PlatformConfig): DataStoreState {
  const names = deriveNames(tenant.code);
  const { isolation } = tenant.database;
  if (isolation === 'byod') {
    // The customer's database is named by its connection string, read only when applying.
    return { isolation, cluster: `byod:${tenant.database.connectionSecret}`, database: `secret:${tenant.database.connectionSecret}`, schema: names.schema };
  }
  const cluster = tenant.database.cluster!;
  const database = isolation === 'schema' ? platform.clusters[cluster]?.database ?? 'postgres' : names.database;
  return { isolation, cluster, database, schema: names.schema };
}

export function dbSpecOf(tenant: TenantConfig, platform: PlatformConfig): DbSpec {
  const names = deriveNames(tenant.code);
  const store = dataStoreOf(tenant, platform);
  const byod = store.isolation === 'byod';
  const external = byod && Boolean(tenant.database.biConnectionSecret);
  const roles: Record<Purpose, string> = { ...names.roles };
  for (const name of [...Object.values(roles), names.schema, names.database]) {
    // deriveNames validated the code; this keeps any future rule change from producing a name
    // that would need quoting rules we do not test.
    if (!DERIVED.test(name)) throw new InternalError(`derived name ${JSON.stringify(name)} is not a plain identifier`);
  }
  const secret = tenant.database.connectionSecret;
  const labels: Record<Purpose, string> = { ...roles };
  if (byod) labels.owner = `login role of ${secret}`;
  if (external) {
    labels.app = labels.owner;
    labels.bi = `login role of ${tenant.database.biConnectionSecret}`;
  }
  const cluster = byod ? undefined : platform.clusters[store.cluster];
  return {
    ...store,
    tenant: tenant.code,
    clusterName: byod ? undefined : store.cluster,
    connectionSecret: secret,
    biConnectionSecret: tenant.database.biConnectionSecret,
    lifecycle: tenant.lifecycle,
    deletionPolicy: tenant.deletionPolicy,
    roles,
    managed: { owner: !byod, app: !external, bi: !external },
    labels,
    host: byod ? `secret:${secret}` : cluster?.host ?? `unknown cluster ${store.cluster}`,
    port: byod ? 0 : cluster?.port ?? 5432,
  };
}

/** Whether the tenant's data is to be dropped (decommissioned with deletionPolicy delete; never byod). */
export function dropsData(spec: DbSpec): boolean {
  return spec.lifecycle === 'decommissioned' && spec.deletionPolicy === 'delete' && spec.isolation !== 'byod';
}

/** Whether the tenant's login roles may log in now. */
export function canLogIn(spec: DbSpec): boolean {
  return spec.lifecycle === 'active';
}
