// The outbox across a crash: a sender SIGKILLed after the SMTP server stored a mail and before the
// sender heard back (so before it could mark the row sent) loses nothing, and the re-run sends the
// missing mails plus at most that one again, as the very same message. And the client's side of
// STARTTLS: a server that does not offer it gets no credentials and no mail.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { testTls } from '@tenantops/emulators/testing';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { hashInvitationToken } from '../../src/mail/index.ts';
import { INVITATION_APP_ROLE, listInvitations, listOutbox, redeemInvitation } from '../../src/registry/index.ts';
import { deliverGoLiveMail } from '../../src/run/index.ts';
import { useTestRegistry } from '../support/registry.ts';
import { repoRoot } from '../support/repo.ts';
import { mailConfigFor, mailRun, seedTenant, SMTP_PASSWORD_VARIABLE, startMailbox, SUPER_USERS, TEST_ENCRYPTION_KEY, tokenIn } from '../support/mail.ts';

const registry = useTestRegistry();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('outbox', () => {
  it('a sender killed between delivery and marking: the re-run sends the missing mails and repeats only that one', async () => {
    let child: ReturnType<typeof spawn> | undefined;
    let exited: Promise<NodeJS.Signals | number | null> | undefined;
    let deliveries = 0;
    const mailbox = await startMailbox({
      // The 2nd mail is stored; before the server says 250, its sender dies.
      beforeReply: async () => {
        if (++deliveries !== 2 || !child) return;
        child.kill('SIGKILL');
        await exited;
      },
    });
    cleanups.push(() => mailbox.remove());
    await seedTenant(registry.pool, 'acme');
    const mail = mailConfigFor(mailbox.smtp);

    child = spawn(process.execPath, [join(import.meta.dirname, '../support/mail-child.ts')], {
      env: {
        ...process.env,
        TENANTOPS_TEST_CHILD: JSON.stringify({
          root: repoRoot,
          tenant: 'acme',
          mail,
          ca: testTls().caPem,
          env: { TENANTOPS_REGISTRY_URL: registry.url, TENANTOPS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, [SMTP_PASSWORD_VARIABLE]: mailbox.smtp.credentials[0].password },
        }),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    exited = new Promise((resolve) => child!.on('exit', (code, signal) => resolve(signal ?? code)));
    expect(await exited, stderr).toBe('SIGKILL');

    // Six mails were enqueued before the first send; two reached the mailbox, one was marked.
    const rows = await listOutbox(registry.pool, 'acme');
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'pending', 'pending', 'pending', 'pending', 'pending']);
    expect(rows[1].attempts).toBe(1);
    expect(await mailbox.read()).toHaveLength(2);

    const run = await mailRun(registry.url, mailbox.smtp, mail);
    cleanups.push(() => run.services.close());
    const rerun = await deliverGoLiveMail(run.inputs, run.services, 'acme', { actor: 'test' });
    expect(rerun).toMatchObject({ queued: { welcome: 0, goLive: 0 }, sent: 5, reissued: 0 });

    const mails = await mailbox.read();
    expect(mails).toHaveLength(7);
    const pairs = mails.map((m) => `${m.to} ${m.subject}`);
    // Every mail arrived; exactly one arrived twice, the one in flight, as the same message.
    expect(new Set(pairs).size).toBe(SUPER_USERS.length * 2);
    const twice = pairs.filter((p, i) => pairs.indexOf(p) !== i);
    expect(twice).toEqual([pairs[1]]);
    expect(mails[1].parsed.messageId).toBe(mails.find((m, i) => i > 1 && `${m.to} ${m.subject}` === pairs[1])!.parsed.messageId);
    expect(mails[1].text).toBe(mails.find((m, i) => i > 1 && `${m.to} ${m.subject}` === pairs[1])!.text);
    const after = await listOutbox(registry.pool, 'acme');
    expect(after.every((r) => r.status === 'sent')).toBe(true);
    expect(after.map((r) => r.attempts)).toEqual([1, 2, 1, 1, 1, 1]);
    // A re-run now sends nothing.
    expect(await deliverGoLiveMail(run.inputs, run.services, 'acme', { actor: 'test' })).toMatchObject({ sent: 0 });
    expect(await mailbox.read()).toHaveLength(7);
  });

  it('a failed send stays pending with its error, the others still go, and the next run sends it', async () => {
    let refuse = 'grace@acme.example';
    const mailbox = await startMailbox();
    cleanups.push(() => mailbox.remove());
    await seedTenant(registry.pool, 'fail-once');
    const run = await mailRun(registry.url, mailbox.smtp, mailConfigFor(mailbox.smtp));
    cleanups.push(() => run.services.close());
    // The server refuses one recipient (a 550 at RCPT TO), as a real one does for a mailbox it does not know.
    const realSend = run.services.mailer()!.send;
    const mailer = run.services.mailer()!;
    mailer.send = async (message, where) => {
      if (message.to === refuse) return realSend.call(mailer, { ...message, to: 'bad address@' }, where);
      return realSend.call(mailer, message, where);
    };
    const error = await deliverGoLiveMail(run.inputs, run.services, 'fail-once', { actor: 'test' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^2 change\(s\) failed:\n/);
    expect((error as Error).message).toContain('- welcome mail to grace@acme.example: tenant fail-once, step mail: smtp RCPT welcome mail to bad address@ failed with SMTP 501');
    expect((error as Error).message).toContain('- go-live mail to grace@acme.example: tenant fail-once, step mail: smtp RCPT go-live mail to bad address@ failed with SMTP 501');
    expect((await mailbox.read()).map((m) => m.to).sort()).toEqual(['ada@acme.example', 'ada@acme.example', 'alan@acme.example', 'alan@acme.example']);
    const pending = (await listOutbox(registry.pool, 'fail-once')).filter((r) => r.status === 'pending');
    expect(pending.map((r) => r.recipient)).toEqual(['grace@acme.example', 'grace@acme.example']);
    expect(pending.every((r) => r.lastError && r.attempts === 1)).toBe(true);

    refuse = '';
    expect(await deliverGoLiveMail(run.inputs, run.services, 'fail-once', { actor: 'test' })).toMatchObject({ sent: 2 });
    expect((await mailbox.read()).filter((m) => m.to === 'grace@acme.example')).toHaveLength(2);
  });
});

describe('a pending mail that can no longer go out as sealed', () => {
  /** Enqueues the tenant's go-live mail while the server refuses every send, so all of it stays pending. */
  async function enqueueOnly(code: string, users = SUPER_USERS.slice(0, 1)) {
    const mailbox = await startMailbox();
    cleanups.push(() => mailbox.remove());
    await seedTenant(registry.pool, code, users);
    const run = await mailRun(registry.url, mailbox.smtp, mailConfigFor(mailbox.smtp));
    cleanups.push(() => run.services.close());
    const mailer = run.services.mailer()!;
    const send = mailer.send;
    mailer.send = async () => {
      throw new Error('server down');
    };
    await expect(deliverGoLiveMail(run.inputs, run.services, code, { actor: 'test' })).rejects.toThrow(/server down/);
    mailer.send = send;
    return { mailbox, run };
  }

  it('a welcome whose invitation expired before it went out gets a new invitation; the old one is dead', async () => {
    const { mailbox, run } = await enqueueOnly('expired-pending');
    const [first] = await listInvitations(registry.pool, 'expired-pending');
    await registry.pool.query(`UPDATE invitations SET created_at = now() - interval '8 days', expires_at = now() - interval '1 day' WHERE id = $1`, [first.id]);
    expect(await deliverGoLiveMail(run.inputs, run.services, 'expired-pending', { actor: 'test' })).toMatchObject({ sent: 2, reissued: 1 });
    const welcome = (await mailbox.read()).find((m) => m.subject.startsWith('Welcome'))!;
    const invitations = await listInvitations(registry.pool, 'expired-pending');
    expect(invitations).toHaveLength(2);
    expect(invitations.find((i) => i.id === first.id)!.revokedAt).toBeInstanceOf(Date);
    const { rows } = await registry.pool.query<{ id: string }>(`SELECT id FROM invitations WHERE token_hash = $1`, [hashInvitationToken(tokenIn(welcome))]);
    expect(rows[0].id).not.toBe(first.id);
    expect(await asApp((c) => redeemInvitation(c, tokenIn(welcome)))).toEqual({ tenant: 'expired-pending', email: 'ada@acme.example' });
  });

  it('mails sealed under a key that was rotated away are rendered again and sent', async () => {
    const { mailbox } = await enqueueOnly('rotated');
    const rotated = await mailRun(registry.url, mailbox.smtp, mailConfigFor(mailbox.smtp), { TENANTOPS_ENCRYPTION_KEY: `new:${randomBytes(32).toString('base64')}` });
    cleanups.push(() => rotated.services.close());
    expect(await deliverGoLiveMail(rotated.inputs, rotated.services, 'rotated', { actor: 'test' })).toMatchObject({ sent: 2, reissued: 1 });
    expect((await mailbox.read()).map((m) => m.subject).sort()).toEqual(['Welcome to Acme Training (rotated) on Analytics Platform', 'Your platform is ready: Acme Training (rotated)']);
    expect((await listOutbox(registry.pool, 'rotated')).map((r) => r.message.kid)).toEqual(['new', 'new']);
  });

  it('a welcome whose invitation was redeemed meanwhile is not sent again', async () => {
    const { mailbox, run } = await enqueueOnly('redeemed-pending');
    await registry.pool.query(`UPDATE invitations SET redeemed_at = now() WHERE tenant = 'redeemed-pending'`);
    expect(await deliverGoLiveMail(run.inputs, run.services, 'redeemed-pending', { actor: 'test' })).toMatchObject({ sent: 1, reissued: 0 });
    expect((await mailbox.read()).map((m) => m.subject)).toEqual(['Your platform is ready: Acme Training (redeemed-pending)']);
    expect((await listOutbox(registry.pool, 'redeemed-pending')).map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});

async function asApp<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: registry.url });
  await client.connect();
  try {
    await client.query(`SET ROLE ${INVITATION_APP_ROLE}`);
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('STARTTLS, from the sending side', () => {
  it('a server that does not offer STARTTLS gets neither the password nor a mail', async () => {
    const seen: string[] = [];
    const plain = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      logger: false,
      onAuth(auth, _s, cb) {
        seen.push(`AUTH ${auth.username}`);
        cb(null, { user: auth.username });
      },
      onData(stream, _s, cb) {
        seen.push('DATA');
        stream.resume();
        stream.on('end', () => cb());
      },
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => plain.close(() => resolve())));
    const port = (plain.server.address() as { port: number }).port;
    const mailbox = await startMailbox();
    cleanups.push(() => mailbox.remove());
    await seedTenant(registry.pool, 'plain-smtp', SUPER_USERS.slice(0, 1));
    const run = await mailRun(registry.url, mailbox.smtp, { ...mailConfigFor(mailbox.smtp), host: '127.0.0.1', port });
    cleanups.push(() => run.services.close());
    const error = await deliverGoLiveMail(run.inputs, run.services, 'plain-smtp', { actor: 'test' }).catch((e: Error) => e);
    expect((error as Error).message).toContain('- welcome mail to ada@acme.example: tenant plain-smtp, step mail: smtp STARTTLS welcome mail to ada@acme.example failed with SMTP 500 (ETLS)');
    expect(seen).toEqual([]);
    expect(run.log.lines.join('\n')).not.toContain(mailbox.smtp.credentials[0].password);
    expect((await listOutbox(registry.pool, 'plain-smtp')).every((r) => r.status === 'pending')).toBe(true);
  });
});
