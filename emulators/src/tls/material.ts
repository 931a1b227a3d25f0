// TLS material for a run of the emulators: one throwaway CA per run and a server certificate for
// the loopback addresses, signed by it. Emulators serve HTTPS with `key`/`cert`; clients trust
// `caPem` in-process (`tlsOptions: { ca }`, undici `connect: { ca }`) and child processes through
// NODE_EXTRA_CA_CERTS pointed at `caFile`.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createCertificateAuthority } from './certificates.ts';

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
const DAY_MS = 24 * 3600_000;

/** Generates a fresh CA and a loopback server certificate signed by it (a few milliseconds). */
export async function createTlsMaterial(options: CreateTlsOptions = {}): Promise<TlsMaterial> {
  const now = options.now ?? new Date();
  const validity = { notBefore: new Date(now.getTime() - DAY_MS), notAfter: new Date(now.getTime() + (options.validDays ?? 30) * DAY_MS) };
  const ca = await createCertificateAuthority({ name: 'Local emulators CA', ...validity });
  const server = await ca.issue({ commonName: 'localhost', altNames: [...LOOPBACK_NAMES, ...(options.extraAltNames ?? [])], ...validity });
  if (options.caFile) {
    await mkdir(dirname(options.caFile), { recursive: true });
    await writeFile(options.caFile, ca.cert, { mode: 0o644 });
  }
  return { caPem: ca.cert, caFile: options.caFile, key: server.key, cert: server.cert };
}
