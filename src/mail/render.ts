// The two mails a super user gets, rendered to text and HTML: the welcome (login URL and one-time
// invitation link) and the go-live notification. Neither ever carries a password: a super user sets
// their own through the invitation.

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface WelcomeInput {
  platformName: string;
  tenantName: string;
  firstName: string;
  loginUrl: string;
  invitationUrl: string;
  expiresAt: Date;
}

export function renderWelcome(m: WelcomeInput): MailContent {
  const expires = formatExpiry(m.expiresAt);
  const subject = `Welcome to ${m.tenantName} on ${m.platformName}`;
  const text = [
    `Hello ${m.firstName},`,
    '',
    `You are a super user of ${m.tenantName} on ${m.platformName}.`,
    '',
    `Accept your invitation and choose your password here (the link works once, until ${expires}):`,
    m.invitationUrl,
    '',
    `Afterwards, sign in at ${m.loginUrl}`,
    '',
    'If you did not expect this mail, ignore it: nothing happens until the link is used.',
  ].join('\n');
  const html = page(subject, [
    `<p>Hello ${escapeHtml(m.firstName)},</p>`,
    `<p>You are a super user of <strong>${escapeHtml(m.tenantName)}</strong> on ${escapeHtml(m.platformName)}.</p>`,
    `<p><a href="${escapeHtml(m.invitationUrl)}">Accept your invitation and choose your password</a> (the link works once, until ${escapeHtml(expires)}).</p>`,
    `<p>Afterwards, sign in at <a href="${escapeHtml(m.loginUrl)}">${escapeHtml(m.loginUrl)}</a>.</p>`,
    '<p>If you did not expect this mail, ignore it: nothing happens until the link is used.</p>',
  ]);
  return { subject, text, html };
}

export interface GoLiveInput {
  platformName: string;
  tenantName: string;
  firstName: string;
  loginUrl: string;
}

export function renderGoLive(m: GoLiveInput): MailContent {
  const subject = `Your platform is ready: ${m.tenantName}`;
  const text = [
    `Hello ${m.firstName},`,
    '',
    `${m.tenantName} is live on ${m.platformName}: its reports and data are ready at ${m.loginUrl}`,
    '',
    'Your invitation came in a separate mail; sign in with the password you chose there.',
  ].join('\n');
  const html = page(subject, [
    `<p>Hello ${escapeHtml(m.firstName)},</p>`,
    `<p><strong>${escapeHtml(m.tenantName)}</strong> is live on ${escapeHtml(m.platformName)}: its reports and data are ready at <a href="${escapeHtml(m.loginUrl)}">${escapeHtml(m.loginUrl)}</a>.</p>`,
    '<p>Your invitation came in a separate mail; sign in with the password you chose there.</p>',
  ]);
  return { subject, text, html };
}

function page(title: string, body: string[]): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>\n${body.join('\n')}\n</body></html>\n`;
}

/** `2026-12-12 14:03 UTC`: unambiguous for readers anywhere. */
function formatExpiry(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
