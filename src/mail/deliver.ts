// Sent once, through the outbox. Each mail is first rendered and sealed into an outbox row (with
// its invitation, in one transaction), then sent, then marked sent. A run that dies between the
// send and the mark leaves the row pending, so the next run sends that one mail again: no mail is
// lost and at most the one in flight repeats. A mail already in the outbox is never enqueued again.
//
// Why the rendered message is sealed rather than the token re-issued at send time: a re-sent mail
// is then the very same message (same link, same Message-ID, which mail clients fold together),
// so the duplicate a crash can cause never leaves a dead link in the recipient's first copy. The
// token is re-issued only when the sealed mail can no longer be used: its invitation expired or
// was replaced before it went out, or the envelope's key is gone after a key rotation.
import { randomBytes } from 'node:crypto';
import type { MailConfig, PlatformConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import { inTransaction } from '../pg/index.ts';
import {
  cancelPendingMail, createInvitation, enqueueMail, getInvitation, hasOutboxEntry, listPendingMail, markMailAttempt, markMailFailed, markMailSent,
  open, outboxAad, replacePendingMessage, seal, type Keyring, type OutboxKind, type OutboxRecord, type Pool, type Queryable,
} from '../registry/index.ts';
import { renderGoLive, renderWelcome } from './render.ts';
import { invitationUrl, loginUrl, parseTtl, senderOf } from './settings.ts';
import { newInvitationToken } from './token.ts';
import type { MailMessage, Mailer } from './transport.ts';

export interface MailTenant {
  code: string;
  name: string;
  subdomain: string;
}

export interface MailRecipient {
  email: string;
  firstName: string;
  lastName: string;
}

export interface MailContext {
  registry: Pool;
  keyring: Keyring;
  platform: PlatformConfig;
  mail: MailConfig;
  /** Created on the first send: a run with nothing to send opens no SMTP connection. */
  mailer: () => Mailer;
  log: Logger;
}

export interface SendOutcome {
  sent: number;
  /** Invitations re-issued at send time (expired or unreadable before they went out). */
  reissued: number;
  /** Pending mails dropped because their recipient is no longer a super user of the tenant. */
  cancelled: number;
  failures: { recipient: string; kind: OutboxKind; error: Error }[];
}

/** `welcome/<tenant>/<email>`: one welcome (with its invitation) per super user of a tenant, ever. */
export function outboxKey(kind: OutboxKind, tenant: string, email: string): string {
  return `${kind}/${tenant}/${email.toLowerCase()}`;
}

/** Enqueues a welcome mail with a fresh invitation for each user who never had one; returns how many. */
export async function enqueueWelcomeMail(ctx: MailContext, tenant: MailTenant, users: readonly MailRecipient[]): Promise<number> {
  let queued = 0;
  for (const user of users) {
    const key = outboxKey('welcome', tenant.code, user.email);
    if (await hasOutboxEntry(ctx.registry, key)) continue;
    const done = await inTransaction(ctx.registry, async (db) => {
      const { invitationId, message } = await issueWelcome(db, ctx, tenant, user);
      const row = await enqueueMail(db, { tenant: tenant.code, dedupeKey: key, kind: 'welcome', recipient: user.email, subject: message.subject, invitationId, message: seal(JSON.stringify(message), ctx.keyring.current, outboxAad(key)) });
      // Another run enqueued it meanwhile: undo this invitation with the transaction.
      if (!row) throw new AlreadyQueued();
      return true;
    }).catch((err: unknown) => {
      if (err instanceof AlreadyQueued) return false;
      throw err;
    });
    if (done) queued++;
  }
  return queued;
}

/** Enqueues the go-live notification for each user who has not had it; returns how many. */
export async function enqueueGoLiveMail(ctx: MailContext, tenant: MailTenant, users: readonly MailRecipient[]): Promise<number> {
  let queued = 0;
  for (const user of users) {
    const key = outboxKey('go-live', tenant.code, user.email);
    if (await hasOutboxEntry(ctx.registry, key)) continue;
    const message = goLiveMessage(ctx, tenant, user);
    const row = await enqueueMail(ctx.registry, { tenant: tenant.code, dedupeKey: key, kind: 'go-live', recipient: user.email, subject: message.subject, message: seal(JSON.stringify(message), ctx.keyring.current, outboxAad(key)) });
    if (row) queued++;
  }
  return queued;
}

/**
 * Sends the tenant's pending mails, oldest first: count the attempt, send, mark sent. A failed
 * send is recorded on its row and the others still go; the failures come back together. Callers
 * serialise per tenant (the tenant's advisory lock), so two runs never send the same row at once.
 */
export async function sendPendingMail(ctx: MailContext, tenant: MailTenant, users: readonly MailRecipient[]): Promise<SendOutcome> {
  const outcome: SendOutcome = { sent: 0, reissued: 0, cancelled: 0, failures: [] };
  const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  for (const row of await listPendingMail(ctx.registry, tenant.code)) {
    const user = byEmail.get(row.recipient);
    if (!user) {
      // Removed before their mail went out: their invitation could not be redeemed anyway.
      await cancelPendingMail(ctx.registry, row.id);
      outcome.cancelled++;
      continue;
    }
    try {
      const { message, reissued } = await usableMessage(ctx, tenant, row, user);
      if (!message) {
        await markMailSent(ctx.registry, row.id, 'not sent again: its invitation was redeemed, so an earlier send arrived');
        continue;
      }
      if (reissued) outcome.reissued++;
      await markMailAttempt(ctx.registry, row.id);
      const result = await ctx.mailer().send(message, { tenant: tenant.code, kind: row.kind });
      await markMailSent(ctx.registry, row.id, result.response);
      outcome.sent++;
      ctx.log.info(`${tenant.code}: ${row.kind} mail sent to ${row.recipient}`);
    } catch (err) {
      const error = err as Error;
      await markMailFailed(ctx.registry, row.id, error.message).catch(() => undefined);
      outcome.failures.push({ recipient: row.recipient, kind: row.kind, error });
    }
  }
  return outcome;
}

/**
 * What to send for a pending row: its sealed message as it is, or a new one when that cannot be
 * used (the envelope's key is gone, or a welcome's invitation expired or was replaced), or nothing
 * when the welcome's invitation was redeemed already: the mail evidently arrived.
 */
async function usableMessage(ctx: MailContext, tenant: MailTenant, row: OutboxRecord, user: MailRecipient): Promise<{ message?: MailMessage; reissued: boolean }> {
  let message: MailMessage | undefined;
  try {
    message = JSON.parse(open(row.message, ctx.keyring, outboxAad(row.dedupeKey))) as MailMessage;
  } catch (err) {
    ctx.log.warn(`${tenant.code}: the sealed ${row.kind} mail to ${row.recipient} cannot be opened (${(err as Error).message}); rendering it again`);
  }
  if (row.kind === 'go-live') {
    if (message) return { message, reissued: false };
    const fresh = goLiveMessage(ctx, tenant, user);
    await replacePendingMessage(ctx.registry, row.id, seal(JSON.stringify(fresh), ctx.keyring.current, outboxAad(row.dedupeKey)));
    return { message: fresh, reissued: false };
  }
  const invitation = row.invitationId ? await getInvitation(ctx.registry, row.invitationId) : undefined;
  if (invitation?.redeemedAt) return { reissued: false };
  // A minute's margin: a link that dies while the mail is on its way is no invitation.
  if (message && invitation && !invitation.revokedAt && invitation.expiresAt.getTime() > Date.now() + 60_000) return { message, reissued: false };
  const fresh = await inTransaction(ctx.registry, async (db) => {
    const issued = await issueWelcome(db, ctx, tenant, user);
    await replacePendingMessage(db, row.id, seal(JSON.stringify(issued.message), ctx.keyring.current, outboxAad(row.dedupeKey)), issued.invitationId);
    return issued.message;
  });
  return { message: fresh, reissued: true };
}

function goLiveMessage(ctx: MailContext, tenant: MailTenant, user: MailRecipient): MailMessage {
  const content = renderGoLive({ platformName: senderOf(ctx.platform, ctx.mail).name, tenantName: tenant.name, firstName: user.firstName, loginUrl: loginUrl(ctx.platform, tenant.subdomain) });
  return toMessage(ctx, user.email, content);
}

/** A new invitation for `user` and the welcome mail carrying its link (the token lives only in the mail). */
async function issueWelcome(db: Queryable, ctx: MailContext, tenant: MailTenant, user: MailRecipient): Promise<{ invitationId: string; message: MailMessage }> {
  const { token, hash } = newInvitationToken();
  const invitation = await createInvitation(db, { tenant: tenant.code, email: user.email, tokenHash: hash, ttlMs: parseTtl(ctx.mail.invitationTtl) });
  const content = renderWelcome({
    platformName: senderOf(ctx.platform, ctx.mail).name,
    tenantName: tenant.name,
    firstName: user.firstName,
    loginUrl: loginUrl(ctx.platform, tenant.subdomain),
    invitationUrl: invitationUrl(ctx.platform, tenant.subdomain, token),
    expiresAt: invitation.expiresAt,
  });
  return { invitationId: invitation.id, message: toMessage(ctx, user.email, content) };
}

function toMessage(ctx: MailContext, to: string, content: { subject: string; text: string; html: string }): MailMessage {
  const domain = ctx.mail.sender.slice(ctx.mail.sender.lastIndexOf('@') + 1);
  return { from: senderOf(ctx.platform, ctx.mail), to: to.toLowerCase(), ...content, messageId: `<${randomBytes(16).toString('hex')}@${domain}>` };
}

class AlreadyQueued extends Error {}
