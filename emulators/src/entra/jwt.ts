// RS256 JSON Web Tokens and JWKS for the sandbox's identity providers (Entra ID and the GitHub
// Actions OIDC issuer): key generation with an RFC 7638 thumbprint as `kid`, signing, decoding and
// signature checks against a JWKS. Node's crypto does the maths; this is only the framing.

import { createHash, createPublicKey, generateKeyPair, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface PublicJwk extends JsonWebKey {
  kty: 'RSA';
  kid: string;
  use: 'sig';
  alg: 'RS256';
  n: string;
  e: string;
  x5t?: string;
  issuer?: string;
}

export interface Jwks {
  keys: PublicJwk[];
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** A fresh RSA 2048 signing key (generated off the main thread). */
export async function createSigningKey(issuer?: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  // RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order.
  const kid = createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n })).digest('base64url');
  const publicJwk: PublicJwk = { kty: 'RSA', use: 'sig', alg: 'RS256', kid, x5t: kid, n: jwk.n, e: jwk.e, ...(issuer ? { issuer } : {}) };
  return { kid, privateKey, publicJwk };
}

export function signJwt(payload: Record<string, unknown>, key: SigningKey, headerExtras: Record<string, unknown> = {}): string {
  const header = { typ: 'JWT', alg: 'RS256', kid: key.kid, ...headerExtras };
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Splits and parses a compact JWS; undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || !parts[0] || !parts[1]) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return undefined;
  }
}

export type SignatureCheck = 'valid' | 'unknown-key' | 'invalid';

/** Checks an RS256 signature against the JWKS key named by the token's `kid`. */
export function checkJwtSignature(jwt: DecodedJwt, jwks: Jwks): SignatureCheck {
  if (jwt.header.alg !== 'RS256') return 'invalid';
  const jwk = jwks.keys.find((k) => k.kid === jwt.header.kid);
  if (!jwk) return 'unknown-key';
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
  } catch {
    return 'unknown-key';
  }
  return verify('RSA-SHA256', Buffer.from(jwt.signingInput), key, jwt.signature) ? 'valid' : 'invalid';
}

/** JWT `aud` may be a string or a list. */
export function audiences(payload: Record<string, unknown>): string[] {
  const aud = payload.aud;
  return typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
