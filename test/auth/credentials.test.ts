// Credential profiles through the real @azure/identity classes against the emulated Entra ID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredential, SCOPES, tokenSource } from '../../src/auth/index.ts';
import type { CredentialProfileConfig } from '../../src/config/index.ts';
import { EnvironmentError } from '../../src/errors/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import type { EntraEmulator } from '@tenantops/emulators';
import { APP, decodePayload, FEDERATED_ONLY, startTestEntra, TENANT_ID, testTls } from '@tenantops/emulators/testing';

let entra: EntraEmulator;
beforeAll(async () => {
  ({ entra } = await startTestEntra());
});
afterAll(() => entra.stop());

const secretProfile: CredentialProfileConfig = { tenantId: TENANT_ID, clientId: APP.clientId, type: 'client-secret', clientSecretSecret: 'DEPLOYER_SECRET' };
const oidcProfile: CredentialProfileConfig = { tenantId: TENANT_ID, clientId: FEDERATED_ONLY.clientId, type: 'github-oidc' };

function options(env: NodeJS.ProcessEnv) {
  const log = createMemoryLogger();
  return { log, opts: { env, log, ca: testTls().caPem, authorityHost: entra.authorityHost } };
}

describe('credential profiles', () => {
  it('client-secret: a Power BI token for the profile, the secret masked', async () => {
    const { log, opts } = options({ DEPLOYER_SECRET: APP.secret });
    const credential = createCredential('deployer', secretProfile, opts);
    const claims = decodePayload(await tokenSource(credential, SCOPES.powerbi)());
    expect(claims).toMatchObject({ aud: 'https://analysis.windows.net/powerbi/api', tid: TENANT_ID, appid: APP.clientId, oid: APP.objectId });
    log.info(`the secret is ${APP.secret}`);
    expect(log.lines.at(-1)).toBe('info: the secret is ***');
  });

  it('client-secret: a missing secret names the variable (exit 2)', () => {
    const { opts } = options({});
    expect(() => createCredential('deployer', secretProfile, opts)).toThrow(EnvironmentError);
    expect(() => createCredential('deployer', secretProfile, opts)).toThrow(/DEPLOYER_SECRET/);
  });

  it('client-secret: a wrong secret surfaces the AADSTS code', async () => {
    const { opts } = options({ DEPLOYER_SECRET: 'not-the-secret-0000000000' });
    await expect(tokenSource(createCredential('deployer', secretProfile, opts), SCOPES.fabric)()).rejects.toThrow(/AADSTS7000215/);
  });

  it('github-oidc: the workflow ID token is exchanged, no stored secret', async () => {
    const { opts } = options({ ACTIONS_ID_TOKEN_REQUEST_URL: entra.github.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: entra.github.requestToken });
    const claims = decodePayload(await tokenSource(createCredential('oidc', oidcProfile, opts), SCOPES.fabric)());
    expect(claims).toMatchObject({ aud: 'https://api.fabric.microsoft.com', appid: FEDERATED_ONLY.clientId });
  });

  it('github-oidc: without id-token permission it says which permission is missing', async () => {
    const { opts } = options({});
    await expect(tokenSource(createCredential('oidc', oidcProfile, opts), SCOPES.powerbi)()).rejects.toThrow(/id-token: write/);
  });
});
