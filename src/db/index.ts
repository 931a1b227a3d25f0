// db: tenant data provisioning. One isolation strategy per mode (schema, database, byod), chosen
// once per tenant; the three roles and their grants; the tenant's migrations (run by pg's one
// runner) and their fan-out; the registry's record of where each tenant's data lives, and the
// credentials other actions read from there.

export { dbCapability } from './capability.ts';
export {
  dataStoreOf,
  desiredDbResources,
  locateDataStore,
  type DataStoreLocation,
  type DataStoreState,
  type DbTenant,
  type RoleState,
} from './desired.ts';
export { CONNECTION_LIMITS, dbSpecOf } from './spec.ts';
export type { DbSpec, IsolationStrategy, Purpose } from './types.ts';
export { chooseIsolation } from './isolation/index.ts';
export { readDbCredentials, type DbCredentials, type RoleCredentials } from './credentials.ts';
export { BYOD_SECRETS, passwordSecretName } from './secret-names.ts';
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
export { SUPPORTED_POSTGRES_MAJORS } from './postgres-versions.ts';
export { csvLine, exportTenantData, type TableExport, type TableSink } from './export.ts';
export { CHAOS_KILL_AFTER_VARIABLE, recordTenantSql, writeCount } from './sql.ts';
export type { DbServices } from './services.ts';
export { findCrossTenantPrivileges, type AuditedTenant, type CrossTenantPrivilege, type IsolationAuditOptions } from './isolation-audit.ts';
export { LARGE_OBJECT_WRITERS } from './public-access.ts';
