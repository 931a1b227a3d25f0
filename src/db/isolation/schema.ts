// Schema isolation: the tenant's own schema in its cluster's shared database (platform.yaml
// clusters.<name>.database). Roles and schema are managed from that database; dropping the store
// drops the schema with everything in it.
import { ident } from '../../pg/index.ts';
import { execute } from '../sql.ts';
import type { IsolationStrategy } from '../types.ts';
import { clusterRoles, locateOnCluster, openCluster } from './cluster.ts';

export const schemaIsolation: IsolationStrategy = {
  isolation: 'schema',
  sharedDatabase: true,
  onCustomerServer: false,
  locate: (tenant, platform, names) => locateOnCluster('schema', tenant, platform, platform.clusters[tenant.database.cluster!]?.database ?? 'postgres', names),
  roles: clusterRoles,
  mayDropData: true,
  parts: ['schema', 'migration table'],
  describe: (spec) => ({ kind: 'schema', what: `schema ${spec.schema}`, where: `cluster ${spec.cluster}` }),
  sealedSecrets: () => [],
  open: (services, spec) =>
    openCluster(services, spec, {
      // Everything happens in the shared database: roles are cluster-wide, the schema is there.
      admin: (s, cluster) => s.clusterDatabase(cluster, spec.database),
      adminDatabase: spec.database,
      data: (_s, _cluster, admin) => async () => admin,
    }),
  async drop(target) {
    await execute(target.cluster, `DROP SCHEMA IF EXISTS ${ident(target.spec.schema)} CASCADE`);
  },
};
