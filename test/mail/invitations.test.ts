// Super users at go-live: a welcome with the login URL and a one-time invitation, and the go-live
// notification, each sent once through the outbox, never a password; the token only in the mail
// (the registry holds its SHA-256), redeemable once by the application's role, refused when reused
// or expired; a super user added to a live tenant invited on the next apply.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { hashInvitationToken } from '../../src/mail/index.ts';
import {
  INVITATION_APP_ROLE, listAudit, listInvitations, listOutbox, readSecret, redeemInvitation, replaceUsers, storeSecret,
  parseKeyring, type Pool,
} from '../../src/registry/index.ts';
import { deliverGoLiveMail, deliverPendingMail } from '../../src/run/index.ts';
import { useTestRegistry } from '../support/registry.ts';
import { mailConfigFor, mailRun, seedTenant, startMailbox, SUPER_USERS, TEST_ENCRYPTION_KEY, tokenIn, type ReadMail } from '../support/mail.ts';

const registry = useTestRegistry();
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let run: Awaited<ReturnType<typeof mailRun>>;
let mails: ReadMail[];
const SECRETS = { 'db.owner.password': 'Owner-Pa55word-synthetic-0001', 'db.app.password': 'App-Pa55word-synthetic-0002', 'db.bi.password': 'Bi-Pa55word-synthetic-0003' };

beforeAll(async () => {
  mailbox = await startMailbox();
  run = await mailRun(registry.url, mailbox.smtp, mailConfigFor(mailbox.smtp));
  await seedTenant(registry.pool, 'acme');
  // The tenant's generated secrets, as provisioning seals them: no mail may ever carry one.
  const keyring = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY });
  for (const [name, value] of Object.entries(SECRETS)) await storeSecret(registry.pool, keyring, 'acme', name, value);
  const first = await deliverGoLiveMail(run.inputs, run.services, 'acme', { actor: 'test', githubRun: '42' });
  expect(first).toEqual({ tenant: 'acme', queued: { welcome: 3, goLive: 3 }, sent: 6, reissued: 0, cancelled: 0 });
  mails = await mailbox.read();
});
afterAll(async () => {
  await run?.services.close();
  await mailbox?.remove();
});

const welcomes = () => mails.filter((m) => m.subject.startsWith('Welcome to'));

describe('go-live mail', () => {
  it('sends each super user one welcome with the login URL and invitation link, and one go-live notification', () => {
    expect(mails).toHaveLength(6);
    for (const user of SUPER_USERS) {
      const mine = mails.filter((m) => m.to === user.email);
      expect(mine.map((m) => m.subject).sort()).toEqual(['Welcome to Acme Training (acme) on Analytics Platform', 'Your platform is ready: Acme Training (acme)']);
      const welcome = mine.find((m) => m.subject.startsWith('Welcome'))!;
      expect(welcome.text).toContain(`Hello ${user.firstName},`);
      expect(welcome.text).toContain('sign in at https://acme.tenants.example.com');
      expect(welcome.text).toMatch(/https:\/\/acme\.tenants\.example\.com\/invite\/[A-Za-z0-9_-]{43}\n/);
      expect(welcome.parsed.from?.value[0]).toEqual({ address: 'noreply@platform.example', name: 'Analytics Platform' });
      expect(welcome.parsed.html).toContain(`/invite/${tokenIn(welcome)}`);
    }
    expect(new Set(welcomes().map(tokenIn)).size).toBe(3);
  });

  it('never carries a password: none of the tenant\'s secrets, nor the SMTP password, in any mail', async () => {
    const keyring = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY });
    const values = [mailbox.smtp.credentials[0].password];
    for (const name of Object.keys(SECRETS)) values.push((await readSecret(registry.pool, keyring, 'acme', name))!);
    for (const mail of mails) {
      for (const value of values) expect(mail.raw).not.toContain(value);
      expect(mail.text).not.toMatch(/password\s*[:=]/i);
    }
  });

  it('stores the token only as its SHA-256: no table of the registry holds it in any form but the hash', async () => {
    const tokens = welcomes().map(tokenIn);
    const invitations = await listInvitations(registry.pool, 'acme');
    expect(invitations).toHaveLength(3);
    const { rows: hashes } = await registry.pool.query<{ email: string; token_hash: Buffer }>(`SELECT email, token_hash FROM invitations WHERE tenant = 'acme'`);
    for (const mail of welcomes()) {
      expect(hashes.find((h) => h.email === mail.to)!.token_hash.equals(createHash('sha256').update(tokenIn(mail)).digest())).toBe(true);
    }
    // Every row of every table, as text (base64 and hex included), against each token.
    const dump = await dumpRegistry(registry.pool);
    for (const token of tokens) {
      for (const form of [token, Buffer.from(token).toString('base64'), Buffer.from(token).toString('hex')]) expect(dump).not.toContain(form);
    }
    // The outbox keeps the messages sealed: subject and recipient only in the clear.
    for (const row of await listOutbox(registry.pool, 'acme')) expect(Object.keys(row.message).sort()).toEqual(['ct', 'iv', 'kid', 'tag', 'v']);
  });

  it('a re-run sends nothing', async () => {
    const again = await deliverGoLiveMail(run.inputs, run.services, 'acme', { actor: 'test' });
    expect(again).toEqual({ tenant: 'acme', queued: { welcome: 0, goLive: 0 }, sent: 0, reissued: 0, cancelled: 0 });
    expect(await mailbox.read()).toHaveLength(6);
    expect((await listOutbox(registry.pool, 'acme')).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    const audit = (await listAudit(registry.pool, 'acme')).filter((a) => a.action === 'mail.go-live');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'test', githubRun: '42', after: { welcome: 3, goLive: 3, sent: 6, failed: 0 } });
  });
});

