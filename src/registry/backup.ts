// Registry backups: every table of the registry in one document, sealed as a whole under the
// registry's current key (AES-256-GCM, the envelope's cipher), so a backup file reveals nothing —
// not even tenant names. The secrets inside stay exactly as sealed: a restore copies envelopes, it
// never opens them. Tables are found in the catalog, so tables later migrations add are covered.
//
// A restore decrypts and checks everything before it writes, then writes in one transaction: a
// wrong key, a tampered file or a backup from a newer registry changes nothing.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EnvironmentError } from '../errors/index.ts';
import { ident, inTransaction, type Pool, type Queryable } from '../pg/index.ts';
import { appendAudit } from './audit.ts';
import { ENCRYPTION_KEY_VARIABLE, OLD_ENCRYPTION_KEYS_VARIABLE, type Keyring } from './envelope.ts';
import { MIGRATIONS_TABLE } from './migrate.ts';

export const BACKUP_FORMAT = 'tenantops-registry-backup';
const BACKUP_VERSION = 1;
const BACKUP_AAD = `${BACKUP_FORMAT}/v${BACKUP_VERSION}`;
/** Append-only (its triggers refuse DELETE and TRUNCATE): a forced restore adds to it, never replaces it. */
const APPEND_ONLY = 'audit_log';

/** The file: only what opening it needs is in clear. */
interface SealedBackup {
  format: typeof BACKUP_FORMAT;
  version: number;
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

interface TableDump {
  name: string;
  columns: string[];
  rows: Record<string, unknown>[];
}

/** What the sealed document holds. */
interface BackupDocument {
  createdAt: string;
  /** Registry migrations applied when it was taken. */
  migrations: string[];
  /** In foreign-key order: a table comes after the tables it references. */
  tables: TableDump[];
}

export interface BackupSummary {
  createdAt: string;
  keyId: string;
  migrations: number;
  /** Rows per table. */
  rows: Record<string, number>;
}

export interface RestoreResult extends BackupSummary {
  /** Whether the registry held rows that the restore replaced (only with force). */
  replaced: boolean;
}

/** Seals every table of the registry into one backup file's text. */
export async function backupRegistry(pool: Pool, keyring: Keyring): Promise<{ text: string; summary: BackupSummary }> {
  // One snapshot of every table, so rows that reference each other are consistent.
  const document = await inTransaction(pool, async (db) => {
    await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const tables: TableDump[] = [];
    for (const name of await tablesInOrder(db)) {
      const columns = await insertableColumns(db, name);
      // Generated columns come along here and are left out on the way back in (`columns`).
      const { rows } = await db.query<{ row: Record<string, unknown> }>(`SELECT row_to_json(t) AS row FROM ${ident(name)} t`);
      tables.push({ name, columns, rows: rows.map((r) => r.row) });
    }
    const { rows } = await db.query<{ version: string }>(`SELECT version FROM ${MIGRATIONS_TABLE} ORDER BY version`);
    return { createdAt: new Date().toISOString(), migrations: rows.map((r) => r.version), tables } satisfies BackupDocument;
  });
  const key = keyring.current;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(BACKUP_AAD, 'utf8'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(document), 'utf8'), cipher.final()]);
  const sealed: SealedBackup = { format: BACKUP_FORMAT, version: BACKUP_VERSION, kid: key.id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
  return { text: `${JSON.stringify(sealed)}\n`, summary: summarise(document, key.id) };
}

/**
 * Restores a backup into the registry (migrated to at least the backup's migrations). Refuses a
 * registry that holds anything unless `force`, which replaces every table but the append-only
 * audit log (the backup's audit rows are added to it). Nothing is written unless all of it is.
 */
