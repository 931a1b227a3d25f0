// Datasource credentials as `PATCH /gateways/{g}/datasources/{d}` carries them: `credentials`
// is a JSON *string* `{"credentialData":[{"name":"username","value":..},{"name":"password",..}]}`,
// plain with `encryptionAlgorithm: None` (cloud), or encrypted against the gateway's public key
// with `RSA-OAEP` the way Microsoft's SDKs do it (PowerBI-CSharp `AsymmetricKeyEncryptor`):
// a 1024-bit key encrypts 60-byte segments with RSA-OAEP; a larger key RSA-OAEP-encrypts a fresh
// AES-256 + HMAC-SHA256 key pair and appends the authenticated AES-CBC ciphertext.

import { createDecipheriv, createHmac, privateDecrypt, constants, timingSafeEqual } from 'node:crypto';
import { badRequest } from './errors.ts';

export interface BasicCredentialInput {
  username: string;
  password: string;
  encryptionAlgorithm: 'None' | 'RSA-OAEP';
}

const OAEP_HASHES = ['sha256', 'sha1'] as const;

function rsaDecrypt(privateKeyPem: string, data: Buffer): Buffer {
  let last: unknown;
  // The SDKs moved from OAEP-SHA1 to OAEP-SHA256; the service accepts both, so try both.
  for (const oaepHash of OAEP_HASHES) {
    try {
      return privateDecrypt({ key: privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, data);
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

/** Decrypts an RSA-OAEP `credentials` string for a gateway key of `modulusBytes` bytes. */
export function decryptGatewayCredentials(encrypted: string, privateKeyPem: string, modulusBytes: number): string {
  if (modulusBytes === 128) {
    const bytes = Buffer.from(encrypted, 'base64');
    if (bytes.length === 0 || bytes.length % 128 !== 0) throw new Error('ciphertext is not a whole number of 128-byte blocks');
    const out: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 128) out.push(rsaDecrypt(privateKeyPem, bytes.subarray(i, i + 128)));
    return Buffer.concat(out).toString('utf8');
  }
  // Higher keys: base64(RSA(keys)) immediately followed by base64(authenticated ciphertext).
  const rsaChars = Math.ceil(modulusBytes / 3) * 4;
  const keys = rsaDecrypt(privateKeyPem, Buffer.from(encrypted.slice(0, rsaChars), 'base64'));
  if (keys.length !== 98 || keys[0] !== 0 || keys[1] !== 1) throw new Error('unexpected key block');
  const keyEnc = keys.subarray(2, 34);
  const keyMac = keys.subarray(34, 98);
  const blob = Buffer.from(encrypted.slice(rsaChars), 'base64');
  // [algorithm choices (2)][HMAC-SHA256 tag (32)][IV (16)][AES-256-CBC ciphertext]
  if (blob.length < 2 + 32 + 16 + 16 || blob[0] !== 0 || blob[1] !== 0) throw new Error('unexpected ciphertext header');
  const tag = blob.subarray(2, 34);
  const iv = blob.subarray(34, 50);
  const cipherText = blob.subarray(50);
  const expected = createHmac('sha256', keyMac).update(Buffer.concat([blob.subarray(0, 2), iv, cipherText])).digest();
  if (!timingSafeEqual(tag, expected)) throw new Error('ciphertext authentication failed');
  const decipher = createDecipheriv('aes-256-cbc', keyEnc, iv);
  return Buffer.concat([decipher.update(cipherText), decipher.final()]).toString('utf8');
}

/** Reads `credentialData` name/value pairs: Basic needs `username` and `password`. */
export function readCredentialData(json: string): { username: string; password: string } {
  let parsed: { credentialData?: { name?: string; value?: string }[] };
  try {
    parsed = JSON.parse(json);
  } catch {
    throw badRequest('credentialDetails.credentials is not a JSON string of {"credentialData":[...]}.', 'InvalidRequest');
  }
  const data = Array.isArray(parsed?.credentialData) ? parsed.credentialData : undefined;
  if (!data) throw badRequest('credentialDetails.credentials has no credentialData array.');
  const value = (name: string) => data.find((d) => d?.name?.toLowerCase() === name)?.value;
  const username = value('username');
  const password = value('password');
  if (typeof username !== 'string' || typeof password !== 'string') throw badRequest('Basic credentials need credentialData entries "username" and "password".');
  return { username, password };
}

/** Validates an UpdateDatasourceRequest body and returns the plain Basic credentials. */
export function readUpdateDatasourceRequest(body: unknown, gatewayKey: () => { privateKeyPem: string; modulusBytes: number }): BasicCredentialInput {
  const details = (body as { credentialDetails?: Record<string, unknown> })?.credentialDetails;
  if (!details || typeof details !== 'object') throw badRequest('The request needs credentialDetails.');
  for (const field of ['credentialType', 'credentials', 'encryptedConnection', 'encryptionAlgorithm', 'privacyLevel']) {
    if (typeof details[field] !== 'string') throw badRequest(`credentialDetails.${field} is required and must be a string.`);
  }
  if (details.credentialType !== 'Basic') throw badRequest(`credentialType ${String(details.credentialType)} is not supported for a PostgreSQL datasource here; use Basic.`);
  const algorithm = details.encryptionAlgorithm;
  if (algorithm !== 'None' && algorithm !== 'RSA-OAEP') throw badRequest('encryptionAlgorithm must be None or RSA-OAEP.');
  let json = details.credentials as string;
  if (algorithm === 'RSA-OAEP') {
    const key = gatewayKey();
    try {
      json = decryptGatewayCredentials(json, key.privateKeyPem, key.modulusBytes);
    } catch {
      throw badRequest('The credentials could not be decrypted with the gateway key.', 'DM_GWPipeline_Gateway_DecryptionFailed');
    }
  }
  return { ...readCredentialData(json), encryptionAlgorithm: algorithm };
}
