// The TLS material every emulator serves: a CA per run and a loopback server certificate it
// signed, checked with Node's own X.509 parser rather than the library that built them.

import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTlsMaterial } from '../../src/tls/index.ts';

describe('TLS material', () => {
  it('makes a CA and a loopback server certificate it signed, and writes the CA file', async () => {
    const caFile = join(mkdtempSync(join(tmpdir(), 'tls-')), 'nested', 'ca.pem');
    const m = await createTlsMaterial({ caFile });
    expect(readFileSync(caFile, 'utf8')).toBe(m.caPem);
    const ca = new X509Certificate(m.caPem);
    const server = new X509Certificate(m.cert);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkIP('::1')).toBe('::1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkHost('example.com')).toBeUndefined();
    // A second run is a different CA: nothing is shared between sandboxes.
    expect((await createTlsMaterial()).caPem).not.toBe(m.caPem);
  });

  it('names extra hosts when asked, and keeps the certificate valid from a day before now', async () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const m = await createTlsMaterial({ extraAltNames: ['emulators.test', '10.0.0.7'], now, validDays: 2 });
    const server = new X509Certificate(m.cert);
    expect(server.checkHost('emulators.test')).toBe('emulators.test');
    expect(server.checkIP('10.0.0.7')).toBe('10.0.0.7');
    expect(new Date(server.validFrom).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(new Date(server.validTo).toISOString()).toBe('2026-03-03T12:00:00.000Z');
    expect(m.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });
});
