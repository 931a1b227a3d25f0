// Database isolation: the tenant's own database on its cluster, owned by its owner role, which
// PUBLIC may not even connect to. Roles and the database are managed from the cluster's admin
// database, the schema inside the tenant's own; dropping the store drops the database.
import { ident, sendTransaction } from '../../pg/index.ts';
import { withDatabaseAclLock } from '../database-acl.ts';
import { execute, TENANT_WRITES } from '../sql.ts';
import type { DbTarget, IsolationStrategy, OwnDatabase } from '../types.ts';
import { clusterRoles, locateOnCluster, openCluster } from './cluster.ts';

const ownDatabase: OwnDatabase = {
  async read(target) {
    const { rows } = await target.cluster.query<{ owner: string; public: string[] }>(
      `SELECT pg_get_userbyid(d.datdba) AS owner,
              array(SELECT 'database: ' || a.privilege_type FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                     WHERE a.grantee = 0 ORDER BY 1) AS public
         FROM pg_database d WHERE d.datname = $1`,
      [target.spec.database],
    );
    if (!rows[0]) return undefined;
    const found = [...rows[0].public];
    if (rows[0].owner !== target.roles.owner) found.push(`database owned by ${rows[0].owner}`);
    // PUBLIC's default CREATE/USAGE on schema public: in a database of the tenant's alone, nobody's.
    const data = (await target.data())!;
    const { rows: schema } = await data.query<{ public: string[] }>(
      `SELECT array(SELECT 'schema public: ' || a.privilege_type FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
                     WHERE n.nspname = 'public' AND a.grantee = 0 ORDER BY 1) AS public`,
    );
    return [...found, ...schema[0].public];
  },
  async ensure(target: DbTarget, found) {
    const database = ident(target.spec.database);
    const owner = ident(target.roles.owner);
    // CREATE DATABASE cannot run in a transaction; the REVOKE right after closes the door PUBLIC
    // has by default, and a run killed between the two finds `database: CONNECT` and revokes it.
    if (!found) await execute(target.cluster, `CREATE DATABASE ${database} OWNER ${owner} TEMPLATE template0`);
    const access = found ?? ['database: CONNECT'];
    const onDatabase: string[] = [];
    if (access.some((a) => a.startsWith('database owned by'))) onDatabase.push(`ALTER DATABASE ${database} OWNER TO ${owner}`);
    if (access.some((a) => a.startsWith('database: '))) onDatabase.push(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
    if (onDatabase.length) await withDatabaseAclLock(target, target.spec.database, () => sendTransaction(target.cluster, onDatabase, TENANT_WRITES));
    return !found || access.some((a) => a.startsWith('schema public: ')) ? ['REVOKE ALL ON SCHEMA public FROM PUBLIC'] : [];
  },
};

export const databaseIsolation: IsolationStrategy = {
  isolation: 'database',
  sharedDatabase: false,
  onCustomerServer: false,
  locate: (tenant, platform, names) => locateOnCluster('database', tenant, platform, names.database, names),
  roles: clusterRoles,
  mayDropData: true,
  parts: ['database', 'schema', 'migration table'],
  describe: (spec) => ({ kind: 'database', what: `database ${spec.database}`, where: `cluster ${spec.cluster}` }),
  sealedSecrets: () => [],
  open: (services, spec) =>
    openCluster(services, spec, {
      admin: (s, cluster) => s.clusterAdmin(cluster),
      adminDatabase: 'of its admin connection',
      data: (s, cluster, admin) => async () => {
        const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [spec.database]);
        return rows.length ? s.clusterDatabase(cluster, spec.database) : undefined;
      },
    }),
  ownDatabase,
  async drop(target) {
    const { spec } = target;
    await target.services.releaseClusterDatabase(spec.clusterName!, spec.database);
    await execute(target.cluster, `DROP DATABASE IF EXISTS ${ident(spec.database)} WITH (FORCE)`);
  },
};
