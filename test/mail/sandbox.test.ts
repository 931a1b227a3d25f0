// The sandbox's mail: sandbox.json's smtp turns platform.yaml's mail section onto the sandbox's
// server (its account under the secret name platform.yaml gives, masked), and the mailbox lists
// back as `npm start` prints it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestEntra, testTls } from '@tenantops/emulators/testing';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { listSandboxMail, renderMailList, startSandboxSmtp } from '../../dev/sandbox-smtp.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { loadValidInputs, parseSandboxInfo, sandboxRun, sandboxTarget, type SandboxInfo } from '../../src/run/index.ts';
import { repoRoot } from '../support/repo.ts';

describe('mail on the sandbox', () => {
  it('points platform.yaml\'s mail at the sandbox\'s SMTP server, its password masked', async () => {
    const inputs = await loadValidInputs(repoRoot);
    const info: SandboxInfo = {
      version: 2, pid: 1, startedAt: '', caFile: 'ca.pem', encryptionKey: 'sb:' + Buffer.alloc(32, 3).toString('base64'),
      entra: { authorityHost: 'https://127.0.0.1:1', tenantId: '00000000-0000-0000-0000-000000000001' },
      identities: Object.keys(inputs.platform.credentialProfiles).map((name) => ({ name, clientId: 'c', clientSecret: 'sandbox-client-secret' })),
      powerbi: { url: 'https://127.0.0.1:2' }, fabric: { url: 'https://127.0.0.1:3' },
      postgres: { registry: 'postgres://r:pw@127.0.0.1:5/registry', clusters: Object.fromEntries(Object.keys(inputs.platform.clusters).map((c) => [c, `postgres://a:pw@127.0.0.1:6/${c}`])), byod: {} },
      smtp: { host: '127.0.0.1', port: 2525, mailbox: '/tmp/mailbox', user: 'sandbox-user', password: 'sandbox-smtp-password' },
    };
    const target = sandboxTarget(parseSandboxInfo(JSON.stringify(info), 'sandbox.json'), 'CA', inputs);
    expect(target.platform.mail).toMatchObject({ host: '127.0.0.1', port: 2525, auth: { type: 'password', user: 'sandbox-user', passwordSecret: 'TENANTOPS_SMTP_PASSWORD' } });
    expect(inputs.platform.mail!.host).toBe('smtp.example.com');
    expect(target.env.TENANTOPS_SMTP_PASSWORD).toBe('sandbox-smtp-password');
    expect(target.mail).toEqual({ ca: 'CA' });
    const log = createMemoryLogger();
    const run = sandboxRun(inputs, target, { log, env: {} });
    expect(run.options.mail).toEqual({ ca: 'CA' });
    log.info('leak? sandbox-smtp-password');
    expect(log.lines.join('\n')).not.toContain('sandbox-smtp-password');
  });

  it('lists what the sandbox\'s server captured: recipient and subject, oldest first', async () => {
    const workDir = await mkdtemp(path.join(tmpdir(), 'sandbox-smtp-'));
    const { entra } = await startTestEntra();
    const smtp = await startSandboxSmtp({ workDir, tls: testTls(), entra, log: createMemoryLogger() });
    try {
      const transport = nodemailer.createTransport({ host: smtp.info.host, port: smtp.info.port, requireTLS: true, tls: { ca: testTls().caPem }, auth: { user: smtp.info.user, pass: smtp.info.password } });
      const started = new Date();
      await transport.sendMail({ from: 'noreply@example.com', to: 'ada@acme.example', subject: 'Welcome', text: 'x' });
      await transport.sendMail({ from: 'noreply@example.com', to: 'grace@acme.example', subject: 'Your platform is ready: Acme', text: 'y' });
      const mails = await listSandboxMail(smtp.info.mailbox, started);
      expect(mails.map((m) => [m.recipient, m.subject])).toEqual([['ada@acme.example', 'Welcome'], ['grace@acme.example', 'Your platform is ready: Acme']]);
      expect(await listSandboxMail(smtp.info.mailbox, new Date(Date.now() + 60_000))).toEqual([]);
      expect(renderMailList(mails)).toBe('mails the sandbox captured (2):\n  ada@acme.example    Welcome\n  grace@acme.example  Your platform is ready: Acme');
      expect(renderMailList([])).toBe('mails the sandbox captured: none');
    } finally {
      await smtp.emulator.stop();
      await entra.stop();
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
