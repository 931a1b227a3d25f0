import { beforeAll, describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors/index.ts';
import { appendAudit, AUDIT_APPEND_ONLY_SQLSTATE, findSecretLike, listAudit } from '../../src/registry/index.ts';
import { useTestRegistry } from '../support/registry.ts';

const reg = useTestRegistry();
beforeAll(async () => {
  await appendAudit(reg.pool, { actor: 'alice', githubRun: '42', tenant: 'acme-training', action: 'tenant.create', target: 'tenant', after: { name: 'Acme' } });
});

const sqlstate = (p: Promise<unknown>) => p.then(() => 'no error', (e: { code?: string }) => e.code);

describe('audit log', () => {
  it('appends and lists rows', async () => {
    const rows = await listAudit(reg.pool, 'acme-training');
    expect(rows).toMatchObject([{ actor: 'alice', githubRun: '42', action: 'tenant.create', before: null, after: { name: 'Acme' } }]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE with its own SQLSTATE', async () => {
    expect(AUDIT_APPEND_ONLY_SQLSTATE).toBe('TOA01');
    expect(await sqlstate(reg.pool.query(`UPDATE audit_log SET actor = 'mallory'`))).toBe('TOA01');
    expect(await sqlstate(reg.pool.query(`DELETE FROM audit_log`))).toBe('TOA01');
    expect(await sqlstate(reg.pool.query(`TRUNCATE audit_log`))).toBe('TOA01');
    expect((await listAudit(reg.pool)).map((r) => r.actor)).toEqual(['alice']);
  });

  it('still refuses when a superuser switches ordinary triggers off (session_replication_role)', async () => {
    const client = await reg.pool.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      expect(await sqlstate(client.query(`DELETE FROM audit_log`))).toBe('TOA01');
    } finally {
      await client.query(`RESET session_replication_role`);
      client.release();
    }
  });

  it('refuses to record values that look like secrets, naming where but not what', async () => {
    const password = 'Zq8vN2xLw5RtY7uP3kMs9bHd';
    const err = await appendAudit(reg.pool, { actor: 'bot', action: 'db.roles', after: { roles: { app: { password } } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalError);
    expect((err as Error).message).toContain('after.roles.app.password');
    expect((err as Error).message).not.toContain(password);
    expect((await listAudit(reg.pool)).map((r) => r.action)).not.toContain('db.roles');
  });

  it('tells secrets from the ids, hashes and secret names an audit row legitimately carries', () => {
    expect(
      findSecretLike(
        {
          workspaceId: '0f8fad5b-d9cb-469f-a165-70867728950e',
          planHash: 'a'.repeat(16) + '0123456789abcdef'.repeat(3),
          passwordSecret: 'ACME_DB_URL',
          report: 'APTEM-BKSB-HUBSPOT - Operations Leader v1.2',
          masked: { token: '***' },
        },
        'after',
      ),
    ).toEqual([]);
    expect(
      findSecretLike(
        {
          url: 'postgres://app:hunter2hunter2@db.example.test:5432/acme',
          jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXRlc3Q',
          pem: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
          ado: 'Host=db;Username=app;Password=x',
          clientSecret: 'short-but-named-secret',
        },
        'before',
      ),
    ).toEqual(['before.url', 'before.jwt', 'before.pem', 'before.ado', 'before.clientSecret']);
  });
});
