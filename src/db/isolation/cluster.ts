// What schema and database isolation share: the store is on a platform cluster from platform.yaml,
// managed through the cluster's admin connection string, with roles tenantops creates itself.
import { resolveSecret, type Isolation, type PlatformConfig, type TenantConfig } from '../../config/index.ts';
import { EnvironmentError } from '../../errors/index.ts';
import type { DerivedNames } from '../../naming/index.ts';
import { describePgError, type Pool } from '../../pg/index.ts';
import type { DbServices } from '../services.ts';
import { labeller, serverInfo } from '../target.ts';
import type { DataStoreLocation, DbSpec, DbTarget, IsolationStrategy } from '../types.ts';

/** The store on the tenant's cluster, in `database` there. */
export function locateOnCluster(isolation: Isolation, tenant: TenantConfig, platform: PlatformConfig, database: string, names: DerivedNames): DataStoreLocation {
  const cluster = tenant.database.cluster!;
  const config = platform.clusters[cluster];
  const host = config?.host ?? `unknown cluster ${cluster}`;
  const port = config?.port ?? 5432;
  return { isolation, cluster, clusterName: cluster, database, schema: names.schema, host, port, address: `${host}:${port}` };
}

/** On a platform cluster every role is tenantops' own, named as derived. */
export const clusterRoles: IsolationStrategy['roles'] = (_tenant, names) => ({
  managed: { owner: true, app: true, bi: true },
  labels: { ...names.roles },
});

export interface ClusterAccess {
  /** The pool cluster-wide objects (roles, databases) are managed from. */
  admin(services: DbServices, cluster: string): Promise<Pool>;
  /** The database `admin` is on, for messages. */
  adminDatabase: string;
  /** The database holding the tenant's schema, once it exists. */
  data(services: DbServices, cluster: string, admin: Pool): () => Promise<Pool | undefined>;
}

/** Opens the tenant's platform cluster; an undefined or unreachable cluster is named. */
export async function openCluster(services: DbServices, spec: DbSpec, access: ClusterAccess): Promise<DbTarget> {
  const name = spec.clusterName!;
  const config = services.platform.clusters[name];
  if (!config) {
    const defined = Object.keys(services.platform.clusters).join(', ') || 'none';
    throw new EnvironmentError(`tenant ${spec.tenant}: database.cluster "${name}" is not defined in platform.yaml; defined: ${defined}`);
  }
  const baseUrl = resolveSecret(config.adminSecret, services.env, `clusters.${name}.adminSecret of platform.yaml`);
  const cluster = await access.admin(services, name);
  const info = await serverInfo(cluster).catch((err: unknown) => {
    throw new EnvironmentError(`tenant ${spec.tenant}: cannot reach cluster ${name} (${config.host}:${config.port}, database ${access.adminDatabase}): ${describePgError(err)}`);
  });
  return {
    spec,
    services,
    cluster,
    data: access.data(services, name, cluster),
    roles: { ...spec.roles },
    databaseName: spec.database,
    host: config.host,
    port: config.port,
    serverVersion: info.version,
    currentUser: info.user,
    superuser: info.superuser,
    baseUrl,
    label: labeller(spec, spec.roles),
  };
}