export async function restoreRegistry(
  pool: Pool,
  keyring: Keyring,
  text: string,
  options: { file: string; force?: boolean; actor: string },
): Promise<RestoreResult> {
  const document = openBackup(text, keyring, options.file);
  return inTransaction(pool, async (db) => {
    // Nobody writes while the tables are compared and replaced.
    const current = await tablesInOrder(db);
    await db.query(`LOCK TABLE ${current.map(ident).join(', ')} IN ACCESS EXCLUSIVE MODE`);
    const { rows: applied } = await db.query<{ version: string }>(`SELECT version FROM ${MIGRATIONS_TABLE}`);
    const known = new Set(applied.map((r) => r.version));
    const missing = document.migrations.filter((m) => !known.has(m));
    if (missing.length) {
      throw new EnvironmentError(`${options.file}: the backup was taken from a registry with migration(s) ${missing.join(', ')}, which this registry lacks; run a tenantops that has them (it migrates the registry first)`);
    }
    const unknown = document.tables.filter((t) => !current.includes(t.name)).map((t) => t.name);
    if (unknown.length) throw new EnvironmentError(`${options.file}: the backup holds table(s) ${unknown.join(', ')} that this registry does not have`);
    const occupied: string[] = [];
    for (const name of current) {
      const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(name)}`);
      if (Number(rows[0].n) > 0) occupied.push(`${name} (${rows[0].n})`);
    }
    if (occupied.length && !options.force) {
      throw new EnvironmentError(`the registry is not empty (${occupied.join(', ')}); restoring would replace it: pass --force to replace it with ${options.file}`);
    }
    for (const name of [...current].reverse()) {
      if (name !== APPEND_ONLY) await db.query(`DELETE FROM ${ident(name)}`);
    }
    for (const table of document.tables) await insertRows(db, table);
    const summary = summarise(document, JSON.parse(text).kid as string);
    await appendAudit(db, { actor: options.actor, action: 'registry.restore', target: 'registry', after: { createdAt: document.createdAt, rows: summary.rows, replaced: occupied.length > 0 } });
    return { ...summary, replaced: occupied.length > 0 };
  });
}

/** Opens and checks a backup file's text; every refusal says what is wrong, never a secret. */
function openBackup(text: string, keyring: Keyring, file: string): BackupDocument {
  let sealed: Partial<SealedBackup>;
  try {
    sealed = JSON.parse(text) as Partial<SealedBackup>;
  } catch {
    throw new EnvironmentError(`${file} is not a tenantops registry backup: it is not JSON`);
  }
  if (sealed?.format !== BACKUP_FORMAT) throw new EnvironmentError(`${file} is not a tenantops registry backup (no "format": "${BACKUP_FORMAT}")`);
  if (sealed.version !== BACKUP_VERSION) throw new EnvironmentError(`${file}: backup version ${String(sealed.version)} is not supported; allowed: ${BACKUP_VERSION}`);
  if (typeof sealed.kid !== 'string' || typeof sealed.iv !== 'string' || typeof sealed.tag !== 'string' || typeof sealed.ct !== 'string') {
    throw new EnvironmentError(`${file} is damaged: "kid", "iv", "tag" and "ct" must be strings`);
  }
  const key = keyring.keys.get(sealed.kid);
  if (!key) {
    throw new EnvironmentError(`${file} was sealed with key id "${sealed.kid}", which is neither ${ENCRYPTION_KEY_VARIABLE} nor in ${OLD_ENCRYPTION_KEYS_VARIABLE}; provide that key`);
  }
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  if (iv.length !== 12 || tag.length !== 16) throw new EnvironmentError(`${file} is damaged: bad iv or tag length`);
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(BACKUP_AAD, 'utf8'));
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new EnvironmentError(`${file} cannot be opened with key id "${sealed.kid}": the key under that id is not the one that sealed it, or the file was altered; nothing was restored`);
  }
  // Authenticated, so it is what backupRegistry wrote.
  return JSON.parse(plain) as BackupDocument;
}

async function insertRows(db: Queryable, table: TableDump): Promise<void> {
  if (!table.rows.length) return;
  const have = new Set(await insertableColumns(db, table.name));
  const columns = table.columns.filter((c) => have.has(c));
  const list = columns.map(ident).join(', ');
  const identity = await identityColumns(db, table.name);
  const overriding = columns.some((c) => identity.includes(c)) ? 'OVERRIDING SYSTEM VALUE' : '';
  const conflict = table.name === APPEND_ONLY ? 'ON CONFLICT DO NOTHING' : '';
  await db.query(
    `INSERT INTO ${ident(table.name)} (${list}) ${overriding}
     SELECT ${list} FROM json_populate_recordset(NULL::${ident(table.name)}, $1::json) ${conflict}`,
    [JSON.stringify(table.rows)],
  );
  // Identity columns carry on after the restored ids.
  for (const column of identity.filter((c) => columns.includes(c))) {
    await db.query(`SELECT setval(pg_get_serial_sequence($1, $2), greatest((SELECT max(${ident(column)}) FROM ${ident(table.name)}), 1))`, [table.name, column]);
  }
}

/** The registry's tables (its schema on the search path), referenced ones first; never the migrations table. */
async function tablesInOrder(db: Queryable): Promise<string[]> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> $1 ORDER BY 1`,
    [MIGRATIONS_TABLE],
  );
  const { rows: refs } = await db.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
      WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
  );
  const names = tables.map((t) => t.name);
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name) || path.includes(name)) return;
    for (const r of refs) if (r.child === name && r.parent !== name && names.includes(r.parent)) visit(r.parent, [...path, name]);
    ordered.push(name);
  };
  for (const name of names) visit(name, []);
  return ordered;
}

/** Columns a row can be inserted with: generated ones are computed again. */
async function insertableColumns(db: Queryable, table: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.name);
}

async function identityColumns(db: Queryable, table: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'`,
    [table],
  );
  return rows.map((r) => r.name);
}

function summarise(document: BackupDocument, keyId: string): BackupSummary {
  return {
    createdAt: document.createdAt,
    keyId,
    migrations: document.migrations.length,
    rows: Object.fromEntries(document.tables.map((t) => [t.name, t.rows.length])),
  };
}
