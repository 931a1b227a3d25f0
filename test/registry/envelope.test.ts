import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors/index.ts';
import { getSecret, listAudit, open, parseEncryptionKey, parseKeyring, putSecret, readSecret, rotateSecrets, seal, secretAad, storeSecret } from '../../src/registry/index.ts';
import type { Envelope } from '../../src/registry/index.ts';
import { useTestRegistry } from '../support/registry.ts';

// Synthetic keys, generated per run.
const k1 = `k1:${randomBytes(32).toString('base64')}`;
const k2 = `k2:${randomBytes(32).toString('base64')}`;
const ring1 = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: k1 });
const aad = secretAad('acme-training', 'db/app-password');

function flip(b64: string): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[0] ^= 1;
  return bytes.toString('base64');
}

describe('parseKeyring', () => {
  it('reads the current key and the previous ones', () => {
    const ring = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: k2, TENANTOPS_ENCRYPTION_KEYS_OLD: ` ${k1} ,` });
    expect(ring.current.id).toBe('k2');
    expect([...ring.keys.keys()]).toEqual(['k2', 'k1']);
  });

  it('accepts key ids of 1-64 of its characters, surrounding spaces, unpadded and url-safe base64, and a previous key repeated', () => {
    const bytes = randomBytes(32);
    const id64 = `a.B_c-9${'x'.repeat(57)}`;
    expect(parseEncryptionKey(` ${id64} : ${bytes.toString('base64')} `, 'here')).toEqual({ id: id64, key: bytes });
    expect(parseEncryptionKey(`k:${bytes.toString('base64').replace(/=+$/, '')}`, 'here').key.equals(bytes)).toBe(true);
    expect(parseEncryptionKey(`k:${bytes.toString('base64url')}`, 'here').key.equals(bytes)).toBe(true);
    const ring = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: k1, TENANTOPS_ENCRYPTION_KEYS_OLD: `${k1}, ${k2}` });
    expect([...ring.keys.keys()]).toEqual(['k1', 'k2']);
    expect(ring.keys.get('k2')?.key.equals(Buffer.from(k2.slice(3), 'base64'))).toBe(true);
  });

  it.each([
    ['a 65-character key id', `${'x'.repeat(65)}:${randomBytes(32).toString('base64')}`, /here is malformed: expected <keyId>:/],
    ['an empty key id', `:${randomBytes(32).toString('base64')}`, /here is malformed: expected <keyId>:/],
    ['a key id with a space', `k 1:${randomBytes(32).toString('base64')}`, /here is malformed: expected <keyId>:/],
    ['a key id with a slash', `k/1:${randomBytes(32).toString('base64')}`, /here is malformed: expected <keyId>:/],
    ['33 bytes', `k1:${randomBytes(33).toString('base64')}`, /here \(key id "k1"\) is malformed: the key must be exactly 32 bytes/],
    ['base64 with a stray character inside', `k1:${randomBytes(32).toString('base64').replace(/^(.{20})/, '$1*')}`, /here \(key id "k1"\) is malformed/],
  ])('parseEncryptionKey rejects %s', (_label, text, message) => {
    expect(() => parseEncryptionKey(text, 'here')).toThrow(message);
  });

  it('names the entry of a bad previous key', () => {
    expect(() => parseKeyring({ TENANTOPS_ENCRYPTION_KEY: k1, TENANTOPS_ENCRYPTION_KEYS_OLD: `${k2},oops` })).toThrow(/^TENANTOPS_ENCRYPTION_KEYS_OLD \(entry 2\) is malformed/);
  });

  it.each([
    ['missing', {}, /TENANTOPS_ENCRYPTION_KEY is not set/],
    ['no key id', { TENANTOPS_ENCRYPTION_KEY: 'no-colon-here' }, /TENANTOPS_ENCRYPTION_KEY is malformed: expected <keyId>:/],
    ['16 bytes', { TENANTOPS_ENCRYPTION_KEY: `k1:${randomBytes(16).toString('base64')}` }, /TENANTOPS_ENCRYPTION_KEY \(key id "k1"\) is malformed: the key must be exactly 32 bytes/],
    ['not base64', { TENANTOPS_ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64').slice(0, 40)}!!!!` }, /must be exactly 32 bytes/],
    ['reused key id', { TENANTOPS_ENCRYPTION_KEY: k1, TENANTOPS_ENCRYPTION_KEYS_OLD: `k1:${randomBytes(32).toString('base64')}` }, /KEYS_OLD \(entry 1\): key id "k1" is already used/],
  ])('rejects a key that is %s, naming the variable, never the value', (_label, env, message) => {
    const err = (() => {
      try {
        parseKeyring(env as NodeJS.ProcessEnv);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(EnvironmentError);
    expect(err?.message).toMatch(message);
    for (const value of Object.values(env)) expect(err?.message).not.toContain(String(value).split(':')[1] ?? '@@');
  });
});

describe('envelopes', () => {
  it('round-trips and never contains the plaintext', () => {
    const envelope = seal('s3cret-pa55', ring1.current, aad);
    expect(Object.keys(envelope).sort()).toEqual(['ct', 'iv', 'kid', 'tag', 'v']);
    expect(envelope).toMatchObject({ v: 1, kid: 'k1' });
    expect(JSON.stringify(envelope)).not.toContain('s3cret');
    expect(open(envelope, ring1, aad)).toBe('s3cret-pa55');
    expect(seal('s3cret-pa55', ring1.current, aad).iv).not.toBe(envelope.iv);
  });

  it('fails with the wrong key, the wrong binding or any altered byte', () => {
    const envelope = seal('s3cret-pa55', ring1.current, aad);
    const sameIdOtherKey = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}` });
    const cases: [string, () => string][] = [
      ['wrong key', () => open(envelope, sameIdOtherKey, aad)],
      ['other tenant', () => open(envelope, ring1, secretAad('beta-corp', 'db/app-password'))],
      ['other name', () => open(envelope, ring1, secretAad('acme-training', 'db/bi-password'))],
      ['tag', () => open({ ...envelope, tag: flip(envelope.tag) }, ring1, aad)],
      ['ciphertext', () => open({ ...envelope, ct: flip(envelope.ct) }, ring1, aad)],
      ['iv', () => open({ ...envelope, iv: flip(envelope.iv) }, ring1, aad)],
    ];
    for (const [what, attempt] of cases) {
      expect(attempt, what).toThrow(/cannot open a secret sealed with key id "k1"/);
    }
    expect(() => open({ ...envelope, kid: 'k9' }, ring1, aad)).toThrow(/key id "k9", which is neither TENANTOPS_ENCRYPTION_KEY nor in TENANTOPS_ENCRYPTION_KEYS_OLD/);
  });

  it('refuses an envelope of another version or with a damaged iv or tag before trying to open it', () => {
    const envelope = seal('s3cret-pa55', ring1.current, aad);
    expect(() => open({ ...envelope, v: 2 as 1 }, ring1, aad)).toThrow(/^unsupported secret envelope version 2$/);
    expect(() => open(undefined as unknown as Envelope, ring1, aad)).toThrow(/^unsupported secret envelope version undefined$/);
    const damaged = /^a secret envelope \(key id "k1"\) is damaged: bad iv or tag length$/;
    expect(() => open({ ...envelope, tag: Buffer.from(envelope.tag, 'base64').subarray(0, 12).toString('base64') }, ring1, aad)).toThrow(damaged);
    expect(() => open({ ...envelope, iv: randomBytes(16).toString('base64') }, ring1, aad)).toThrow(damaged);
    expect(Buffer.from(envelope.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(envelope.tag, 'base64')).toHaveLength(16);
    expect(secretAad('acme-training', 'db/app-password')).toBe('tenantops/secret/v1/acme-training/db/app-password');
  });

  it('opens with a previous key of the keyring, and keeps multi-byte text intact', () => {
    const old = seal('pässwörd-✓', ring1.current, aad);
    const rotating = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: k2, TENANTOPS_ENCRYPTION_KEYS_OLD: k1 });
    expect(open(old, rotating, aad)).toBe('pässwörd-✓');
    expect(seal('x', rotating.current, aad).kid).toBe('k2');
  });
});

describe('secrets in the registry', () => {
  const reg = useTestRegistry(['acme-training', 'beta-corp']);

  it('stores envelopes only, and an envelope moved to another tenant does not open', async () => {
    await storeSecret(reg.pool, ring1, 'acme-training', 'db/app-password', 'acme-pw-1');
    expect(await readSecret(reg.pool, ring1, 'acme-training', 'db/app-password')).toBe('acme-pw-1');
    expect(await readSecret(reg.pool, ring1, 'acme-training', 'nothing')).toBeUndefined();
    const { rows } = await reg.pool.query(`SELECT envelope::text AS raw FROM secrets`);
    expect(rows[0].raw).not.toContain('acme-pw-1');
    await expect(reg.pool.query(`INSERT INTO secrets (tenant, name, envelope) VALUES ('acme-training', 'plain', '{"value": "pw"}')`)).rejects.toMatchObject({ code: '23514' });
    const stolen = (await getSecret(reg.pool, 'acme-training', 'db/app-password')) as Envelope;
    await putSecret(reg.pool, 'beta-corp', 'db/app-password', stolen);
    await expect(readSecret(reg.pool, ring1, 'beta-corp', 'db/app-password')).rejects.toThrow(EnvironmentError);
    await reg.pool.query(`DELETE FROM secrets WHERE tenant = 'beta-corp'`);
  });

  it('rotation re-seals everything under the new key, after which the old key is not needed', async () => {
    await storeSecret(reg.pool, ring1, 'acme-training', 'db/bi-password', 'acme-pw-2');
    await storeSecret(reg.pool, ring1, 'beta-corp', 'byod/url', 'beta-url-3');
    const rotating = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: k2, TENANTOPS_ENCRYPTION_KEYS_OLD: k1 });
    await storeSecret(reg.pool, rotating, 'beta-corp', 'db/app-password', 'beta-pw-4'); // already under k2

    const result = await rotateSecrets(reg.pool, rotating, { actor: 'alice', githubRun: '77' });
    expect(result).toEqual({ rotated: 3, total: 4, previousKeyIds: ['k1', 'k2'], remainingKeyIds: ['k2'], verifiedWithCurrentKeyOnly: 4 });

    const onlyNew = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: k2 });
    expect(await readSecret(reg.pool, onlyNew, 'acme-training', 'db/app-password')).toBe('acme-pw-1');
    expect(await readSecret(reg.pool, onlyNew, 'acme-training', 'db/bi-password')).toBe('acme-pw-2');
    expect(await readSecret(reg.pool, onlyNew, 'beta-corp', 'byod/url')).toBe('beta-url-3');
    expect(await readSecret(reg.pool, onlyNew, 'beta-corp', 'db/app-password')).toBe('beta-pw-4');
    await expect(readSecret(reg.pool, ring1, 'acme-training', 'db/app-password')).rejects.toThrow(/key id "k2"/);

    expect((await rotateSecrets(reg.pool, onlyNew)).rotated).toBe(0);
    const audit = await listAudit(reg.pool);
    expect(audit[0]).toMatchObject({ actor: 'alice', githubRun: '77', action: 'keys.rotate', before: { keyIds: ['k1', 'k2'] }, after: { keyIds: ['k2'], rotated: 3, total: 4 } });
  });

  it('a rotation that cannot open an envelope changes nothing', async () => {
    const k3 = `k3:${randomBytes(32).toString('base64')}`;
    const missingOld = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: k3 }); // k2 not provided
    const before = await reg.pool.query(`SELECT tenant, name, envelope FROM secrets ORDER BY 1, 2`);
    await expect(rotateSecrets(reg.pool, missingOld)).rejects.toThrow(/key id "k2"/);
    const after = await reg.pool.query(`SELECT tenant, name, envelope FROM secrets ORDER BY 1, 2`);
    expect(after.rows).toEqual(before.rows);
  });
});
