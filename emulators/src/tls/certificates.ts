// A CA and a loopback server certificate it signs, built with @peculiar/x509 over WebCrypto.
// EC P-256 with ECDSA-SHA256: key generation takes a millisecond where RSA 2048 takes tens, and
// every TLS client in Node accepts it.

import type { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
// @peculiar/x509 registers its algorithms through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

// Passed to every call rather than set process-wide, so loading the emulators changes nothing
// for another user of @peculiar/x509 in the same process.
const crypto = globalThis.crypto;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface IssuedCertificate {
  /** PEM. */
  cert: string;
  /** PKCS#8 PEM. */
  key: string;
}

export interface CertificateAuthority {
  /** The CA certificate, PEM; its key never leaves this object. */
  cert: string;
  issue(request: { commonName: string; altNames: readonly string[]; notBefore: Date; notAfter: Date }): Promise<IssuedCertificate>;
}

export async function createCertificateAuthority(request: { name: string; notBefore: Date; notAfter: Date }): Promise<CertificateAuthority> {
  const keys = await generateKeys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: distinguishedName(request.name),
      keys,
      signingAlgorithm: ALGORITHM,
      serialNumber: serialNumber(),
      notBefore: request.notBefore,
      notAfter: request.notAfter,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return {
    cert: ca.toString('pem'),
    async issue({ commonName, altNames, notBefore, notAfter }) {
      const subject = await generateKeys();
      const cert = await x509.X509CertificateGenerator.create(
        {
          subject: distinguishedName(commonName),
          issuer: ca.subject,
          publicKey: subject.publicKey,
          signingKey: keys.privateKey,
          signingAlgorithm: ALGORITHM,
          serialNumber: serialNumber(),
          notBefore,
          notAfter,
          extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
            new x509.SubjectAlternativeNameExtension(altNames.map((value) => ({ type: isIP(value) ? 'ip' : 'dns', value }))),
            await x509.SubjectKeyIdentifierExtension.create(subject.publicKey, false, crypto),
            await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey, false, crypto),
          ],
        },
        crypto,
      );
      return { cert: cert.toString('pem'), key: await exportPrivateKey(subject.privateKey) };
    },
  };
}

function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
}

async function exportPrivateKey(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** 16 random bytes, the top bit clear so the serial is positive, as RFC 5280 requires. */
function serialNumber(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  return Buffer.from(bytes).toString('hex');
}

/** `CN=<name>`, with the characters RFC 4514 reserves escaped. */
function distinguishedName(commonName: string): string {
  return `CN=${commonName.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`)}`;
}
