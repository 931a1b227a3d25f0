// A real SMTP submission server on loopback (nodemailer's smtp-server), strict the way Exchange
// Online's smtp.office365.com:587 is: nothing but EHLO, STARTTLS and QUIT before the TLS upgrade,
// AUTH (PLAIN, LOGIN, or XOAUTH2 with a bearer token the caller's verifier accepts) before MAIL.
// Every accepted message is stored as one `.eml` file in the mailbox folder, named so that the
// folder lists in the order messages arrived.

import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerSession } from 'smtp-server';
import { stderrLogger, type EmulatorLogger } from '../logger.ts';
import { EmulatorSetupError } from '../setup-error.ts';

export interface SmtpCredential {
  user: string;
  password: string;
}

/** A delivery as the server saw it (the message itself is the `.eml` file). */
export interface SmtpDelivery {
  file: string;
  /** Who signed in, and how. */
  user: string;
  method: string;
  from: string;
  to: string[];
  /** The queue id the final reply carried. */
  queueId: string;
}

export interface SmtpOptions {
  tls: { key: string; cert: string };
  /** Folder the `.eml` files go to (created). */
  mailbox: string;
  /** Accounts for PLAIN and LOGIN. Default: one generated account (see `credentials`). */
  credentials?: SmtpCredential[];
  /**
   * XOAUTH2: whether a bearer token signs `user` in (e.g. the Entra emulator's verifyAccessToken
   * for the Exchange audience). Without it XOAUTH2 is not offered.
   */
  verifyToken?: (token: string, user: string) => Promise<boolean>;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Largest message in bytes; default 10 MB. */
  maxMessageBytes?: number;
  /**
   * Test hook: runs after a message is stored and before the server answers 250, so a test can
   * stop a sender at the one moment that matters to an outbox (delivered, not yet confirmed).
   */
  beforeReply?: (delivery: SmtpDelivery) => Promise<void> | void;
  logger?: EmulatorLogger;
}

export interface SmtpEmulator {
  host: string;
  port: number;
  mailbox: string;
  /** The PLAIN/LOGIN accounts (generated when none were given). */
  credentials: SmtpCredential[];
  /** Deliveries since the start, oldest first. */
  deliveries(): SmtpDelivery[];
  stop(): Promise<void>;
}

export async function startSmtp(options: SmtpOptions): Promise<SmtpEmulator> {
  const log = options.logger ?? stderrLogger;
  const credentials = options.credentials ?? [{ user: `sandbox-${randomBytes(4).toString('hex')}`, password: randomBytes(18).toString('base64url') }];
  const mailbox = path.resolve(options.mailbox);
  await mkdir(mailbox, { recursive: true }).catch((err: Error) => {
    throw new EmulatorSetupError(`the SMTP mailbox ${mailbox} cannot be created: ${err.message}`);
  });
  const deliveries: SmtpDelivery[] = [];
  let sequence = 0;

  const server = new SMTPServer({
    secure: false,
    key: options.tls.key,
    cert: options.tls.cert,
    name: 'localhost',
    banner: 'tenantops emulated SMTP submission',
    // AUTH is refused before STARTTLS (538), and MAIL before AUTH (530): a plain client gets nowhere.
    allowInsecureAuth: false,
    authOptional: false,
    authMethods: options.verifyToken ? ['PLAIN', 'LOGIN', 'XOAUTH2'] : ['PLAIN', 'LOGIN'],
    size: options.maxMessageBytes ?? 10 * 1024 * 1024,
    logger: false,
    onAuth(auth, session, callback) {
      authenticate(auth, session).then((ok) => {
        if (ok) return callback(null, { user: auth.username });
        if (auth.method === 'XOAUTH2') return callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://outlook.office365.com/.default' } });
        callback(Object.assign(new Error('5.7.8 Authentication unsuccessful'), { responseCode: 535 }));
      }, (err: Error) => callback(err));
    },
    onMailFrom(_address, session, callback) {
      // Belt and braces: smtp-server already refuses AUTH on a plain connection.
      if (!session.secure) return callback(Object.assign(new Error('5.7.0 Must issue a STARTTLS command first'), { responseCode: 530 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(Object.assign(new Error('5.3.4 Message size exceeds fixed maximum message size'), { responseCode: 552 }));
        store(Buffer.concat(chunks), session).then(
          async (delivery) => {
            await options.beforeReply?.(delivery);
            callback(null, `2.6.0 OK: queued as ${delivery.queueId}`);
          },
          (err: Error) => {
            log.error(`smtp: storing a message failed: ${err.message}`);
            callback(Object.assign(new Error('4.3.0 Temporary failure storing the message'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  server.on('error', (err) => log.warn(`smtp: ${err.message}`));

  async function authenticate(auth: SMTPServerAuthentication, session: SMTPServerSession): Promise<boolean> {
    if (!session.secure) return false;
    if (auth.method === 'XOAUTH2') return !!(auth.accessToken && options.verifyToken && (await options.verifyToken(auth.accessToken, auth.username ?? '')));
    return credentials.some((c) => c.user === auth.username && c.password === auth.password);
  }

  async function store(raw: Buffer, session: SMTPServerSession): Promise<SmtpDelivery> {
    const queueId = randomBytes(8).toString('hex');
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(++sequence).padStart(6, '0')}-${queueId}.eml`;
    const file = path.join(mailbox, name);
    // Written whole, then renamed: a reader never sees half a message.
    await writeFile(`${file}.tmp`, raw, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
    const delivery: SmtpDelivery = {
      file,
      user: String(session.user ?? ''),
      method: session.transmissionType ?? '',
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      to: session.envelope.rcptTo.map((r) => r.address),
      queueId,
    };
    deliveries.push(delivery);
    return delivery;
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(new EmulatorSetupError(`the SMTP emulator cannot listen on ${host}:${options.port ?? 0}: ${err.message}`));
    server.server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host,
    port,
    mailbox,
    credentials,
    deliveries: () => [...deliveries],
    // smtp-server's close waits for every client to leave; a client that keeps its connection open
    // (a pooled transport, a crashed test) is closed after a short grace so a stop never hangs.
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        setTimeout(() => {
          for (const connection of (server as unknown as { connections?: Set<{ close(): void }> }).connections ?? []) connection.close();
        }, 1000).unref();
      }),
  };
}

/** The `.eml` files of a mailbox folder, oldest first (absolute paths); none when it does not exist. */
export async function listMailbox(mailbox: string): Promise<string[]> {
  const names = await readdir(mailbox).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.eml')).sort().map((n) => path.join(mailbox, n));
}
