// mail: super users' invitations and notifications through SMTP (nodemailer, STARTTLS required,
// password or XOAUTH2), sent once through the registry's outbox. Tokens live only in the mails;
// the registry keeps their hashes and the sealed, not yet sent, messages.
export { createMailer, SmtpError, type MailerOptions, type Mailer, type MailMessage, type SendResult } from './transport.ts';
export {
  enqueueGoLiveMail, enqueueWelcomeMail, outboxKey, sendPendingMail,
  type MailContext, type MailRecipient, type MailTenant, type SendOutcome,
} from './deliver.ts';
export { EXCHANGE_SMTP_SCOPE, invitationUrl, loginUrl, parseTtl } from './settings.ts';
export { hashInvitationToken, newInvitationToken, type InvitationToken } from './token.ts';
export { renderGoLive, renderWelcome, type MailContent } from './render.ts';
