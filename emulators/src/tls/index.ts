// TLS material for the sandbox: one throwaway CA per run and a server certificate for the
// loopback addresses, signed by it. Emulators serve HTTPS with `key`/`cert`; clients trust `caPem`
// in-process (`tlsOptions: { ca }`, undici `connect: { ca }`) and child processes through
// NODE_EXTRA_CA_CERTS pointed at `caFile`.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildCertificate, generateEcKeyPair, toPem } from './certificate.ts';

export interface TlsMaterial {
  /** The CA certificate (PEM) every client must trust. */
  caPem: string;
  /** Where the CA PEM was written, when a path was given. */
  caFile?: string;
  /** The server's private key (PKCS#8 PEM). */
  key: string;
  /** The server certificate (PEM) for 127.0.0.1, localhost and ::1. */
  cert: string;
}

export interface CreateTlsOptions {
  /** Write the CA PEM here (parent folders are created), e.g. for NODE_EXTRA_CA_CERTS. */
  caFile?: string;
  /** Extra DNS names or IPs for the server certificate. Default: none. */
  extraAltNames?: string[];
  /** Validity start; default now minus one day so small clock skews never matter. */
  now?: Date;
  /** Validity in days; default 30. */
  validDays?: number;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** Generates a fresh CA and a loopback server certificate signed by it (a few milliseconds). */
export function createTlsMaterial(options: CreateTlsOptions = {}): TlsMaterial {
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 24 * 3600_000);
  const notAfter = new Date(now.getTime() + (options.validDays ?? 30) * 24 * 3600_000);
  const caKeys = generateEcKeyPair();
  const serverKeys = generateEcKeyPair();
  const caName = 'tenantops sandbox CA';
  const caDer = buildCertificate({
    subjectCommonName: caName, subjectKeys: caKeys, issuerCommonName: caName, issuerKeys: caKeys,
    isCa: true, notBefore, notAfter,
  });
  const serverDer = buildCertificate({
    subjectCommonName: 'localhost', subjectKeys: serverKeys, issuerCommonName: caName, issuerKeys: caKeys,
    isCa: false, altNames: [...LOOPBACK_NAMES, ...(options.extraAltNames ?? [])], notBefore, notAfter,
  });
  const caPem = toPem('CERTIFICATE', caDer);
  if (options.caFile) {
    mkdirSync(dirname(options.caFile), { recursive: true });
    writeFileSync(options.caFile, caPem, { mode: 0o644 });
  }
  return {
    caPem,
    caFile: options.caFile,
    key: serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: toPem('CERTIFICATE', serverDer),
  };
}
