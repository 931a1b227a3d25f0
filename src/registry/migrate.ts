// The registry's own schema migrations: plain ordered SQL files (templates/registry/0001_x.sql),
// each applied once in its own transaction and recorded with its checksum. Small on purpose: the
// registry is one database we own, so it needs ordering, a checksum and a lock, not a framework.

import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, InternalError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { advisoryKey } from './locks.ts';
import type { Pool } from './pool.ts';

/** templates/registry in this repository. */
/** Where a repository keeps the registry's migrations (relative to its root). */
export const REGISTRY_MIGRATIONS_DIR = path.join('templates', 'registry');

export const MIGRATIONS_TABLE = 'tenantops_registry_migrations';

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface MigrationFile {
  version: string;
  /** File name, e.g. `0001_init.sql`. */
  name: string;
  sql: string;
  checksum: string;
}

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
 * Sha-256 of the file with line endings normalised, so a Windows checkout (autocrlf) of an
 * untouched migration does not read as an edit.
 */
export function checksumMigration(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await fsp.readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  const rel = (n: string) => path.relative(process.cwd(), path.join(dir, n)).split(path.sep).join('/');
  for (const name of names) {
    const match = FILE_NAME.exec(name);
    if (!match) {
      throw new ConfigurationError([{ file: rel(name), line: 1, col: 1, message: `registry migration file name must be NNNN_lowercase_words.sql` }]);
    }
    const previous = files[files.length - 1];
    if (previous?.version === match[1]) {
      throw new ConfigurationError([{ file: rel(name), line: 1, col: 1, message: `registry migration version ${match[1]} is also used by ${previous.name}; versions must be unique` }]);
    }
    const sql = await fsp.readFile(path.join(dir, name), 'utf8');
    files.push({ version: match[1], name, sql, checksum: checksumMigration(sql) });
  }
  return files;
}

/**
 * Applies the pending migrations. Everything is checked before anything runs: an applied
 * migration that was edited or removed is an error naming the file, and nothing is applied.
 * Concurrent runs (two workflows starting at once) serialise on an advisory lock; the second finds
 * nothing left to do.
 */
export async function migrateRegistry(pool: Pool, options: MigrateOptions = {}): Promise<MigrateResult> {
  const dir = path.resolve(options.dir ?? REGISTRY_MIGRATIONS_DIR);
  const files = await readMigrations(dir);
  const rel = (n: string) => path.relative(process.cwd(), path.join(dir, n)).split(path.sep).join('/');
  const lockKey = advisoryKey('tenantops.registry', 'migrate');
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [lockKey]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
        version     text PRIMARY KEY,
        name        text NOT NULL,
        checksum    text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now(),
        duration_ms integer NOT NULL
      )`);
      const { rows } = await client.query<{ version: string; name: string; checksum: string }>(
        `SELECT version, name, checksum FROM ${MIGRATIONS_TABLE} ORDER BY version`,
      );
      const byVersion = new Map(files.map((f) => [f.version, f]));
      const problems = [];
      for (const row of rows) {
        const file = byVersion.get(row.version);
        if (!file) {
          problems.push({ file: rel(row.name), line: 1, col: 1, message: `registry migration ${row.name} was applied but the file is missing; restore it` });
        } else if (file.checksum !== row.checksum) {
          problems.push({
            file: rel(file.name),
            line: 1,
            col: 1,
            message: `registry migration ${file.name} was edited after it was applied (checksum ${row.checksum.slice(0, 12)}…, now ${file.checksum.slice(0, 12)}…); restore it and put the change in a new migration`,
          });
        }
      }
      if (problems.length) throw new ConfigurationError(problems);

      const applied = new Set(rows.map((r) => r.version));
      const newest = rows[rows.length - 1]?.version;
      const pending = files.filter((f) => !applied.has(f.version));
      const outOfOrder = pending.find((f) => newest !== undefined && f.version < newest);
      if (outOfOrder) {
        throw new ConfigurationError([{ file: rel(outOfOrder.name), line: 1, col: 1, message: `registry migration ${outOfOrder.name} is older than the applied ${newest}; give it a version after ${newest}` }]);
      }
      for (const file of pending) {
        const started = performance.now();
        await client.query('BEGIN');
        try {
          await client.query(file.sql);
          await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)`, [
            file.version,
            file.name,
            file.checksum,
            Math.round(performance.now() - started),
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch((e: Error) => (broken = e));
          const pgErr = err as { message: string; code?: string };
          throw new InternalError(`registry migration ${file.name} failed and was rolled back: ${pgErr.message}${pgErr.code ? ` (SQLSTATE ${pgErr.code})` : ''}`, { cause: err });
        }
        options.log?.info(`registry: applied ${file.name}`);
      }
      return { applied: pending.map((f) => f.name), version: files[files.length - 1]?.version ?? newest };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey]).catch((e: Error) => (broken ??= e));
    }
  } finally {
    client.release(broken);
  }
}
