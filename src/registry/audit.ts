// The append-only audit log: who changed what, when, from which GitHub run. The database refuses
// UPDATE, DELETE and TRUNCATE (a trigger, see templates/registry/0001_init.sql); this module
// refuses to write anything that looks like a secret, because an audit row can never be removed.

import { InternalError } from '../errors/index.ts';
import type { Queryable } from '../pg/index.ts';

/** The SQLSTATE the audit_log trigger raises on UPDATE, DELETE or TRUNCATE. */
export const AUDIT_APPEND_ONLY_SQLSTATE = 'TOA01';

export interface AuditEntry {
  actor: string;
  /** GitHub run id or URL; absent for local runs. */
  githubRun?: string;
  tenant?: string;
  /** What happened, e.g. `tenant.create`, `db.roles.grant`, `keys.rotate`. */
  action: string;
  /** What it happened to, e.g. a resource key. */
  target?: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditRecord extends Required<Pick<AuditEntry, 'actor' | 'action'>> {
  id: string;
  at: Date;
  githubRun: string | null;
  tenant: string | null;
  target: string | null;
  before: unknown;
  after: unknown;
}

export async function appendAudit(db: Queryable, entry: AuditEntry): Promise<string> {
  assertNoSecret(entry.action, entry.after, entry.before);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO audit_log (actor, github_run, tenant, action, target, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      entry.actor,
      entry.githubRun ?? null,
      entry.tenant ?? null,
      entry.action,
      entry.target ?? null,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
  return rows[0].id;
}

/** Refuses (InternalError) an audit row whose `after` or `before` holds something like a secret. */
export function assertNoSecret(action: string, after: unknown, before?: unknown): void {
  const found = [...findSecretLike(before, 'before'), ...findSecretLike(after, 'after')];
  if (found.length) {
    // A bug of ours, and the one place it must not slip through: name where, never the value.
    throw new InternalError(`refusing to write an audit row for ${action}: ${found.join(', ')} look(s) like a secret`);
  }
}

/** Who is acting, for audit rows: the GitHub actor in a workflow, the local user otherwise. */
export function actorFromEnv(env: NodeJS.ProcessEnv): { actor: string; githubRun?: string } {
  const actor = env.GITHUB_ACTOR ? `github:${env.GITHUB_ACTOR}` : `cli:${env.USER ?? env.USERNAME ?? 'unknown'}`;
  return { actor, githubRun: env.GITHUB_RUN_ID };
}

export async function listAudit(db: Queryable, tenant?: string): Promise<AuditRecord[]> {
  const { rows } = await db.query<AuditRecord>(
    `SELECT id, at, actor, github_run AS "githubRun", tenant, action, target, before, after
       FROM audit_log WHERE ($1::text IS NULL OR tenant = $1) ORDER BY id`,
    [tenant ?? null],
  );
  return rows;
}

// Keys whose values are secrets. A key that names a secret (`passwordSecret: ACME_DB_URL`) holds
// an environment variable name, which is fine and recognised by its shape.
const SECRET_KEY = /pass(word|wd|phrase)?$|^pwd$|secret|token|api[-_]?key|private[-_]?key|connection[-_]?string|credential|^ct$|ciphertext/i;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const MASKED = /^\*+$/;

/** JSON paths (e.g. `after.roles.app.password`) of values that look like secrets. */
export function findSecretLike(value: unknown, at: string): string[] {
  const found: string[] = [];
  const walk = (v: unknown, where: string, key: string) => {
    if (typeof v === 'string') {
      if (looksSecret(v) || (SECRET_KEY.test(key) && v !== '' && !ENV_NAME.test(v) && !MASKED.test(v))) found.push(where);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${where}[${i}]`, key));
    } else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) walk(item, `${where}.${k}`, k);
    }
  };
  walk(value, at, '');
  return found;
}

function looksSecret(s: string): boolean {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(s)) return true;
  if (/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/.test(s)) return true; // JWT
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i.test(s)) return true; // URL with a password
  if (/(^|;)\s*password\s*=/i.test(s)) return true; // key=value connection string
  return looksRandom(s);
}

/**
 * A long token of mixed letters and digits with high entropy: a generated password or an API key.
 * Hex (hashes) and GUIDs (Power BI ids), which an audit row legitimately carries, are not.
 */
function looksRandom(s: string): boolean {
  if (s.length < 24 || /\s/.test(s)) return false;
  if (/^[0-9a-f-]+$/i.test(s)) return false;
  if (!/[A-Z]/.test(s) || !/[a-z]/.test(s) || !/[0-9]/.test(s)) return false;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) entropy -= (n / s.length) * Math.log2(n / s.length);
  return entropy >= 4;
}
