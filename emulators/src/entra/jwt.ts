// RS256 JSON Web Tokens and JWKS for the emulated identity providers (Entra ID and the GitHub
// Actions OIDC issuer), on `jose`: key generation with an RFC 7638 thumbprint as `kid`, signing,
// decoding, and signature checks against a JWKS that say which way a check failed, since Entra
// answers an unknown key and a bad signature with different errors.

import type { webcrypto } from 'node:crypto';
import { calculateJwkThumbprint, compactVerify, createLocalJWKSet, decodeJwt as decodePayload, decodeProtectedHeader, errors, exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface PublicJwk {
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
  privateKey: webcrypto.CryptoKey;
  publicJwk: PublicJwk;
}

export interface DecodedJwt {
  token: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** A fresh RSA 2048 signing key. */
export async function createSigningKey(issuer?: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const { n, e } = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n, e }, 'sha256');
  const publicJwk: PublicJwk = { kty: 'RSA', use: 'sig', alg: 'RS256', kid, x5t: kid, n: n!, e: e!, ...(issuer ? { issuer } : {}) };
  return { kid, privateKey, publicJwk };
}

export function signJwt(payload: Record<string, unknown>, key: SigningKey, headerExtras: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid, ...headerExtras }).sign(key.privateKey);
}

/** Parses a compact JWT without checking it; undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  try {
    return { token, header: decodeProtectedHeader(token) as Record<string, unknown>, payload: decodePayload(token) };
  } catch {
    return undefined;
  }
}

export type SignatureCheck = 'valid' | 'unknown-key' | 'invalid';

// One imported key set per JWKS object, so a verifier that keeps its JWKS imports each key once.
const keySets = new WeakMap<Jwks, ReturnType<typeof createLocalJWKSet>>();

/** Checks an RS256 signature against the JWKS key named by the token's `kid`. */
export async function checkJwtSignature(jwt: DecodedJwt, jwks: Jwks): Promise<SignatureCheck> {
  let keySet = keySets.get(jwks);
  if (!keySet) keySets.set(jwks, (keySet = createLocalJWKSet(jwks)));
  try {
    await compactVerify(jwt.token, keySet, { algorithms: ['RS256'] });
    return 'valid';
  } catch (e) {
    return e instanceof errors.JWKSNoMatchingKey ? 'unknown-key' : 'invalid';
  }
}

/** JWT `aud` may be a string or a list. */
export function audiences(payload: Record<string, unknown>): string[] {
  const aud = payload.aud;
  return typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}
