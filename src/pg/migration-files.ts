// Migrations as ordered SQL files, NNNN_lowercase_words.sql, each recorded once applied with its
// SHA-256, and the checks made before anything runs: an applied migration that was edited or whose
// file is gone, or a new one older than the newest applied, is an error naming the file.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigurationError, type Finding } from '../errors/index.ts';

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface MigrationFile {
  version: string;
  /** `0001_learners.sql` */
  name: string;
  /** Relative to the root it was read under, for messages: `templates/tenant-migrations/0001_learners.sql`. */
  file: string;
  sql: string;
  checksum: string;
}

/** A row of a tracking table. */
export interface AppliedMigration {
  version: string;
  name: string;
  checksum: string;
}

/**
 * Sha-256 of the file with line endings normalised, so a Windows checkout (autocrlf) of an
 * untouched migration does not read as an edit.
 */
export function checksumMigration(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

const cache = new Map<string, { signature: string; files: MigrationFile[] }>();

/**
 * The migrations in `dir` (relative to `root`, or absolute), in version order; none when the folder
 * does not exist. `noun` names them in findings (`tenant migration`). Synchronous because resource
 * graphs are built synchronously; cached per folder until a file's name, size or mtime changes.
 */
export function readMigrationFiles(root: string, dir: string, noun: string): MigrationFile[] {
  const abs = path.resolve(root, dir);
  const names = fs.existsSync(abs) ? fs.readdirSync(abs).filter((n) => n.endsWith('.sql')).sort() : [];
  const signature = names.map((n) => {
    const st = fs.statSync(path.join(abs, n));
    return `${n}:${st.size}:${st.mtimeMs}`;
  }).join('|');
  const cached = cache.get(abs);
  if (cached?.signature === signature) return cached.files;
  const findings: Finding[] = [];
  const files: MigrationFile[] = [];
  for (const name of names) {
    const file = path.relative(root, path.join(abs, name)).split(path.sep).join('/');
    const match = FILE_NAME.exec(name);
    if (!match) {
      findings.push({ file, line: 1, col: 1, message: `${noun} file name must be NNNN_lowercase_words.sql` });
      continue;
    }
    const previous = files[files.length - 1];
    if (previous?.version === match[1]) {
      findings.push({ file, line: 1, col: 1, message: `${noun} version ${match[1]} is also used by ${previous.name}; versions must be unique` });
      continue;
    }
    const sql = fs.readFileSync(path.join(abs, name), 'utf8');
    files.push({ version: match[1], name, file, sql, checksum: checksumMigration(sql) });
  }
  if (findings.length) throw new ConfigurationError(findings);
  cache.set(abs, { signature, files });
  return files;
}

/**
 * Checks what `subject` (`tenant acme`, `the registry`) has applied against the files, every fault
 * at once; returns the migrations still to apply, in order.
 */
export function pendingMigrations(subject: string, files: readonly MigrationFile[], applied: readonly AppliedMigration[]): MigrationFile[] {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  // A missing file is named where it would be: beside the others.
  const dirOf = (f: MigrationFile | undefined) => (f ? f.file.slice(0, f.file.length - f.name.length) : '');
  const findings: Finding[] = [];
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file) {
      findings.push({ file: `${dirOf(files[0])}${row.name}`, line: 1, col: 1, message: `${subject} has migration ${row.name} applied, but the file is missing; restore it` });
    } else if (file.checksum !== row.checksum) {
      findings.push({
        file: file.file,
        line: 1,
        col: 1,
        message: `migration ${file.name} was edited after it was applied to ${subject} (checksum ${row.checksum.slice(0, 12)}…, now ${file.checksum.slice(0, 12)}…); restore it and put the change in a new migration`,
      });
    }
  }
  const done = new Set(applied.map((r) => r.version));
  const newest = applied.map((r) => r.version).sort().at(-1);
  const pending = files.filter((f) => !done.has(f.version));
  for (const f of pending) {
    if (newest !== undefined && f.version < newest) {
      findings.push({ file: f.file, line: 1, col: 1, message: `migration ${f.name} is older than ${newest}, which ${subject} already has; give it a version after the newest` });
    }
  }
  if (findings.length) throw new ConfigurationError(findings);
  return pending;
}
