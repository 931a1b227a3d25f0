// The SMTP side: one nodemailer transport per run, STARTTLS required (a server that does not offer
// it, or a certificate that does not verify, fails the send before any credential is sent),
// signed in with a password or with XOAUTH2 and an access token of a credential profile.
import type { TokenCredential } from '@azure/identity';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { resolveSecret, type MailConfig } from '../config/index.ts';
import { RemoteApiError, type RemoteApiErrorDetails } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { EXCHANGE_SMTP_SCOPE } from './settings.ts';

/** A rendered mail, as the outbox seals it: sending it twice sends the same Message-ID. */
export interface MailMessage {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<random@sender-domain>`, fixed when rendered. */
  messageId: string;
}

export interface SendResult {
  /** The server's final reply, e.g. `250 OK: queued as 3f2a…`. */
  response: string;
  accepted: string[];
}

export interface Mailer {
  send(message: MailMessage, where: { tenant: string; kind: string }): Promise<SendResult>;
  close(): void;
}

export interface MailerOptions {
  config: MailConfig;
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** Extra CA to trust (the sandbox's). Default: the system's. */
  ca?: string;
  /** For `oauth2`: the credential of mail.auth.credentialProfile. */
  credential?: TokenCredential;
  /** Timeouts in milliseconds; default 30 s each. */
  timeoutMs?: number;
}

export function createMailer(options: MailerOptions): Mailer {
  const { config, log } = options;
  const auth = config.auth;
  let password: string | undefined;
  if (auth.type === 'password') {
    // Resolved now, so a missing secret is reported before anything is enqueued.
    password = resolveSecret(auth.passwordSecret, options.env, 'mail.auth.passwordSecret of platform.yaml');
    log.mask(password);
  } else if (!options.credential) {
    throw new TypeError('an oauth2 mail sign-in needs the credential of mail.auth.credentialProfile');
  }
  const timeout = options.timeoutMs ?? 30_000;
  const smtpOptions: SMTPTransport.Options = {
    host: config.host,
    port: config.port,
    // Port 465's implicit TLS is not offered: submission with a mandatory STARTTLS upgrade only.
    secure: false,
    requireTLS: true,
    tls: { minVersion: 'TLSv1.2', ...(options.ca ? { ca: options.ca } : {}) },
    auth: auth.type === 'password' ? { user: auth.user, pass: password } : { type: 'OAuth2', user: auth.user },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // Never log the conversation: it carries the AUTH exchange and the invitation links.
    logger: false,
    debug: false,
  };
  // nodemailer is loaded at the first send, not with this module: every command imports the run
  // layer, and through it this file, and few of them send mail.
  let transport: Promise<Transporter<SMTPTransport.SentMessageInfo>> | undefined;
  const openTransport = () => (transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpOptions)));
  return {
    async send(message, where) {
      let accessToken: string | undefined;
      if (auth.type === 'oauth2') {
        const token = await options.credential!.getToken(auth.scope ?? EXCHANGE_SMTP_SCOPE);
        if (!token) throw smtpError(where, message, undefined, `no access token for ${auth.scope ?? EXCHANGE_SMTP_SCOPE}`);
        accessToken = token.token;
        log.mask(accessToken);
      }
      const smtp = await openTransport();
      try {
        const info = await smtp.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          // A fresh token per mail: @azure/identity caches it and renews it before it expires.
          ...(accessToken ? { auth: { user: auth.user, accessToken } } : {}),
        });
        return { response: String(info.response ?? ''), accepted: (info.accepted ?? []).map(String) };
      } catch (err) {
        const e = err as Error & { responseCode?: number; response?: string; command?: string; code?: string };
        throw smtpError(where, message, e.responseCode, (e.response ?? e.message).replace(/\s+/g, ' ').trim(), e.command, e.code);
      }
    },
    close: () => void transport?.then((t) => t.close()),
  };
}

/** An SMTP failure, named like every remote failure: tenant, step, call, status (the SMTP reply code). */
export class SmtpError extends RemoteApiError {
  override name = 'SmtpError';
  readonly smtpCode?: number;
  constructor(details: RemoteApiErrorDetails, smtpCode: number | undefined, detail: string) {
    super(details, detail);
    this.smtpCode = smtpCode;
    const where = [details.tenant && `tenant ${details.tenant}`, details.step && `step ${details.step}`].filter(Boolean).join(', ');
    // SMTP replies are not HTTP statuses: say what they are.
    this.message = `${where}: smtp ${details.call} failed with ${smtpCode ? `SMTP ${smtpCode}` : 'no reply'}${details.code ? ` (${details.code})` : ''}: ${detail}`;
  }
}

function smtpError(where: { tenant: string; kind: string }, message: MailMessage, code: number | undefined, detail: string, command?: string, errCode?: string): SmtpError {
  const call = `${command ? `${command.split(' ')[0]} ` : ''}${where.kind} mail to ${message.to}`;
  return new SmtpError({ service: 'smtp', call, tenant: where.tenant, step: 'mail', code: errCode }, code, detail);
}
