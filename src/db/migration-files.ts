// The tenant data model as ordered SQL files in templates/tenant-migrations: NNNN_lowercase_words.sql,
// each applied once per tenant in its own transaction and recorded with its SHA-256 (the same
// checksum, line endings normalised, as the registry's own migrations).
import fs from 'node:fs';
import path from 'node:path';
import { ConfigurationError, type Finding } from '../errors/index.ts';
import { checksumMigration } from '../registry/index.ts';

export const TENANT_MIGRATIONS_DIR = 'templates/tenant-migrations';
/** The per-tenant table recording applied migrations, in the tenant's schema, owned by its owner. */
export const MIGRATIONS_TABLE = 'tenantops_migrations';

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface TenantMigration {
  version: string;
  /** `0001_learners.sql` */
  name: string;
  /** Relative to the repository root, for messages: `templates/tenant-migrations/0001_learners.sql`. */
  file: string;
  sql: string;
  checksum: string;
}

/** How plans name a migration: the file and the start of its checksum, so a reviewed plan pins the SQL. */
export function migrationId(m: Pick<TenantMigration, 'name' | 'checksum'>): string {
  return `${m.name}#${m.checksum.slice(0, 12)}`;
}

const cache = new Map<string, { signature: string; migrations: TenantMigration[] }>();

/**
 * The migrations under `root`, in version order. Synchronous because resource graphs are built
 * synchronously; cached per directory until a file's name, size or mtime changes.
 */
export function readTenantMigrations(root: string): TenantMigration[] {
  const dir = path.join(root, TENANT_MIGRATIONS_DIR);
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.sql')).sort() : [];
  const signature = names.map((n) => {
    const st = fs.statSync(path.join(dir, n));
    return `${n}:${st.size}:${st.mtimeMs}`;
  }).join('|');
  const cached = cache.get(dir);
  if (cached?.signature === signature) return cached.migrations;
  const findings: Finding[] = [];
  const migrations: TenantMigration[] = [];
  for (const name of names) {
    const file = `${TENANT_MIGRATIONS_DIR}/${name}`;
    const match = FILE_NAME.exec(name);
    if (!match) {
      findings.push({ file, line: 1, col: 1, message: 'tenant migration file name must be NNNN_lowercase_words.sql' });
      continue;
    }
    const previous = migrations[migrations.length - 1];
    if (previous?.version === match[1]) {
      findings.push({ file, line: 1, col: 1, message: `tenant migration version ${match[1]} is also used by ${previous.name}; versions must be unique` });
      continue;
    }
    const sql = fs.readFileSync(path.join(dir, name), 'utf8');
    migrations.push({ version: match[1], name, file, sql, checksum: checksumMigration(sql) });
  }
  if (migrations.length === 0 && findings.length === 0) findings.push({ file: TENANT_MIGRATIONS_DIR, line: 1, col: 1, message: 'no tenant migrations found; the tenant data model lives here as NNNN_name.sql files' });
  if (findings.length) throw new ConfigurationError(findings);
  cache.set(dir, { signature, migrations });
  return migrations;
}

export interface AppliedMigration {
  version: string;
  name: string;
  checksum: string;
}

/**
 * Checks what a tenant has applied against the files, before anything runs: an applied migration
 * that was edited or removed, or a new one older than the newest applied, is an error naming the
 * file. Returns the migrations still to apply, in order.
 */
export function pendingMigrations(tenant: string, files: readonly TenantMigration[], applied: readonly AppliedMigration[]): TenantMigration[] {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  const findings: Finding[] = [];
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file) {
      findings.push({ file: `${TENANT_MIGRATIONS_DIR}/${row.name}`, line: 1, col: 1, message: `tenant ${tenant} has migration ${row.name} applied, but the file is missing; restore it` });
    } else if (file.checksum !== row.checksum) {
      findings.push({
        file: file.file,
        line: 1,
        col: 1,
        message: `migration ${file.name} was edited after it was applied to tenant ${tenant} (checksum ${row.checksum.slice(0, 12)}…, now ${file.checksum.slice(0, 12)}…); restore it and put the change in a new migration`,
      });
    }
  }
  const done = new Set(applied.map((r) => r.version));
  const newest = applied.map((r) => r.version).sort().at(-1);
  const pending = files.filter((f) => !done.has(f.version));
  for (const f of pending) {
    if (newest !== undefined && f.version < newest) {
      findings.push({ file: f.file, line: 1, col: 1, message: `migration ${f.name} is older than ${newest}, which tenant ${tenant} already has; give it a version after the newest` });
    }
  }
  if (findings.length) throw new ConfigurationError(findings);
  return pending;
}
