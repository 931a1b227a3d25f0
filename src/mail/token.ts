// Invitation tokens: 32 random bytes, base64url (43 characters, safe in a URL path). Only the
// SHA-256 of the token's UTF-8 text is stored; the registry's redeem_invitation hashes the same way.
import { createHash, randomBytes } from 'node:crypto';

export interface InvitationToken {
  token: string;
  hash: Buffer;
}

export function newInvitationToken(): InvitationToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
