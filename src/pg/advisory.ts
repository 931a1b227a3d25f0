// Advisory lock keys: tenant locks (the registry), migration runs (the registry's and each tenant's).
import { createHash } from 'node:crypto';

/**
 * A deterministic signed 64-bit lock key: the first 8 bytes of sha256(`namespace:name`). The
 * namespace keeps our locks apart from other advisory locks in the same database (ours, or an
 * application's).
 */
export function advisoryKey(namespace: string, name: string): string {
  return createHash('sha256').update(`${namespace}:${name}`).digest().readBigInt64BE(0).toString();
}
