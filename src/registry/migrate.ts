// The registry's own schema migrations: ordered SQL files in templates/registry, run by pg's
// migration runner (the one the tenant stores use too) under the registry's advisory lock.

import path from 'node:path';
import { InternalError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { readMigrationFiles, runMigrations, type Pool } from '../pg/index.ts';

/** Where a repository keeps the registry's migrations (relative to its root). */
export const REGISTRY_MIGRATIONS_DIR = path.join('templates', 'registry');

export const MIGRATIONS_TABLE = 'tenantops_registry_migrations';

export interface MigrateOptions {
  /** Where the SQL files are. Default: templates/registry under the working directory (the repository root). */
  dir?: string;
  log?: Logger;
}

export interface MigrateResult {
  /** File names applied by this run, in order. */
  applied: string[];
  /** The newest version now in the database. */
  version: string | undefined;
}

/**
 * Applies the pending migrations. Everything is checked before anything runs: an applied
 * migration that was edited or removed is an error naming the file, and nothing is applied.
 * Concurrent runs (two workflows starting at once) serialise on an advisory lock; the second finds
 * nothing left to do.
 */
export async function migrateRegistry(pool: Pool, options: MigrateOptions = {}): Promise<MigrateResult> {
  // Findings name files relative to the working directory, where the CLI and the actions run.
  const files = readMigrationFiles(process.cwd(), options.dir ?? REGISTRY_MIGRATIONS_DIR, 'registry migration');
  const applied = await runMigrations(pool, {
    subject: 'the registry',
    files,
    table: MIGRATIONS_TABLE,
    lock: { namespace: 'tenantops.registry', name: 'migrate' },
    missingTable: 'create',
    // The registry's migrations are ours: one that fails is a bug of ours.
    failure: InternalError,
    log: options.log,
  });
  const { rows } = await pool.query<{ version: string | null }>(`SELECT max(version) AS version FROM ${MIGRATIONS_TABLE}`);
  return { applied: applied.map((f) => f.name), version: rows[0].version ?? undefined };
}
