// Test-side encryption of gateway credentials, the way Microsoft's SDK samples do it
// (PowerBI-CSharp AsymmetricKeyEncryptor), from the public key GET /gateways/{id} returns.

import { constants, createCipheriv, createHmac, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';

export function encryptForGateway(plain: string, publicKey: { exponent: string; modulus: string }): string {
  const key = createPublicKey({ key: { kty: 'RSA', n: Buffer.from(publicKey.modulus, 'base64').toString('base64url'), e: Buffer.from(publicKey.exponent, 'base64').toString('base64url') }, format: 'jwk' });
  const oaep = (data: Buffer) => publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, data);
  const bytes = Buffer.from(plain, 'utf8');
  if (Buffer.from(publicKey.modulus, 'base64').length === 128) {
    const blocks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 60) blocks.push(oaep(bytes.subarray(i, i + 60)));
    return Buffer.concat(blocks).toString('base64');
  }
  const keyEnc = randomBytes(32);
  const keyMac = randomBytes(64);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', keyEnc, iv);
  const cipherText = Buffer.concat([cipher.update(bytes), cipher.final()]);
  const algorithms = Buffer.from([0, 0]);
  const tag = createHmac('sha256', keyMac).update(Buffer.concat([algorithms, iv, cipherText])).digest();
  const keys = Buffer.concat([Buffer.from([0, 1]), keyEnc, keyMac]);
  return oaep(keys).toString('base64') + Buffer.concat([algorithms, tag, iv, cipherText]).toString('base64');
}

