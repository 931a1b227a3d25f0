// Secrets at rest: AES-256-GCM envelopes under a key from the environment, with a key id so keys
// rotate. The additional authenticated data binds an envelope to its tenant and secret name: an
// envelope copied onto another tenant's row (or another secret's) fails to open instead of
// handing one tenant's password to another.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EnvironmentError } from '../errors/index.ts';
import { inTransaction, type Pool, type Queryable } from '../pg/index.ts';
import { appendAudit } from './audit.ts';

export const ENCRYPTION_KEY_VARIABLE = 'TENANTOPS_ENCRYPTION_KEY';
export const OLD_ENCRYPTION_KEYS_VARIABLE = 'TENANTOPS_ENCRYPTION_KEYS_OLD';

export interface Envelope {
  v: 1;
  /** Id of the key that sealed it. */
  kid: string;
  /** base64, 12 bytes. */
  iv: string;
  /** base64, 16 bytes (GCM authentication tag). */
  tag: string;
  /** base64 ciphertext. */
  ct: string;
}

export interface EncryptionKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export interface Keyring {
  /** Seals everything new. */
  current: EncryptionKey;
  /** Every key that may open an envelope, the current one included, by id. */
  keys: ReadonlyMap<string, EncryptionKey>;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Reads TENANTOPS_ENCRYPTION_KEY (`<keyId>:<base64 of 32 bytes>`) and, during a rotation, the
 * previous keys in TENANTOPS_ENCRYPTION_KEYS_OLD (comma-separated, same form). Errors name the
 * variable and what is wrong, never the value.
 */
export function parseKeyring(env: NodeJS.ProcessEnv = process.env): Keyring {
  const raw = env[ENCRYPTION_KEY_VARIABLE];
  if (!raw) {
    throw new EnvironmentError(`${ENCRYPTION_KEY_VARIABLE} is not set: it must be <keyId>:<base64 of 32 random bytes>, e.g. generated with \`openssl rand -base64 32\``);
  }
  const current = parseKey(raw, ENCRYPTION_KEY_VARIABLE);
  const keys = new Map([[current.id, current]]);
  const old = env[OLD_ENCRYPTION_KEYS_VARIABLE];
  if (old) {
    old.split(',').map((s) => s.trim()).filter(Boolean).forEach((item, i) => {
      const where = `${OLD_ENCRYPTION_KEYS_VARIABLE} (entry ${i + 1})`;
      const key = parseKey(item, where);
      const seen = keys.get(key.id);
      if (seen && !seen.key.equals(key.key)) throw new EnvironmentError(`${where}: key id "${key.id}" is already used by a different key; key ids must be unique`);
      keys.set(key.id, key);
    });
  }
  return { current, keys };
}

/** One `<keyId>:<base64 of 32 bytes>` key; `where` names its source in errors (never the value). */
export function parseEncryptionKey(text: string, where: string): EncryptionKey {
  return parseKey(text, where);
}

function parseKey(text: string, where: string): EncryptionKey {
  const colon = text.indexOf(':');
  const id = colon < 0 ? '' : text.slice(0, colon).trim();
  const b64 = colon < 0 ? '' : text.slice(colon + 1).trim();
  if (!KEY_ID.test(id)) {
    throw new EnvironmentError(`${where} is malformed: expected <keyId>:<base64 of 32 bytes>, the key id being 1-64 letters, digits, ".", "_" or "-"`);
  }
  const key = Buffer.from(b64, 'base64');
  // Buffer.from skips invalid characters silently; round-trip to reject anything but clean base64.
  const canonical = (s: string) => s.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (key.length !== 32 || canonical(key.toString('base64')) !== canonical(b64)) {
    throw new EnvironmentError(`${where} (key id "${id}") is malformed: the key must be exactly 32 bytes, base64-encoded (44 characters)`);
  }
  return { id, key };
}

/** The AAD for a tenant's named secret. */
export function secretAad(tenant: string, name: string): string {
  return `tenantops/secret/v1/${tenant}/${name}`;
}

export function seal(plaintext: string, key: EncryptionKey, aad: string): Envelope {
  const iv = randomBytes(12); // 96-bit random nonce: safe for far more envelopes than we will seal
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { v: 1, kid: key.id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
}

/** Opens an envelope; a wrong key, wrong AAD or any altered byte fails (GCM authentication). */
export function open(envelope: Envelope, keyring: Keyring, aad: string): string {
  if (envelope?.v !== 1) throw new EnvironmentError(`unsupported secret envelope version ${String(envelope?.v)}`);
  const key = keyring.keys.get(envelope.kid);
  if (!key) {
    throw new EnvironmentError(
      `a secret was sealed with key id "${envelope.kid}", which is neither ${ENCRYPTION_KEY_VARIABLE} nor in ${OLD_ENCRYPTION_KEYS_VARIABLE}; provide that key`,
    );
  }
  const tag = Buffer.from(envelope.tag, 'base64');
  const iv = Buffer.from(envelope.iv, 'base64');
  if (tag.length !== 16 || iv.length !== 12) throw new EnvironmentError(`a secret envelope (key id "${envelope.kid}") is damaged: bad iv or tag length`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new EnvironmentError(
      `cannot open a secret sealed with key id "${envelope.kid}": the key under that id is not the one that sealed it, or the envelope was altered or moved to another tenant or name`,
    );
  }
}

export interface RotationResult {
  /** Envelopes re-sealed under the current key. */
  rotated: number;
  /** Envelopes in the registry. */
  total: number;
  /** Key ids envelopes referenced before the rotation. */
  previousKeyIds: string[];
  /** The proof: key ids still referenced after the rotation. Always just the current one. */
  remainingKeyIds: string[];
  /** Envelopes opened with a keyring holding only the current key (equals `total`). */
  verifiedWithCurrentKeyOnly: number;
}

/**
 * Re-seals every envelope not under the current key, in one transaction, then proves the old keys
 * are no longer needed: no row references another key id, and every envelope opens with a keyring
 * that holds the current key alone. Writes an audit row (key ids and counts only).
 */
export async function rotateSecrets(pool: Pool, keyring: Keyring, audit: { actor: string; githubRun?: string } = { actor: 'tenantops' }): Promise<RotationResult> {
  return inTransaction(pool, async (db) => {
    const { rows } = await db.query<{ tenant: string; name: string; envelope: Envelope }>(
      `SELECT tenant, name, envelope FROM secrets ORDER BY tenant, name FOR UPDATE`,
    );
    const previousKeyIds = [...new Set(rows.map((r) => r.envelope.kid))].sort();
    let rotated = 0;
    for (const row of rows) {
      if (row.envelope.kid === keyring.current.id) continue;
      const aad = secretAad(row.tenant, row.name);
      const resealed = seal(open(row.envelope, keyring, aad), keyring.current, aad);
      await db.query(`UPDATE secrets SET envelope = $3, updated_at = now() WHERE tenant = $1 AND name = $2`, [row.tenant, row.name, JSON.stringify(resealed)]);
      rotated++;
    }
    const remaining = await db.query<{ kid: string }>(`SELECT DISTINCT kid FROM secrets ORDER BY kid`);
    const onlyCurrent: Keyring = { current: keyring.current, keys: new Map([[keyring.current.id, keyring.current]]) };
    const after = await db.query<{ tenant: string; name: string; envelope: Envelope }>(`SELECT tenant, name, envelope FROM secrets`);
    for (const row of after.rows) open(row.envelope, onlyCurrent, secretAad(row.tenant, row.name));
    const result: RotationResult = {
      rotated,
      total: rows.length,
      previousKeyIds,
      remainingKeyIds: remaining.rows.map((r) => r.kid),
      verifiedWithCurrentKeyOnly: after.rows.length,
    };
    await appendAudit(db, {
      actor: audit.actor,
      githubRun: audit.githubRun,
      action: 'keys.rotate',
      target: 'secrets',
      before: { keyIds: previousKeyIds },
      after: { keyIds: result.remainingKeyIds, rotated, total: result.total },
    });
    return result;
  });
}

/** Seals `plaintext` under the current key and stores it as the tenant's secret `name`. */
export async function storeSecret(db: Queryable, keyring: Keyring, tenant: string, name: string, plaintext: string): Promise<void> {
  await putSecret(db, tenant, name, seal(plaintext, keyring.current, secretAad(tenant, name)));
}

/** Reads and opens the tenant's secret `name`; undefined when there is none. */
export async function readSecret(db: Queryable, keyring: Keyring, tenant: string, name: string): Promise<string | undefined> {
  const envelope = await getSecret(db, tenant, name);
  return envelope && open(envelope, keyring, secretAad(tenant, name));
}

/** Stores an envelope (never plaintext: the table's check constraint accepts envelopes only). */
export async function putSecret(db: Queryable, tenant: string, name: string, envelope: Envelope): Promise<void> {
  await db.query(
    `INSERT INTO secrets (tenant, name, envelope) VALUES ($1, $2, $3)
     ON CONFLICT (tenant, name) DO UPDATE SET envelope = excluded.envelope, updated_at = now()`,
    [tenant, name, JSON.stringify(envelope)],
  );
}

export async function getSecret(db: Queryable, tenant: string, name: string): Promise<Envelope | undefined> {
  const { rows } = await db.query<{ envelope: Envelope }>(`SELECT envelope FROM secrets WHERE tenant = $1 AND name = $2`, [tenant, name]);
  return rows[0]?.envelope;
}
