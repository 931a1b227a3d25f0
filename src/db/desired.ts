// The data store a tenant file asks for, as plan resources, in dependency order:
//
//   db/role/owner, db/role/app, db/role/bi → db/store → db/grants → db/migrations → db/route
//
// Each reads the server's catalogs (or the registry) and changes only the difference, so a second
// apply of an unchanged tenant sends no DDL and no grant. Deletion (decommissioned with
// deletionPolicy delete) runs the other way: the store is dropped, then the roles; it destroys
// data, so the plan marks it and apply refuses it without force. byod data is never dropped.
import type { PlatformConfig, TenantConfig } from '../config/index.ts';
import type { Resource } from '../plan/index.ts';
import { grantsResource } from './grants.ts';
import { readTenantMigrations } from './migration-files.ts';
import { migrationsResource } from './migrations.ts';
import { roleResource } from './roles.ts';
import { routeResource } from './route.ts';
import { dbSpecOf, PURPOSES } from './spec.ts';
import { storeResource } from './store.ts';

export { dataStoreOf, type DataStoreState } from './spec.ts';
export type { RoleState } from './roles.ts';

export interface DesiredDbOptions {
  /**
   * Repository root holding templates/tenant-migrations: the caller's, never derived from this
   * file's location (inside an action bundle that points into dist/).
   */
  root: string;
}

export function desiredDbResources(tenant: TenantConfig, platform: PlatformConfig, options: DesiredDbOptions): Resource[] {
  const spec = dbSpecOf(tenant, platform);
  const migrations = readTenantMigrations(options.root);
  return [
    ...PURPOSES.map((purpose) => roleResource(spec, purpose)),
    storeResource(spec),
    grantsResource(spec),
    migrationsResource(spec, migrations),
    routeResource(spec),
  ];
}
