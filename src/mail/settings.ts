// What platform.yaml's `mail` section means once read: the invitation lifetime in milliseconds
// and the links a tenant's mails carry. The schema has already checked the shapes.
import type { MailConfig, PlatformConfig } from '../config/index.ts';

/** Exchange Online's SMTP scope: what an oauth2 sign-in asks a token for unless mail.auth.scope says otherwise. */
export const EXCHANGE_SMTP_SCOPE = 'https://outlook.office365.com/.default';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `7d` → milliseconds; the schema's pattern (`<n>m|h|d`) is the only form accepted. */
export function parseTtl(text: string): number {
  const match = /^([1-9][0-9]{0,4})([mhd])$/.exec(text);
  if (!match) throw new RangeError(`invitation lifetime "${text}" is not <number><m|h|d>, e.g. 7d`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** The tenant's login page: `https://<subdomain>.<zone>`. */
export function loginUrl(platform: PlatformConfig, subdomain: string): string {
  return `https://${subdomain}.${platform.dns.zone.replace(/\.$/, '')}`;
}

/** Where a super user redeems an invitation: `https://<subdomain>.<zone>/invite/<token>`. */
export function invitationUrl(platform: PlatformConfig, subdomain: string, token: string): string {
  return `${loginUrl(platform, subdomain)}/invite/${token}`;
}

/** The sender as a mail address object. */
export function senderOf(platform: PlatformConfig, mail: MailConfig): { name: string; address: string } {
  return { name: mail.senderName ?? platform.name, address: mail.sender };
}
