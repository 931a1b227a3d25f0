// One database's privileges changed by one transaction at a time, whichever tenant's run sends it.
//
// A database's ACL is one row of the cluster-wide pg_database, and PUBLIC's grants on what every
// tenant of a shared database shares (schema public, the large-object functions) are one row each
// there. GRANT and REVOKE rewrite that row; when two transactions rewrite it at once the later
// one does not merge, it fails with `tuple concurrently updated` (SQLSTATE XX000) once the first
// commits. Since each tenant's roles get CONNECT explicitly (db/grants), tenants applied at once
// on one shared database (a fleet rollout, migrate --all) did exactly that.
//
// Serialised with a transaction-scoped advisory lock rather than retried: a bounded retry fails a
// large enough fleet, the lock only makes it queue for milliseconds. The lock is held in the
// registry, not on the cluster: advisory locks belong to the database the session is in, and these
// statements are sent from different databases of a cluster (schema tenants from the shared
// database, database tenants from the admin one, the `postgres` database's from either), while
// every run of the platform reaches the one registry. The key space `tenantops.database-acl`
// (cluster/database) is its own: the tenant locks (`tenantops.tenant`) and the migration runners'
// locks use other namespaces of advisoryKey.
import { advisoryKey, discardClient, withClient } from '../pg/index.ts';
import type { DbTarget } from './types.ts';

export const DATABASE_ACL_LOCK_NAMESPACE = 'tenantops.database-acl';

/** The lock key of `database`'s privileges on the tenant's server. */
export function databaseAclKey(target: DbTarget, database: string): string {
  return advisoryKey(DATABASE_ACL_LOCK_NAMESPACE, `${target.spec.cluster}/${database}`);
}

/**
 * Runs `fn` — transactions that GRANT or REVOKE on `database`, or on what its tenants share — while
 * no other run changes that database's privileges. Never nest two: each holds a registry connection.
 */
export async function withDatabaseAclLock<T>(target: DbTarget, database: string, fn: () => Promise<T>): Promise<T> {
  const registry = await target.services.registry();
  return withClient(registry, async (client) => {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [databaseAclKey(target, database)]);
      return await fn();
    } finally {
      // The lock's transaction changed nothing: ending it releases the lock (so does a lost connection).
      await client.query('ROLLBACK').catch((e: Error) => discardClient(client, e));
    }
  });
}