describe('redeem_invitation', () => {
  it('redeems a token once, as the application role, and refuses it the second time', async () => {
    const mail = welcomes().find((m) => m.to === 'ada@acme.example')!;
    const token = tokenIn(mail);
    expect(await asAppRole(registry.url, (c) => redeemInvitation(c, token))).toEqual({ tenant: 'acme', email: 'ada@acme.example' });
    expect(await asAppRole(registry.url, (c) => redeemInvitation(c, token))).toBeUndefined();
    const [row] = (await listInvitations(registry.pool, 'acme')).filter((i) => i.email === 'ada@acme.example');
    expect(row.redeemedAt).toBeInstanceOf(Date);
  });

  it('refuses an expired token and an unknown one', async () => {
    const mail = welcomes().find((m) => m.to === 'grace@acme.example')!;
    // The clock moving past expires_at, without waiting a week.
    await registry.pool.query(`UPDATE invitations SET created_at = now() - interval '8 days', expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashInvitationToken(tokenIn(mail))]);
    expect(await asAppRole(registry.url, (c) => redeemInvitation(c, tokenIn(mail)))).toBeUndefined();
    expect(await asAppRole(registry.url, (c) => redeemInvitation(c, 'A'.repeat(43)))).toBeUndefined();
    const [row] = (await listInvitations(registry.pool, 'acme')).filter((i) => i.email === 'grace@acme.example');
    expect(row.redeemedAt).toBeNull();
  });

  it('gives the application role that function and nothing else, and nobody else the function', async () => {
    const token = tokenIn(welcomes().find((m) => m.to === 'alan@acme.example')!);
    await expect(asAppRole(registry.url, (c) => c.query('SELECT * FROM invitations'))).rejects.toMatchObject({ code: '42501' });
    await expect(asAppRole(registry.url, (c) => c.query('SELECT * FROM users'))).rejects.toMatchObject({ code: '42501' });
    const { rows } = await registry.pool.query<{ prosecdef: boolean; proconfig: string[] }>(`SELECT prosecdef, proconfig FROM pg_proc WHERE proname = 'redeem_invitation'`);
    expect(rows[0]).toEqual({ prosecdef: true, proconfig: ['search_path=pg_catalog, public, pg_temp'] });
    // A role of the same server that was not granted it: refused, and the token still works afterwards.
    const other = `tenantops_other_${process.pid}`;
    await registry.pool.query(`DROP ROLE IF EXISTS ${other}; CREATE ROLE ${other} NOLOGIN`);
    await expect(asRole(registry.url, other, (c) => redeemInvitation(c, token))).rejects.toMatchObject({ code: '42501' });
    expect(await asAppRole(registry.url, (c) => redeemInvitation(c, token))).toEqual({ tenant: 'acme', email: 'alan@acme.example' });
    await registry.pool.query(`DROP ROLE ${other}`);
  });
});

describe('a super user added to a live tenant', () => {
  it('gets their welcome on the next apply, and nobody else gets anything', async () => {
    const before = (await mailbox.read()).length;
    await replaceUsers(registry.pool, 'acme', [...SUPER_USERS, { email: 'katherine@acme.example', firstName: 'Katherine', lastName: 'Johnson' }]);
    const result = await deliverPendingMail(run.inputs, run.services, 'acme', { actor: 'test' });
    expect(result).toMatchObject({ queued: { welcome: 1, goLive: 0 }, sent: 1 });
    const added = (await mailbox.read()).slice(before);
    expect(added.map((m) => [m.to, m.subject])).toEqual([['katherine@acme.example', 'Welcome to Acme Training (acme) on Analytics Platform']]);
    expect(await asAppRole(registry.url, (c) => redeemInvitation(c, tokenIn(added[0])))).toEqual({ tenant: 'acme', email: 'katherine@acme.example' });
    expect(await deliverPendingMail(run.inputs, run.services, 'acme', { actor: 'test' })).toMatchObject({ queued: { welcome: 0, goLive: 0 }, sent: 0 });
  });

  it('a tenant that is not live gets nothing from the apply path', async () => {
    await seedTenant(registry.pool, 'beta-qa', SUPER_USERS, 'provisioned');
    expect(await deliverPendingMail(run.inputs, run.services, 'beta-qa', { actor: 'test' })).toMatchObject({ sent: 0, skipped: 'tenant beta-qa is not live' });
    expect(await listOutbox(registry.pool, 'beta-qa')).toEqual([]);
  });
});

async function asRole<T>(url: string, role: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET ROLE ${role}`);
    return await fn(client);
  } finally {
    await client.end();
  }
}

function asAppRole<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return asRole(url, INVITATION_APP_ROLE, fn);
}

async function dumpRegistry(pool: Pool): Promise<string> {
  const { rows: tables } = await pool.query<{ name: string }>(`SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`);
  let dump = '';
  for (const { name } of tables) {
    const { rows } = await pool.query<{ t: string }>(`SELECT t::text AS t FROM ${name} t`);
    dump += rows.map((r) => r.t).join('\n');
  }
  return dump;
}
