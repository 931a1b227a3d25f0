// The data store a tenant file asks for, as plan resources: where its data lives and the three
// roles that reach it. Which store a live tenant uses can never change in place: moving data
// between stores is out of scope, so the plan refuses it unless forced.
import type { PlatformConfig, TenantConfig } from '../config/index.ts';
import { deriveNames } from '../naming/index.ts';
import { declareResource, type Resource } from '../plan/index.ts';

export interface DataStoreState {
  isolation: TenantConfig['database']['isolation'];
  /** Cluster name from platform.yaml; for byod the secret that names the customer's server. */
  cluster: string;
  database: string;
  schema: string;
}

export interface RoleState {
  name: string;
  /** Whether the role may log in (an owner never does; nobody does while suspended). */
  login: boolean;
  purpose: 'owner' | 'app' | 'bi';
}

const STRANDS_DATA =
  "changing a live tenant's store would strand its data in the old one (moving data between stores is out of scope)";

/** Where the tenant's tables live: the one rule the registry, the semantic model and DNS rely on. */
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

export function desiredDbResources(tenant: TenantConfig, platform: PlatformConfig): Resource[] {
  const names = deriveNames(tenant.code);
  const gone = tenant.lifecycle === 'decommissioned';
  const dropData = gone && tenant.deletionPolicy === 'delete' && tenant.database.isolation !== 'byod';
  const canLogIn = tenant.lifecycle === 'active';
  const store = declareResource<DataStoreState>({
    key: 'db/store',
    kind: 'db.store',
    desired: dropData ? undefined : dataStoreOf(tenant, platform),
    diff: {
      summary: { create: `create the tenant's ${tenant.database.isolation === 'schema' ? 'schema' : 'database'} ${names.schema}`, delete: `DROP the tenant's data (${names.schema})` },
      replaceOn: { isolation: STRANDS_DATA, cluster: STRANDS_DATA, database: STRANDS_DATA },
    },
  });
  const roles = (['owner', 'app', 'bi'] as const).map((purpose) =>
    declareResource<RoleState>({
      key: `db/role/${purpose}`,
      kind: 'db.role',
      dependsOn: ['db/store'],
      desired: dropData ? undefined : { name: names.roles[purpose], login: purpose !== 'owner' && canLogIn, purpose },
      diff: { summary: { create: `create role ${names.roles[purpose]}`, update: `alter role ${names.roles[purpose]}`, delete: `drop role ${names.roles[purpose]}` } },
    }),
  );
  return [store, ...roles];
}
