// platform.yaml's mail section: defaults, and every mistake as `file:line:col: what is wrong,
// what is allowed`, with nothing else loaded.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePlatformText } from '../../src/config/index.ts';
import { formatFinding } from '../../src/errors/index.ts';
import { invitationUrl, loginUrl, parseTtl } from '../../src/mail/index.ts';
import { repoRoot } from '../support/repo.ts';

const base = await readFile(path.join(repoRoot, 'platform.yaml'), 'utf8');
const withoutMail = base.slice(0, base.indexOf('\n# Invitations and notifications.'));

function validate(mail: string) {
  return validatePlatformText(`${withoutMail}\n${mail}`);
}

describe('platform.yaml mail section', () => {
  it('the repository\'s platform.yaml validates, with the defaults filled in', () => {
    const { config, findings } = validatePlatformText(base);
    expect(findings).toEqual([]);
    expect(config!.mail).toEqual({
      host: 'smtp.example.com', port: 587, sender: 'noreply@example.com', senderName: 'Analytics Platform',
      auth: { type: 'password', user: 'noreply@example.com', passwordSecret: 'TENANTOPS_SMTP_PASSWORD' }, invitationTtl: '7d',
    });
    const minimal = validate('mail:\n  host: smtp.office365.com\n  sender: a@example.com\n  auth:\n    type: oauth2\n    user: a@example.com\n    credentialProfile: deployer\n');
    expect(minimal.findings).toEqual([]);
    expect(minimal.config!.mail).toMatchObject({ port: 587, invitationTtl: '7d' });
  });

  it('names the line and column of each mistake and what is allowed', () => {
    const line = withoutMail.split('\n').length + 1;
    const { config, findings } = validate([
      'mail:',
      '  host: smtp.example.com',
      '  sender: not-an-address',
      '  auth:',
      '    type: oauth2',
      '    user: a@example.com',
      '    credentialProfile: mailer',
      '    passwordSecret: TENANTOPS_SMTP_PASSWORD',
      '  invitationTtl: 7 days',
      '',
    ].join('\n'));
    expect(config).toBeUndefined();
    const lines = findings.map(formatFinding);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^platform\\.yaml:${line + 2}:11: .*sender`));
    expect(lines.find((l) => l.includes('credentialProfile'))).toMatch(new RegExp(`^platform\\.yaml:${line + 6}:24: mail\\.auth\\.credentialProfile "mailer" is not defined in credentialProfiles.*defined: deployer`));
    expect(lines.find((l) => l.includes('passwordSecret'))).toMatch(new RegExp(`^platform\\.yaml:${line + 7}:`));
    expect(lines.find((l) => l.includes('invitationTtl'))).toMatch(new RegExp(`^platform\\.yaml:${line + 8}:18: .*invitationTtl`));
  });

  it('requires the password secret for password sign-in and refuses a profile there', () => {
    const { findings } = validate('mail:\n  host: smtp.example.com\n  sender: a@example.com\n  auth:\n    type: password\n    user: a@example.com\n    credentialProfile: deployer\n');
    const text = findings.map(formatFinding).join('\n');
    expect(text).toContain('passwordSecret');
    expect(text).toContain('credentialProfile');
  });
});

describe('mail settings', () => {
  it('reads invitation lifetimes and builds the links from the zone', () => {
    expect([parseTtl('7d'), parseTtl('48h'), parseTtl('15m')]).toEqual([7 * 86_400_000, 48 * 3_600_000, 15 * 60_000]);
    expect(() => parseTtl('0d')).toThrow(RangeError);
    const platform = { dns: { zone: 'tenants.example.com.' } } as Parameters<typeof loginUrl>[0];
    expect(loginUrl(platform, 'acme')).toBe('https://acme.tenants.example.com');
    expect(invitationUrl(platform, 'acme', 'tok')).toBe('https://acme.tenants.example.com/invite/tok');
  });
});
