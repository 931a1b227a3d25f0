// The tenant data model as ordered SQL files in templates/tenant-migrations (NNNN_lowercase_words.sql),
// read and checked by pg's migration files, the same as the registry's.
import { ConfigurationError } from '../errors/index.ts';
import { readMigrationFiles, type MigrationFile } from '../pg/index.ts';

export const TENANT_MIGRATIONS_DIR = 'templates/tenant-migrations';
/** The per-tenant table recording applied migrations, in the tenant's schema, owned by its owner. */
export const MIGRATIONS_TABLE = 'tenantops_migrations';

export type TenantMigration = MigrationFile;

/** How plans name a migration: the file and the start of its checksum, so a reviewed plan pins the SQL. */
export function migrationId(m: Pick<TenantMigration, 'name' | 'checksum'>): string {
  return `${m.name}#${m.checksum.slice(0, 12)}`;
}

/** The migrations under `root`, in version order; at least one, or the tenant data model is missing. */
export function readTenantMigrations(root: string): TenantMigration[] {
  const migrations = readMigrationFiles(root, TENANT_MIGRATIONS_DIR, 'tenant migration');
  if (migrations.length === 0) {
    throw new ConfigurationError([{ file: TENANT_MIGRATIONS_DIR, line: 1, col: 1, message: 'no tenant migrations found; the tenant data model lives here as NNNN_name.sql files' }]);
  }
  return migrations;
}
