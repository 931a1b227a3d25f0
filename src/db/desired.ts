// The data store a tenant file asks for, as plan resources, in dependency order:
//
//   db/role/owner, db/role/app, db/role/bi → db/store → db/grants → db/public, db/migrations → db/route
//
// Each reads the server's catalogs (or the registry) and changes only the difference, so a second
// apply of an unchanged tenant sends no DDL and no grant. Deletion (decommissioned with
// deletionPolicy delete) runs the other way: the store is dropped, then the roles; it destroys
// data, so the plan marks it and apply refuses it without force. byod data is never dropped.
import type { TenantContext } from '../config/index.ts';
import type { Resource } from '../plan/index.ts';
import { grantsResource } from './grants.ts';
import { publicAccessResource } from './public-access.ts';
import { readTenantMigrations, type TenantMigration } from './migration-files.ts';
import { migrationsResource } from './migrations.ts';
import { roleResource } from './roles.ts';
import { routeResource } from './route.ts';
import { dbSpecOf } from './spec.ts';
import { storeResource } from './store.ts';
import { PURPOSES } from './types.ts';

export { dataStoreOf, locateDataStore } from './spec.ts';
export type { DataStoreLocation, DataStoreState } from './types.ts';
export type { RoleState } from './roles.ts';

/**
 * What the db resources read of a tenant's run context: its file, the platform, its derived names,
 * and the repository root holding templates/tenant-migrations (the caller's, never derived from
 * this file's location: inside an action bundle that points into dist/). `migrations`, when the
 * run has read that folder once for all its tenants; else it is read here.
 */
export type DbTenant = Pick<TenantContext, 'config' | 'platform' | 'root' | 'names'> & { readonly migrations?: readonly TenantMigration[] };

export function desiredDbResources(tenant: DbTenant): Resource[] {
  const spec = dbSpecOf(tenant.config, tenant.platform, tenant.names);
  const migrations = tenant.migrations ?? readTenantMigrations(tenant.root);
  return [
    ...PURPOSES.map((purpose) => roleResource(spec, purpose)),
    storeResource(spec),
    grantsResource(spec),
    publicAccessResource(spec),
    migrationsResource(spec, migrations),
    routeResource(spec),
  ];
}
