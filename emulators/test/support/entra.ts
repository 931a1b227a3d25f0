// An Entra tenant for tests: one app with a secret and a federated credential for the emulator's
// GitHub issuer, one federated-only app. Synthetic values only.

import type { ClientAssertionCredentialOptions, ClientSecretCredentialOptions } from '@azure/identity';
import { createVirtualClock, type VirtualClock } from '../../src/http/index.ts';
import { startEntra, type EntraEmulator, type EntraOptions } from '../../src/entra/index.ts';
import { call } from './https.ts';
import { testTls } from './tls.ts';

export const TENANT_ID = '6c1e3a52-0f0b-4d8e-9a51-1f6b2f3c4d5e';
export const APP = {
  clientId: '0b8c9d1e-2f3a-4b5c-8d7e-9f0a1b2c3d4e',
  secret: 'synthetic-client-secret-for-tests-0001',
  objectId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
  displayName: 'automation-deployer',
  roles: ['Tenant.ReadWrite.All'],
  federated: [{ subject: 'repo:octo-org/octo-repo:environment:production' }],
};
export const FEDERATED_ONLY = {
  clientId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  objectId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
  displayName: 'automation-oidc',
  federated: [{ subject: 'repo:octo-org/octo-repo:environment:production' }],
};
export const POWERBI_SCOPE = 'https://analysis.windows.net/powerbi/api/.default';
export const FABRIC_SCOPE = 'https://api.fabric.microsoft.com/.default';

export async function startTestEntra(extra: Partial<EntraOptions> = {}): Promise<{ entra: EntraEmulator; clock: VirtualClock }> {
  // Virtual time starts at the real time so MSAL's own expiry arithmetic stays sensible.
  const clock = createVirtualClock(Date.now());
  const entra = await startEntra({ tls: testTls(), tenantId: TENANT_ID, apps: [APP, FEDERATED_ONLY], clock, ...extra });
  return { entra, clock };
}

/** An app registration with a client secret, as a test sandbox registers it. */
export interface SecretApp {
  clientId: string;
  secret: string;
}

/**
 * Client-credentials tokens for `tenantId`'s apps, asked of `entra` once per app and scope. A test
 * sandbox hands it out as `token(app?, scope?)` with its own default app and scope.
 */
export function createTokenSource<App extends SecretApp>(entra: EntraEmulator, tenantId: string, defaults: { app: App; scope: string }): (app?: App, scope?: string) => Promise<string> {
  const tokens = new Map<string, string>();
  return async (app = defaults.app, scope = defaults.scope) => {
    const key = `${app.clientId} ${scope}`;
    const cached = tokens.get(key);
    if (cached) return cached;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.secret, scope }).toString();
    const reply = await call(`${entra.url}/${tenantId}/oauth2/v2.0/token`, 'POST', { body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (reply.status !== 200) throw new Error(`token request failed: ${reply.status} ${reply.text}`);
    tokens.set(key, reply.json.access_token);
    return reply.json.access_token as string;
  };
}

/** The options every credential needs to use the emulated authority. */
export function credentialOptions(entra: EntraEmulator, authorityHost = entra.authorityHost): ClientSecretCredentialOptions & ClientAssertionCredentialOptions {
  return { authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: testTls().caPem } };
}

/** What a runner does for `core.getIDToken(audience)`: GET the request URL with the request token. */
export async function fetchGithubIdToken(entra: EntraEmulator, audience?: string, requestToken = entra.github.requestToken): Promise<{ status: number; body: any }> {
  const url = entra.github.requestUrl + (audience ? `&audience=${encodeURIComponent(audience)}` : '');
  const reply = await call(url, 'GET', { headers: { authorization: `Bearer ${requestToken}` } });
  return { status: reply.status, body: reply.json };
}

export function decodePayload(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

export function decodeHeader(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8'));
}
