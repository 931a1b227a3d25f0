// The sandbox's mail: the SMTP emulator (STARTTLS and AUTH required) with a throwaway account, its
// messages kept as .eml files in `<workDir>/mailbox`, and the list `npm start` prints at the end
// (recipient, subject) read back with mailparser, as the tests read them.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_RESOURCES, listMailbox, startSmtp, type EntraEmulator, type SmtpEmulator, type TlsMaterial } from '@tenantops/emulators';
import { simpleParser } from 'mailparser';
import type { Logger } from '../src/log/index.ts';
import type { SandboxInfo } from '../src/run/index.ts';

/** Exchange Online's resource: the sandbox's Entra issues tokens for it, so an oauth2 mail sign-in works too. */
export const EXCHANGE_RESOURCE = 'https://outlook.office365.com';

/** The Entra resources the sandbox serves: the defaults and Exchange. */
export const SANDBOX_ENTRA_RESOURCES = [...DEFAULT_RESOURCES, EXCHANGE_RESOURCE];

export interface SandboxSmtp {
  emulator: SmtpEmulator;
  /** sandbox.json's `smtp`. */
  info: NonNullable<SandboxInfo['smtp']>;
}

/** Starts the SMTP emulator; `fresh` empties the mailbox a previous start left. */
export async function startSandboxSmtp(options: { workDir: string; tls: TlsMaterial; entra: EntraEmulator; log: Logger; fresh?: boolean }): Promise<SandboxSmtp> {
  const mailbox = path.join(options.workDir, 'mailbox');
  if (options.fresh) await rm(mailbox, { recursive: true, force: true });
  const emulator = await startSmtp({
    tls: options.tls,
    mailbox,
    verifyToken: async (token) => (await options.entra.verifyAccessToken(`Bearer ${token}`, { audience: EXCHANGE_RESOURCE })).ok,
  });
  const [account] = emulator.credentials;
  options.log.info(`sandbox: SMTP at ${emulator.host}:${emulator.port} (STARTTLS and AUTH required), mailbox ${path.relative(process.cwd(), mailbox) || mailbox}`);
  return { emulator, info: { host: emulator.host, port: emulator.port, mailbox, user: account.user, password: account.password } };
}

export interface CapturedMail {
  file: string;
  recipient: string;
  subject: string;
}

/** The mails in a sandbox mailbox, oldest first; `since` keeps those stored from then on. */
export async function listSandboxMail(mailbox: string, since?: Date): Promise<CapturedMail[]> {
  const mails: CapturedMail[] = [];
  for (const file of await listMailbox(mailbox)) {
    // File names start with the ISO time they were stored (`:` and `.` as `-`).
    if (since && path.basename(file).slice(0, 24) < since.toISOString().replace(/[:.]/g, '-')) continue;
    const parsed = await simpleParser(await readFile(file));
    const to = Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : [];
    mails.push({ file, recipient: to.flatMap((a) => a.value.map((v) => v.address ?? '')).join(', '), subject: parsed.subject ?? '' });
  }
  return mails;
}

/** `npm start`'s closing lines: one per mail the sandbox captured. */
export function renderMailList(mails: readonly CapturedMail[]): string {
  if (!mails.length) return 'mails the sandbox captured: none';
  const width = Math.max(...mails.map((m) => m.recipient.length));
  return [`mails the sandbox captured (${mails.length}):`, ...mails.map((m) => `  ${m.recipient.padEnd(width)}  ${m.subject}`)].join('\n');
}
