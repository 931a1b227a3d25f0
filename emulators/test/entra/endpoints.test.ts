// The emulated Entra's HTTP contract seen directly: the AADSTS envelope, the GitHub OIDC endpoint
// (including through @actions/core in a child process that trusts the CA via NODE_EXTRA_CA_CERTS),
// and the access-token check the resource emulators use.

import { ClientSecretCredential } from '@azure/identity';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../../src/http/index.ts';
import { verifyAccessToken, type EntraEmulator } from '../../src/entra/index.ts';
import { createTlsMaterial } from '../../src/tls/index.ts';
import { call } from '../support/https.ts';
import { testTls } from '../support/tls.ts';
import { APP, FABRIC_SCOPE, POWERBI_SCOPE, TENANT_ID, credentialOptions, decodePayload, fetchGithubIdToken, startTestEntra } from '../support/entra.ts';

const POWERBI = 'https://analysis.windows.net/powerbi/api';
const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'client-request-id': '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c' },
  body: new URLSearchParams(fields).toString(),
});

describe('Entra endpoints', () => {
  let entra: EntraEmulator;
  let clock: VirtualClock;
  beforeAll(async () => {
    ({ entra, clock } = await startTestEntra({ domains: ['contoso.onmicrosoft.com'] }));
  });
  afterAll(() => entra.stop());

  it('answers errors in the AADSTS envelope with trace and correlation ids', async () => {
    const res = await call(`${entra.url}/${TENANT_ID}/oauth2/v2.0/token`, 'POST', form({
      grant_type: 'client_credentials', client_id: APP.clientId, client_secret: 'nope', scope: POWERBI_SCOPE,
    }));
    expect(res.status).toBe(401);
    const traceId = res.headers['x-ms-request-id'];
    expect(res.json).toEqual({
      error: 'invalid_client',
      error_description: expect.stringMatching(new RegExp(
        `^AADSTS7000215: Invalid client secret provided\\. .* Trace ID: ${traceId} Correlation ID: 3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c Timestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`)),
      error_codes: [7000215],
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
      trace_id: traceId,
      correlation_id: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
      error_uri: `${entra.url}/error?code=7000215`,
    });
  });

  it.each([
    [{ client_id: APP.clientId, client_secret: APP.secret, scope: POWERBI_SCOPE }, 900144, 400],
    [{ grant_type: 'password', client_id: APP.clientId, scope: POWERBI_SCOPE }, 70003, 400],
    [{ grant_type: 'client_credentials', client_id: APP.clientId, scope: POWERBI_SCOPE }, 7000218, 401],
    [{ grant_type: 'client_credentials', client_id: APP.clientId, client_secret: APP.secret, scope: 'openid profile' }, 70011, 400],
    [{ grant_type: 'client_credentials', client_id: APP.clientId, client_secret: APP.secret, scope: `${POWERBI_SCOPE} ${FABRIC_SCOPE}` }, 70011, 400],
  ])('refuses %o with AADSTS%s', async (fields, code, status) => {
    const res = await call(`${entra.url}/${TENANT_ID}/oauth2/v2.0/token`, 'POST', form(fields as Record<string, string>));
    expect(res.status).toBe(status);
    expect(res.json.error_codes).toEqual([code]);
  });

  it('accepts the tenant by verified domain and the secret by HTTP Basic, case-insensitively on the path', async () => {
    const basic = Buffer.from(`${APP.clientId}:${APP.secret}`).toString('base64');
    const res = await call(`${entra.url}/CONTOSO.onmicrosoft.com/OAuth2/v2.0/Token`, 'POST', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'https://management.azure.com/.default' }).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: expect.any(String) });
    expect(decodePayload(res.json.access_token)).toMatchObject({ aud: 'https://management.azure.com', tid: TENANT_ID });
    expect(res.headers['cache-control']).toContain('no-store');
  });

  it('renders injected faults in the AADSTS envelope, including a chosen AADSTS code', async () => {
    entra.addFaults([{ route: 'entra.token', nth: 1, status: 503 }, { route: 'entra.token', nth: 2, status: 400, code: 'AADSTS50058', message: 'A silent sign-in request was sent but no user is signed in.' }]);
    const fields = { grant_type: 'client_credentials', client_id: APP.clientId, client_secret: APP.secret, scope: POWERBI_SCOPE };
    const first = await call(`${entra.url}/${TENANT_ID}/oauth2/v2.0/token`, 'POST', form(fields));
    expect(first.status).toBe(503);
    expect(first.json).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90033] });
    const second = await call(`${entra.url}/${TENANT_ID}/oauth2/v2.0/token`, 'POST', form(fields));
    expect(second.json).toMatchObject({ error_codes: [50058], error_description: expect.stringMatching(/^AADSTS50058: A silent sign-in/) });
    expect((await call(`${entra.url}/${TENANT_ID}/oauth2/v2.0/token`, 'POST', form(fields))).status).toBe(200);
    entra.clearFaults();
  });

  it('serves the GitHub OIDC request endpoint, its discovery document and JWKS', async () => {
    const denied = await fetchGithubIdToken(entra, 'api://AzureADTokenExchange', 'wrong-request-token');
    expect(denied.status).toBe(401);
    const res = await fetchGithubIdToken(entra, 'api://AzureADTokenExchange');
    expect(res.status).toBe(200);
    const claims = decodePayload(res.body.value);
    expect(claims).toMatchObject({
      iss: entra.github.issuer, aud: 'api://AzureADTokenExchange', sub: 'repo:octo-org/octo-repo:environment:production',
      repository: 'octo-org/octo-repo', repository_owner: 'octo-org', environment: 'production',
    });
    expect(claims.exp - claims.iat).toBe(300);
    const discovery = (await call(entra.url + new URL(entra.github.issuer).pathname + '/.well-known/openid-configuration', 'GET')).json;
    expect(discovery.issuer).toBe(entra.github.issuer);
    const jwks = (await call(entra.url + new URL(discovery.jwks_uri).pathname, 'GET')).json;
    expect(jwks.keys.map((k: any) => k.kid)).toContain(JSON.parse(Buffer.from(res.body.value.split('.')[0], 'base64url').toString()).kid);
  });

  it('core.getIDToken() works unchanged in a child process that trusts the CA through NODE_EXTRA_CA_CERTS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entra-oidc-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, testTls().caPem);
    // Evaluated from the repository root so `@actions/core` resolves from its node_modules.
    const script = `import * as core from '@actions/core';\nprocess.stdout.write(await core.getIDToken('api://AzureADTokenExchange'));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: caFile,
        ACTIONS_ID_TOKEN_REQUEST_URL: entra.github.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: entra.github.requestToken,
      },
    });
    const token = stdout.trim().split('\n').at(-1)!;
    expect(decodePayload(token)).toMatchObject({ aud: 'api://AzureADTokenExchange', iss: entra.github.issuer });
  });

  it('verifyAccessToken names the caller or says precisely why a token is refused', async () => {
    const credential = new ClientSecretCredential(TENANT_ID, APP.clientId, APP.secret, credentialOptions(entra));
    const powerbi = `Bearer ${(await credential.getToken(POWERBI_SCOPE)).token}`;
    const fabric = `Bearer ${(await credential.getToken(FABRIC_SCOPE)).token}`;
    const ok = await entra.verifyAccessToken(powerbi, { audience: POWERBI });
    expect(ok).toEqual({ ok: true, identity: expect.objectContaining({ key: APP.objectId, oid: APP.objectId, appId: APP.clientId, tenantId: TENANT_ID, roles: APP.roles, audience: POWERBI }) });
    expect(await entra.verifyAccessToken(undefined, { audience: POWERBI })).toMatchObject({ ok: false, reason: 'missing' });
    expect(await entra.verifyAccessToken('Basic abc', { audience: POWERBI })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(await entra.verifyAccessToken('Bearer a.b', { audience: POWERBI })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(await entra.verifyAccessToken(fabric, { audience: POWERBI })).toMatchObject({ ok: false, reason: 'wrong-audience' });
    const [h, p] = powerbi.slice(7).split('.');
    const forged = `Bearer ${h}.${Buffer.from(JSON.stringify({ ...decodePayload(powerbi.slice(7)), oid: 'someone-else' })).toString('base64url')}.${powerbi.split('.')[2]}`;
    expect(p).toBeTruthy();
    expect(await entra.verifyAccessToken(forged, { audience: POWERBI })).toMatchObject({ ok: false, reason: 'bad-signature' });
    // Keys of another sandbox do not validate this one's tokens.
    const other = await startTestEntra();
    try {
      expect(await verifyAccessToken(powerbi, { audience: POWERBI, now: clock.now(), jwks: other.entra.jwks() })).toMatchObject({ ok: false, reason: 'bad-signature' });
    } finally {
      await other.entra.stop();
    }
    const exp = decodePayload(powerbi.slice(7)).exp * 1000;
    expect((await entra.verifyAccessToken(powerbi, { audience: POWERBI, now: exp - 1 })).ok).toBe(true);
    expect(await entra.verifyAccessToken(powerbi, { audience: POWERBI, now: exp })).toMatchObject({ ok: false, reason: 'expired' });
    expect((await entra.verifyAccessToken(powerbi, { audience: POWERBI, now: exp + 299_000, skewSeconds: 300 })).ok).toBe(true);
    clock.advance(3600_000);
    expect(await entra.verifyAccessToken(powerbi, { audience: POWERBI })).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('dumps its state without secrets', async () => {
    const state = (await call(`${entra.url}/_admin/state`, 'GET')).json;
    expect(JSON.stringify(state)).not.toContain(APP.secret);
    expect(state.apps.find((a: any) => a.clientId === APP.clientId)).toMatchObject({ hasSecret: true, objectId: APP.objectId });
    expect(state.tenantId).toBe(TENANT_ID);
    expect(Object.keys(state.tokensIssued).length).toBeGreaterThan(0);
  });

  it('is not trusted by a client holding another CA', async () => {
    const credential = new ClientSecretCredential(TENANT_ID, APP.clientId, APP.secret, {
      authorityHost: entra.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: (await createTlsMaterial()).caPem },
    });
    entra.clearRequests();
    // MSAL wraps the TLS failure; that no request reached the server shows the handshake was refused.
    await expect(credential.getToken(POWERBI_SCOPE)).rejects.toThrow(/endpoints_resolution_error/);
    expect(entra.requests()).toEqual([]);
  });
});
