// The one migration runner, for the registry and for every tenant's store. Hand-written rather
// than umzug, postgrator or node-pg-migrate: none runs each file as another role with its
// search_path pinned, under an advisory lock of our choosing, with a SHA-256 checksummed record
// written in the same transaction, without wrapping most of it anyway.
//
// Under the lock the applied rows are read again and checked against the files (an edited or
// missing applied file, or a new one older than the newest applied, stops everything before
// anything runs); then each pending file runs in one transaction with its tracking row, so a run
// killed half-way leaves a migration applied and recorded, or neither.
import { EnvironmentError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { advisoryKey } from './advisory.ts';
import { pendingMigrations, type AppliedMigration, type MigrationFile } from './migration-files.ts';
import { describePgError, literal } from './quote.ts';
import { discardClient, sendTransactionOn, withClient, type Send } from './transaction.ts';
import type { Pool, Queryable } from './types.ts';

/** The tracking table's definition: the same columns for the registry and every tenant. */
export function migrationsTableDdl(table: string, ifNotExists = false): string {
  return `CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${table} (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL
)`;
}

/** The rows of `table` (quoted, qualified where needed), oldest first; undefined when it does not exist. */
export async function readAppliedMigrations(db: Queryable, table: string): Promise<AppliedMigration[] | undefined> {
  const { rows: exists } = await db.query<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [table]);
  if (!exists[0].found) return undefined;
  const { rows } = await db.query<AppliedMigration>(`SELECT version, name, checksum FROM ${table} ORDER BY version`);
  return rows;
}

export interface MigrationRun {
  /** Whose migrations, in messages: `tenant acme`, `the registry`. */
  subject: string;
  files: readonly MigrationFile[];
  /** The tracking table, quoted (and qualified where the search_path would not find it). */
  table: string;
  /** The advisory lock that serialises runs on this database (two workflows, an apply and a rollout). */
  lock: { namespace: string; name: string };
  /** When the tracking table is missing: create it (the registry), or fail with this error (a store not provisioned yet). */
  missingTable: 'create' | (() => Error);
  /** Statements each file's transaction starts with: SET LOCAL ROLE, a pinned search_path. */
  before?: readonly string[];
  /** Statements each file's transaction runs after the file, before its tracking row. */
  after?: readonly string[];
  /** How a file's transaction reaches the server (see pg's Send); default `client.query`. */
  send?: Send;
  /** What a failed migration raises; default EnvironmentError (the server refused the file). */
  failure?: new (message: string, options?: ErrorOptions) => Error;
  log?: Logger;
}

/** Applies the pending migrations; returns the files applied by this call, in order. */
export function runMigrations(pool: Pool, run: MigrationRun): Promise<MigrationFile[]> {
  const key = advisoryKey(run.lock.namespace, run.lock.name);
  return withClient(pool, async (client) => {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    try {
      let rows = await readAppliedMigrations(client, run.table);
      if (!rows) {
        if (run.missingTable !== 'create') throw run.missingTable();
        await client.query(migrationsTableDdl(run.table, true));
        rows = [];
      }
      const pending = pendingMigrations(run.subject, run.files, rows);
      for (const file of pending) {
        const statements = [
          ...(run.before ?? []),
          file.sql,
          ...(run.after ?? []),
          // now() is the transaction's start: the duration is the migration's own.
          `INSERT INTO ${run.table} (version, name, checksum, duration_ms) VALUES (${literal(file.version)}, ${literal(file.name)}, ${literal(file.checksum)}, ` +
            `(extract(epoch FROM clock_timestamp() - now()) * 1000)::integer)`,
        ];
        try {
          await sendTransactionOn(client, statements, { send: run.send });
        } catch (err) {
          const Failure = run.failure ?? EnvironmentError;
          throw new Failure(`${run.subject}: migration ${file.file} failed and was rolled back: ${describePgError(err)}`, { cause: err });
        }
        run.log?.info(`${run.subject}: applied migration ${file.name}`);
      }
      return pending;
    } finally {
      // A failed unlock leaves the session holding the lock: end it, which releases it.
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch((e: Error) => discardClient(client, e));
    }
  });
}
