// One TLS material per test process: a throwaway CA and a loopback server certificate, made once
// when this module loads, so every emulator a test starts serves HTTPS its clients can trust.

import { createTlsMaterial, type TlsMaterial } from '../../src/tls/index.ts';

const material = await createTlsMaterial();

export function testTls(): TlsMaterial {
  return material;
}
