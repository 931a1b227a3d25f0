// The mail outbox: a row per mail, written before it is sent and marked after. The rendered
// message is an envelope (AES-256-GCM, the registry's keyring) bound to the row's dedupe key,
// because it carries the invitation token that the registry must never hold in plain text.

import type { Queryable } from '../pg/index.ts';
import type { Envelope } from './envelope.ts';

export type OutboxKind = 'welcome' | 'go-live';

export interface OutboxRecord {
  id: string;
  tenant: string;
  dedupeKey: string;
  kind: OutboxKind;
  recipient: string;
  subject: string;
  invitationId: string | null;
  message: Envelope;
  status: 'pending' | 'sent' | 'cancelled';
  attempts: number;
  createdAt: Date;
  lastAttemptAt: Date | null;
  sentAt: Date | null;
  smtpResponse: string | null;
  lastError: string | null;
}

export interface OutboxInput {
  tenant: string;
  /** Unique per mail that must go out once, e.g. `welcome/<tenant>/<email>`. */
  dedupeKey: string;
  kind: OutboxKind;
  recipient: string;
  subject: string;
  invitationId?: string;
  /** The rendered message, sealed with `outboxAad(dedupeKey)`. */
  message: Envelope;
}

const COLUMNS = `id::text, tenant, dedupe_key AS "dedupeKey", kind, recipient, subject, invitation_id AS "invitationId", message,
  status, attempts, created_at AS "createdAt", last_attempt_at AS "lastAttemptAt", sent_at AS "sentAt",
  smtp_response AS "smtpResponse", last_error AS "lastError"`;

/** The additional authenticated data of an outbox message: an envelope moved to another row fails to open. */
export function outboxAad(dedupeKey: string): string {
  return `tenantops/outbox/v1/${dedupeKey}`;
}

/** Whether a mail with this key was ever enqueued (sent or not). */
export async function hasOutboxEntry(db: Queryable, dedupeKey: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM outbox WHERE dedupe_key = $1`, [dedupeKey]);
  return rows.length > 0;
}

/** Enqueues a mail; undefined when one with the same dedupe key exists already (nothing changes). */
export async function enqueueMail(db: Queryable, input: OutboxInput): Promise<OutboxRecord | undefined> {
  const { rows } = await db.query<OutboxRecord>(
    `INSERT INTO outbox (tenant, dedupe_key, kind, recipient, subject, invitation_id, message)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING ${COLUMNS}`,
    [input.tenant, input.dedupeKey, input.kind, input.recipient.toLowerCase(), input.subject, input.invitationId ?? null, JSON.stringify(input.message)],
  );
  return rows[0];
}

/** The tenant's mails not yet marked sent, oldest first. */
export async function listPendingMail(db: Queryable, tenant: string): Promise<OutboxRecord[]> {
  const { rows } = await db.query<OutboxRecord>(`SELECT ${COLUMNS} FROM outbox WHERE tenant = $1 AND status = 'pending' ORDER BY id`, [tenant]);
  return rows;
}

export async function listOutbox(db: Queryable, tenant: string): Promise<OutboxRecord[]> {
  const { rows } = await db.query<OutboxRecord>(`SELECT ${COLUMNS} FROM outbox WHERE tenant = $1 ORDER BY id`, [tenant]);
  return rows;
}

/** Counts an attempt before the send starts, so a mail that keeps failing shows how often it was tried. */
export async function markMailAttempt(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE outbox SET attempts = attempts + 1, last_attempt_at = clock_timestamp() WHERE id = $1`, [id]);
}

/** Replaces a pending mail's message: rendered again (its key rotated away), or with a re-issued invitation. */
export async function replacePendingMessage(db: Queryable, id: string, message: Envelope, invitationId?: string): Promise<void> {
  await db.query(`UPDATE outbox SET message = $2, invitation_id = coalesce($3, invitation_id) WHERE id = $1 AND status = 'pending'`, [id, JSON.stringify(message), invitationId ?? null]);
}

export async function markMailSent(db: Queryable, id: string, smtpResponse: string): Promise<void> {
  await db.query(`UPDATE outbox SET status = 'sent', sent_at = clock_timestamp(), smtp_response = $2, last_error = NULL WHERE id = $1`, [id, smtpResponse.slice(0, 500)]);
}

/** Drops a pending mail that must no longer go out (its recipient was removed). */
export async function cancelPendingMail(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE outbox SET status = 'cancelled' WHERE id = $1 AND status = 'pending'`, [id]);
}

export async function markMailFailed(db: Queryable, id: string, error: string): Promise<void> {
  await db.query(`UPDATE outbox SET last_error = $2 WHERE id = $1 AND status = 'pending'`, [id, error.slice(0, 1000)]);
}
