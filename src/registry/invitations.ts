// Super users' one-time invitations. The registry holds only each token's SHA-256: the token itself
// lives in the mail that carries it (sealed in the outbox until sent). The platform's application
// redeems a token through the SQL function redeem_invitation (templates/registry/0003_...).

import type { Queryable } from '../pg/index.ts';

export interface InvitationRecord {
  id: string;
  tenant: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  redeemedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = `id, tenant, email, created_at AS "createdAt", expires_at AS "expiresAt", redeemed_at AS "redeemedAt", revoked_at AS "revokedAt"`;

export interface InvitationInput {
  tenant: string;
  email: string;
  /** sha256 of the token's UTF-8 bytes (32 bytes). */
  tokenHash: Buffer;
  /** How long the invitation stays redeemable, in milliseconds from now (the database's clock). */
  ttlMs: number;
}

/**
 * Records a new invitation and revokes the user's earlier ones that were never redeemed: one
 * pending invitation per user, so a re-issued link is the only one that works.
 */
export async function createInvitation(db: Queryable, input: InvitationInput): Promise<InvitationRecord> {
  const email = input.email.toLowerCase();
  const { rows } = await db.query<InvitationRecord>(
    `WITH revoked AS (
       UPDATE invitations SET revoked_at = clock_timestamp()
        WHERE tenant = $1 AND email = $2 AND redeemed_at IS NULL AND revoked_at IS NULL)
     INSERT INTO invitations (tenant, email, token_hash, expires_at)
     VALUES ($1, $2, $3, clock_timestamp() + make_interval(secs => $4::double precision / 1000))
     RETURNING ${COLUMNS}`,
    [input.tenant, email, input.tokenHash, input.ttlMs],
  );
  return rows[0];
}

export async function getInvitation(db: Queryable, id: string): Promise<InvitationRecord | undefined> {
  const { rows } = await db.query<InvitationRecord>(`SELECT ${COLUMNS} FROM invitations WHERE id = $1`, [id]);
  return rows[0];
}

export async function listInvitations(db: Queryable, tenant: string): Promise<InvitationRecord[]> {
  const { rows } = await db.query<InvitationRecord>(`SELECT ${COLUMNS} FROM invitations WHERE tenant = $1 ORDER BY email, created_at`, [tenant]);
  return rows;
}

/**
 * Redeems a token through the registry function, as the platform's application does (it calls it
 * as a member of tenantops_app). The tenant and email it was for, or undefined when refused.
 */
export async function redeemInvitation(db: Queryable, token: string): Promise<{ tenant: string; email: string } | undefined> {
  const { rows } = await db.query<{ tenant: string; email: string }>(`SELECT tenant, email FROM redeem_invitation($1)`, [token]);
  return rows[0];
}

/** The role the platform's application redeems invitations as (created by the registry migration). */
export const INVITATION_APP_ROLE = 'tenantops_app';
