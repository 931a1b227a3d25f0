// The SMTP emulator is strict where the real submission service is: no AUTH and no mail before
// STARTTLS, no mail before AUTH, wrong passwords and foreign tokens refused; what it accepts lands
// in the mailbox as an .eml file that a mail parser reads back.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RESOURCES, listMailbox, startSmtp, type EntraEmulator, type SmtpEmulator } from '../src/index.ts';
import { APP, credentialOptions, startTestEntra, testTls } from './support/index.ts';

const EXCHANGE = 'https://outlook.office365.com';

let dir: string;
let smtp: SmtpEmulator;
let entra: EntraEmulator;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'smtp-emulator-'));
  ({ entra } = await startTestEntra({ resources: [...DEFAULT_RESOURCES, EXCHANGE] }));
  smtp = await startSmtp({
    tls: testTls(),
    mailbox: path.join(dir, 'mailbox'),
    verifyToken: async (token) => (await entra.verifyAccessToken(`Bearer ${token}`, { audience: EXCHANGE })).ok,
  });
});
afterAll(async () => {
  await smtp?.stop();
  await entra?.stop();
  await rm(dir, { recursive: true, force: true });
});

type Auth = { user: string; pass: string } | { type: 'OAuth2'; user: string; accessToken: string } | undefined;

function client(auth: Auth, tls: 'starttls' | 'plain' = 'starttls') {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ...(tls === 'plain' ? { ignoreTLS: true } : { requireTLS: true }),
    tls: { ca: testTls().caPem },
    auth,
  });
}

const message = (subject: string) => ({ from: 'noreply@example.com', to: 'ada@example.org', subject, text: `body of ${subject}` });

async function refusal(promise: Promise<unknown>): Promise<{ responseCode?: number; message: string }> {
  return promise.then(
    () => {
      throw new Error('the server accepted it');
    },
    (err: { responseCode?: number; message: string }) => err,
  );
}

describe('SMTP emulator', () => {
  it('refuses a client that does not upgrade with STARTTLS, password or not, and stores nothing', async () => {
    const before = (await listMailbox(smtp.mailbox)).length;
    const withAuth = await refusal(client({ user: smtp.credentials[0].user, pass: smtp.credentials[0].password }, 'plain').sendMail(message('plain with auth')));
    expect(withAuth.responseCode).toBe(538);
    const without = await refusal(client(undefined, 'plain').sendMail(message('plain without auth')));
    expect(without.responseCode).toBe(530);
    expect((await listMailbox(smtp.mailbox)).length).toBe(before);
  });

  it('refuses mail without AUTH, and a wrong password, even over TLS', async () => {
    expect((await refusal(client(undefined).sendMail(message('no auth')))).responseCode).toBe(530);
    expect((await refusal(client({ user: smtp.credentials[0].user, pass: 'wrong' }).sendMail(message('bad password')))).responseCode).toBe(535);
  });

  it('stores what a signed-in client sends as an .eml file a mail parser reads back', async () => {
    const info = await client({ user: smtp.credentials[0].user, pass: smtp.credentials[0].password }).sendMail(message('hello over STARTTLS'));
    expect(info.response).toMatch(/^250 .*queued as [0-9a-f]{16}$/);
    const delivery = smtp.deliveries().at(-1)!;
    expect(delivery).toMatchObject({ user: smtp.credentials[0].user, from: 'noreply@example.com', to: ['ada@example.org'] });
    expect(delivery.method).toMatch(/^ESMTPS?A/);
    const files = await listMailbox(smtp.mailbox);
    expect(files.at(-1)).toBe(delivery.file);
    const parsed = await simpleParser(await readFile(delivery.file));
    expect(parsed.subject).toBe('hello over STARTTLS');
    expect(parsed.text?.trim()).toBe('body of hello over STARTTLS');
  });

  it('signs in with XOAUTH2 when the emulated Entra issued the token for Exchange, and only then', async () => {
    const credential = new ClientSecretCredential(entra.tenantId, APP.clientId, APP.secret, credentialOptions(entra));
    const exchange = (await credential.getToken(`${EXCHANGE}/.default`))!.token;
    await client({ type: 'OAuth2', user: 'noreply@example.com', accessToken: exchange }).sendMail(message('oauth2'));
    expect(smtp.deliveries().at(-1)).toMatchObject({ user: 'noreply@example.com' });

    const powerbi = (await credential.getToken('https://analysis.windows.net/powerbi/api/.default'))!.token;
    const refused = await refusal(client({ type: 'OAuth2', user: 'noreply@example.com', accessToken: powerbi }).sendMail(message('wrong audience')));
    expect(refused.responseCode).toBe(535);
    expect(smtp.deliveries().at(-1)!.user).toBe('noreply@example.com');
    expect((await simpleParser(await readFile(smtp.deliveries().at(-1)!.file))).subject).toBe('oauth2');
  });
});
