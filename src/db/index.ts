// db: tenant data provisioning. Isolation strategies (schema, database, byod), the three roles and
// their grants, the tracked migration runner and its fan-out, the registry's record of where each
// tenant's data lives, and the credentials other actions read from there.

export { dataStoreOf, desiredDbResources, type DataStoreState, type DesiredDbOptions, type RoleState } from './desired.ts';
export { CONNECTION_LIMITS, dbSpecOf, type DbSpec, type Purpose } from './spec.ts';
export { readDbCredentials, type DbCredentials, type RoleCredentials } from './credentials.ts';
export { passwordSecretName } from './roles.ts';
export { BYOD_SECRETS } from './route.ts';
export { MIGRATIONS_TABLE, readTenantMigrations, TENANT_MIGRATIONS_DIR, type TenantMigration } from './migration-files.ts';
export { migrateTenant, MIGRATION_LOCK_NAMESPACE } from './migrate.ts';
export {
  clusterParallelism,
  migrateTenants,
  renderMigrationMarkdown,
  type MigrateTenantsOptions,
  type MigrateTenantsResult,
  type TenantMigrationResult,
} from './fanout.ts';
export { readTenantStatus, renderTenantStatus, type TenantStatusReport } from './status.ts';
export { targetFor, MIN_SERVER_VERSION, type DbTarget } from './target.ts';
export { CHAOS_KILL_AFTER_VARIABLE, recordTenantSql, writeCount } from './sql.ts';
export type { DbServices } from './services.ts';
export { dbCapability } from './capability.ts';
