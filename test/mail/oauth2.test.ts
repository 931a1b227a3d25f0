// XOAUTH2: with `mail.auth.type: oauth2` the run signs in to SMTP with an access token of a
// credential profile (Exchange Online's scope), never a password; a token for another audience is
// refused by the server and the mail stays pending.
import { DEFAULT_RESOURCES, type EntraEmulator } from '@tenantops/emulators';
import { APP, startTestEntra, TENANT_ID } from '@tenantops/emulators/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCHANGE_SMTP_SCOPE } from '../../src/mail/index.ts';
import { listOutbox } from '../../src/registry/index.ts';
import { deliverGoLiveMail } from '../../src/run/index.ts';
import { useTestRegistry } from '../support/registry.ts';
import { mailConfigFor, mailRun, seedTenant, startMailbox, SUPER_USERS } from '../support/mail.ts';

const EXCHANGE = 'https://outlook.office365.com';
const registry = useTestRegistry();
let entra: EntraEmulator;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
const signIns: string[] = [];

beforeAll(async () => {
  ({ entra } = await startTestEntra({ resources: [...DEFAULT_RESOURCES, EXCHANGE] }));
  mailbox = await startMailbox({
    verifyToken: async (token, user) => {
      const check = await entra.verifyAccessToken(`Bearer ${token}`, { audience: EXCHANGE });
      signIns.push(`${user} ${check.ok ? 'ok' : check.reason}`);
      return check.ok;
    },
  });
});
afterAll(async () => {
  await mailbox?.remove();
  await entra?.stop();
});

async function runWithScope(tenant: string, scope?: string) {
  await seedTenant(registry.pool, tenant, SUPER_USERS.slice(0, 1));
  const mail = mailConfigFor(mailbox.smtp, { auth: { type: 'oauth2', user: 'noreply@platform.example', credentialProfile: 'mailer', ...(scope ? { scope } : {}) } });
  const run = await mailRun(registry.url, mailbox.smtp, mail, { TENANTOPS_TEST_MAILER_SECRET: APP.secret }, (platform) => {
    platform.credentialProfiles.mailer = { tenantId: TENANT_ID, clientId: APP.clientId, type: 'client-secret', clientSecretSecret: 'TENANTOPS_TEST_MAILER_SECRET', authorityHost: entra.authorityHost };
  });
  return run;
}

describe('XOAUTH2', () => {
  it('signs in with the profile\'s token for Exchange and sends', async () => {
    const run = await runWithScope('oauth-ok');
    try {
      expect(await deliverGoLiveMail(run.inputs, run.services, 'oauth-ok', { actor: 'test' })).toMatchObject({ sent: 2 });
    } finally {
      await run.services.close();
    }
    expect(signIns).toContain('noreply@platform.example ok');
    expect(mailbox.smtp.deliveries().map((d) => d.user)).toEqual(['noreply@platform.example', 'noreply@platform.example']);
    expect(EXCHANGE_SMTP_SCOPE).toBe(`${EXCHANGE}/.default`);
  });

  it('a token for another audience is refused (535) and the mails stay pending', async () => {
    const run = await runWithScope('oauth-bad', 'https://analysis.windows.net/powerbi/api/.default');
    try {
      const error = await deliverGoLiveMail(run.inputs, run.services, 'oauth-bad', { actor: 'test' }).catch((e: Error) => e);
      expect((error as Error).message).toContain('- welcome mail to ada@acme.example: tenant oauth-bad, step mail: smtp AUTH welcome mail to ada@acme.example failed with SMTP 535 (EAUTH)');
      // The token never shows: not in the error, not in the log.
      expect((error as Error).message + run.log.lines.join('\n')).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    } finally {
      await run.services.close();
    }
    expect(signIns.at(-1)).toBe('noreply@platform.example wrong-audience');
    expect((await listOutbox(registry.pool, 'oauth-bad')).map((r) => r.status)).toEqual(['pending', 'pending']);
  });
});
