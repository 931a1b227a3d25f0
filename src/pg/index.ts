// pg: the PostgreSQL helpers the registry and the tenant stores share — one transaction helper,
// one migration runner, advisory lock keys, identifier quoting. It imports neither db nor registry.

export type { Pool, PoolClient, Queryable } from './types.ts';
export { describePgError, ident, literal, qualified } from './quote.ts';
export { advisoryKey } from './advisory.ts';
export { discardClient, inTransaction, sendTransaction, withClient, type Send, type TransactionOptions } from './transaction.ts';
export { pendingMigrations, readMigrationFiles, type AppliedMigration, type MigrationFile } from './migration-files.ts';
export { migrationsTableDdl, readAppliedMigrations, runMigrations, type MigrationRun } from './migrate.ts';
