// The emulated SMTP submission server: STARTTLS and AUTH required, every message an `.eml` file.
export { listMailbox, startSmtp } from './server.ts';
export type { SmtpCredential, SmtpDelivery, SmtpEmulator, SmtpOptions } from './server.ts';
