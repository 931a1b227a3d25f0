// Exports at rest: AES-256-GCM over a stream, so a tenant's tables are encrypted as they are read
// and never held whole in memory. One blob is
//
//   "TOX1" | key id length (1 byte) | key id | IV (12 bytes) | ciphertext | GCM tag (16 bytes)
//
// and its name is the additional authenticated data: a blob copied under another name (another
// table, another tenant's export) fails to open instead of passing for it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EnvironmentError } from '../errors/index.ts';

const MAGIC = Buffer.from('TOX1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** An AES-256 key and the id it is known by (the secret holds `<keyId>:<base64 of 32 bytes>`). */
export interface SealingKey {
  id: string;
  key: Buffer;
}

/** `source` encrypted under `key` for the blob `name`, chunk by chunk. */
export async function* sealStream(key: SealingKey, name: string, source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(name));
  const id = Buffer.from(key.id);
  yield Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv]);
  for await (const chunk of source) {
    const out = cipher.update(chunk);
    if (out.length) yield out;
  }
  const last = cipher.final();
  yield Buffer.concat([last, cipher.getAuthTag()]);
}

/** The plaintext of a sealed blob; throws when the key, the name or a single byte is wrong. */
export function openSealed(keys: ReadonlyMap<string, SealingKey> | SealingKey, name: string, blob: Buffer): Buffer {
  if (blob.length < MAGIC.length + 1 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) throw new EnvironmentError(`${name} is not a sealed tenantops export`);
  const idLength = blob[MAGIC.length];
  const idEnd = MAGIC.length + 1 + idLength;
  const id = blob.subarray(MAGIC.length + 1, idEnd).toString();
  const key = 'key' in keys ? (keys.id === id ? keys : undefined) : keys.get(id);
  if (!key) throw new EnvironmentError(`${name} is sealed under key "${id}", which is not the key given`);
  const iv = blob.subarray(idEnd, idEnd + IV_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
  decipher.setAAD(Buffer.from(name));
  decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(blob.subarray(idEnd + IV_BYTES, blob.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new EnvironmentError(`${name} does not open under key "${id}": it was altered, renamed or sealed under another key with that id`);
  }
}
