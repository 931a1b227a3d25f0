// Mail tests' world: the SMTP emulator on a throwaway mailbox, a migrated registry with one tenant
// and its super users, and run services pointed at both, the way the sandbox points a run (the
// emulator's account under the secret name platform.yaml gives, its CA). Mails are read back with
// mailparser from the .eml files, as a person would open them.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listMailbox, startSmtp, type SmtpEmulator, type SmtpOptions } from '@tenantops/emulators';
import { testTls } from '@tenantops/emulators/testing';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { MailConfig, PlatformConfig } from '../../src/config/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { replaceUsers, upsertTenant, type Pool, type UserRecord } from '../../src/registry/index.ts';
import { createServices, loadValidInputs, type Inputs, type Services } from '../../src/run/index.ts';
import { repoRoot } from './repo.ts';

export const SMTP_PASSWORD_VARIABLE = 'TENANTOPS_TEST_SMTP_PASSWORD';

export const SUPER_USERS: UserRecord[] = [
  { email: 'ada@acme.example', firstName: 'Ada', lastName: 'Lovelace' },
  { email: 'grace@acme.example', firstName: 'Grace', lastName: 'Hopper' },
  { email: 'alan@acme.example', firstName: 'Alan', lastName: 'Turing' },
];

export interface ReadMail {
  file: string;
  raw: string;
  parsed: ParsedMail;
  to: string;
  subject: string;
  text: string;
}

export async function startMailbox(options: Partial<SmtpOptions> = {}): Promise<{ smtp: SmtpEmulator; read(): Promise<ReadMail[]>; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tenantops-mail-'));
  const smtp = await startSmtp({ tls: testTls(), mailbox: path.join(dir, 'mailbox'), ...options });
  return {
    smtp,
    async read() {
      const mails: ReadMail[] = [];
      for (const file of await listMailbox(smtp.mailbox)) {
        const raw = await readFile(file, 'utf8');
        const parsed = await simpleParser(raw);
        const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
        mails.push({ file, raw, parsed, to: to?.value[0]?.address ?? '', subject: parsed.subject ?? '', text: parsed.text ?? '' });
      }
      return mails;
    },
    async remove() {
      await smtp.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** platform.yaml's mail section pointed at the emulator (password sign-in unless `auth` says otherwise). */
export function mailConfigFor(smtp: SmtpEmulator, overrides: Partial<MailConfig> = {}): MailConfig {
  return {
    host: smtp.host,
    port: smtp.port,
    sender: 'noreply@platform.example',
    senderName: 'Analytics Platform',
    auth: { type: 'password', user: smtp.credentials[0].user, passwordSecret: SMTP_PASSWORD_VARIABLE },
    invitationTtl: '7d',
    ...overrides,
  };
}

export const TEST_ENCRYPTION_KEY = `test:${randomBytes(32).toString('base64')}`;

/** The repository's inputs with `mail` in platform.yaml; services over the test registry and the emulator. */
export async function mailRun(
  registryUrl: string,
  smtp: SmtpEmulator,
  mail: MailConfig | undefined,
  extraEnv: Record<string, string> = {},
  patch: (platform: PlatformConfig) => void = () => {},
): Promise<{ inputs: Inputs; services: Services; log: ReturnType<typeof createMemoryLogger> }> {
  const loaded = await loadValidInputs(repoRoot);
  const platform: PlatformConfig = { ...structuredClone(loaded.platform), mail };
  patch(platform);
  const inputs = { ...loaded, platform };
  const log = createMemoryLogger();
  const env = { TENANTOPS_REGISTRY_URL: registryUrl, TENANTOPS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, [SMTP_PASSWORD_VARIABLE]: smtp.credentials[0].password, ...extraEnv };
  const services = createServices({ platform, root: repoRoot, log, env, mail: { ca: testTls().caPem } });
  return { inputs, services, log };
}

/** A tenant row with its super users, as an apply leaves it. */
export async function seedTenant(pool: Pool, code: string, users: readonly UserRecord[] = SUPER_USERS, status: 'provisioned' | 'live' = 'live'): Promise<void> {
  await upsertTenant(pool, { code, name: `Acme Training (${code})`, subdomain: code, isolation: 'schema', cluster: 'shared-eu', status });
  await replaceUsers(pool, code, users);
}

/** The invitation token in a welcome mail's link. */
export function tokenIn(mail: ReadMail): string {
  const match = /\/invite\/([A-Za-z0-9_-]{43})\b/.exec(mail.text);
  if (!match) throw new Error(`no invitation link in the mail to ${mail.to}: ${mail.text}`);
  return match[1];
}
