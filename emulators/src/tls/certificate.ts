// Builds X.509 v3 certificates (a CA and a loopback server certificate) with EC P-256 keys and
// ECDSA-SHA256 signatures. P-256 because key generation takes a millisecond where RSA 2048 takes
// tens; every TLS client in Node accepts it.

import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  encodeBitString, encodeBoolean, encodeExplicit, encodeImplicitPrimitive, encodeObjectIdentifier,
  encodeOctetString, encodeSequence, encodeSet, encodeSmallInteger, encodeTime, encodeUnsignedInteger, encodeUtf8String,
} from './der.ts';

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
};

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateEcKeyPair(): KeyPair {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

export interface CertificateRequest {
  subjectCommonName: string;
  subjectKeys: KeyPair;
  /** The signer; the subject itself for a self-signed CA. */
  issuerCommonName: string;
  issuerKeys: KeyPair;
  isCa: boolean;
  /** DNS names and IP addresses (v4 or v6) for subjectAltName; servers only. */
  altNames?: string[];
  notBefore: Date;
  notAfter: Date;
}

/** Returns the certificate as DER. */
export function buildCertificate(request: CertificateRequest): Buffer {
  const algorithm = encodeSequence(encodeObjectIdentifier(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive, as RFC 5280 requires
  const tbs = encodeSequence(
    encodeExplicit(0, encodeSmallInteger(2)), // v3
    encodeUnsignedInteger(serial),
    algorithm,
    encodeName(request.issuerCommonName),
    encodeSequence(encodeTime(request.notBefore), encodeTime(request.notAfter)),
    encodeName(request.subjectCommonName),
    request.subjectKeys.publicKey.export({ type: 'spki', format: 'der' }),
    encodeExplicit(3, encodeSequence(...buildExtensions(request))),
  );
  const signature = sign('sha256', tbs, request.issuerKeys.privateKey); // DER-encoded ECDSA signature
  return encodeSequence(tbs, algorithm, encodeBitString(signature));
}

export function toPem(label: 'CERTIFICATE', der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function encodeName(commonName: string): Buffer {
  return encodeSequence(
    encodeSet(encodeSequence(encodeObjectIdentifier(OID.organization), encodeUtf8String('tenantops sandbox'))),
    encodeSet(encodeSequence(encodeObjectIdentifier(OID.commonName), encodeUtf8String(commonName))),
  );
}

function buildExtensions(request: CertificateRequest): Buffer[] {
  const extensions = [
    extension(OID.basicConstraints, true, request.isCa ? encodeSequence(encodeBoolean(true)) : encodeSequence()),
    // keyCertSign + cRLSign for the CA (bits 5 and 6), digitalSignature for the server (bit 0).
    extension(OID.keyUsage, true, request.isCa ? encodeBitString(Buffer.from([0x06]), 1) : encodeBitString(Buffer.from([0x80]), 7)),
    extension(OID.subjectKeyIdentifier, false, encodeOctetString(keyIdentifier(request.subjectKeys.publicKey))),
    extension(OID.authorityKeyIdentifier, false, encodeSequence(encodeImplicitPrimitive(0, keyIdentifier(request.issuerKeys.publicKey)))),
  ];
  if (!request.isCa) {
    extensions.push(extension(OID.extKeyUsage, false, encodeSequence(encodeObjectIdentifier(OID.serverAuth))));
    extensions.push(extension(OID.subjectAltName, false, encodeSequence(...(request.altNames ?? []).map(encodeAltName))));
  }
  return extensions;
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? encodeSequence(encodeObjectIdentifier(oid), encodeBoolean(true), encodeOctetString(value))
    : encodeSequence(encodeObjectIdentifier(oid), encodeOctetString(value));
}

function encodeAltName(name: string): Buffer {
  const family = isIP(name);
  if (family === 0) return encodeImplicitPrimitive(2, Buffer.from(name, 'ascii')); // dNSName
  return encodeImplicitPrimitive(7, family === 4 ? Buffer.from(name.split('.').map(Number)) : ipv6Bytes(name));
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail = ''] = address.includes('::') ? address.split('::') : [address, ''];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const zeros = new Array(8 - headParts.length - tailParts.length).fill('0');
  const groups = address.includes('::') ? [...headParts, ...zeros, ...tailParts] : headParts;
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // For P-256 the BIT STRING with the point is the last 66 bytes (tag, length, unused-bits, 65-byte point).
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
}

