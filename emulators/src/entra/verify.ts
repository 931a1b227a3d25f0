// Access-token checks for the emulated resource servers (Power BI, Fabric, Azure DNS): the
// `Authorization` header in, the calling principal or a typed reason out, so each emulator can
// answer the way its real service does (e.g. Power BI's 403 `TokenExpired`).

import type { Identity } from '../http/index.ts';
import { audiences, checkJwtSignature, decodeJwt, type Jwks } from './jwt.ts';

export type TokenFailureReason = 'missing' | 'malformed' | 'bad-signature' | 'wrong-issuer' | 'wrong-audience' | 'expired' | 'not-yet-valid';

export interface AccessTokenIdentity extends Identity {
  /** The service principal's object id (also `oid`), so rate limits are per principal. */
  key: string;
  tenantId: string;
  appId: string;
  oid: string;
  roles: string[];
  /** The token's `aud`. */
  audience: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type AccessTokenCheck =
  | { ok: true; identity: AccessTokenIdentity }
  | { ok: false; reason: TokenFailureReason; message: string };

export interface VerifyAccessTokenOptions {
  /** Accepted audience(s), compared case-insensitively and ignoring a trailing slash. */
  audience: string | string[];
  /** Epoch milliseconds; pass the emulator clock's `now()`. */
  now: number;
  /** The Entra emulator's signing keys (`entra.jwks()`). */
  jwks: Jwks;
  /** When set, `tid` and `iss` must name this tenant (`https://sts.windows.net/<tid>/`). */
  tenantId?: string;
  /** Leeway on `exp` and `nbf`; default 0. Microsoft's validators allow 300 s; pass it for that behaviour. */
  skewSeconds?: number;
}

/** Checks a `Bearer` access token issued by the Entra emulator. Never rejects. */
export async function verifyAccessToken(authorization: string | undefined, options: VerifyAccessTokenOptions): Promise<AccessTokenCheck> {
  const fail = (reason: TokenFailureReason, message: string): AccessTokenCheck => ({ ok: false, reason, message });
  if (!authorization || !authorization.trim()) return fail('missing', 'No Authorization header.');
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!bearer) return fail('malformed', 'The Authorization header is not a Bearer token.');
  const jwt = decodeJwt(bearer[1]);
  if (!jwt) return fail('malformed', 'The bearer token is not a JWT.');
  const signature = await checkJwtSignature(jwt, options.jwks);
  if (signature !== 'valid') return fail('bad-signature', signature === 'unknown-key' ? 'The token was signed with an unknown key.' : 'The token signature is invalid.');

  const p = jwt.payload;
  const tid = typeof p.tid === 'string' ? p.tid : '';
  if (typeof p.iss !== 'string' || !/^https:\/\/sts\.windows\.net\/[^/]+\/$/.test(p.iss) || (options.tenantId && (tid !== options.tenantId || p.iss !== `https://sts.windows.net/${options.tenantId}/`))) {
    return fail('wrong-issuer', `The token issuer ${String(p.iss)} is not trusted.`);
  }
  const wanted = (Array.isArray(options.audience) ? options.audience : [options.audience]).map(normalizeAudience);
  const actual = audiences(p);
  if (!actual.some((a) => wanted.includes(normalizeAudience(a)))) return fail('wrong-audience', `The token audience ${actual.join(', ') || '(none)'} is not accepted here.`);

  const nowSeconds = options.now / 1000;
  const skew = options.skewSeconds ?? 0;
  if (typeof p.exp !== 'number' || typeof p.nbf !== 'number') return fail('malformed', 'The token has no exp or nbf.');
  if (nowSeconds >= p.exp + skew) return fail('expired', `The token expired at ${new Date(p.exp * 1000).toISOString()}.`);
  if (nowSeconds < p.nbf - skew) return fail('not-yet-valid', `The token is not valid before ${new Date(p.nbf * 1000).toISOString()}.`);

  const oid = typeof p.oid === 'string' ? p.oid : '';
  const appId = typeof p.appid === 'string' ? p.appid : typeof p.azp === 'string' ? p.azp : '';
  if (!oid || !appId || !tid) return fail('malformed', 'The token lacks oid, appid or tid.');
  const roles = Array.isArray(p.roles) ? p.roles.filter((r): r is string => typeof r === 'string') : [];
  return { ok: true, identity: { key: oid, tenantId: tid, appId, oid, roles, audience: actual[0], expiresAt: p.exp * 1000 } };
}

function normalizeAudience(aud: string): string {
  return aud.toLowerCase().replace(/\/+$/, '');
}
