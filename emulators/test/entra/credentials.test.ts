// The unmodified @azure/identity credential classes against the emulated Entra: they are the
// witness that discovery, the token endpoint and the AADSTS errors have the real shape.

import { ClientAssertionCredential, ClientSecretCredential } from '@azure/identity';
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../../src/http/index.ts';
import type { EntraEmulator } from '../../src/entra/index.ts';
import { call } from '../support/https.ts';
import {
  APP, FABRIC_SCOPE, FEDERATED_ONLY, POWERBI_SCOPE, TENANT_ID, credentialOptions, decodeHeader, decodePayload, fetchGithubIdToken, startTestEntra,
} from '../support/entra.ts';

describe('@azure/identity against the emulated Entra ID', () => {
  let entra: EntraEmulator;
  let clock: VirtualClock;
  beforeAll(async () => {
    ({ entra, clock } = await startTestEntra());
  });
  afterAll(() => entra.stop());
  beforeEach(() => {
    entra.clearRequests();
    entra.github.setContext({ environment: 'production' });
  });

  it('ClientSecretCredential gets an RS256 Power BI token with the documented claims, verifiable with the served JWKS', async () => {
    const credential = new ClientSecretCredential(TENANT_ID, APP.clientId, APP.secret, credentialOptions(entra));
    const token = await credential.getToken(POWERBI_SCOPE);
    const claims = decodePayload(token.token);
    expect(claims).toMatchObject({
      aud: 'https://analysis.windows.net/powerbi/api', iss: `https://sts.windows.net/${TENANT_ID}/`, tid: TENANT_ID,
      appid: APP.clientId, azp: APP.clientId, appidacr: '1', oid: APP.objectId, sub: APP.objectId, roles: APP.roles,
      idtyp: 'app', ver: '1.0',
    });
    expect(claims.exp - claims.iat).toBe(3599);
    expect(claims.nbf).toBe(claims.iat);
    expect(claims.iat).toBe(Math.floor(clock.now() / 1000));
    // MSAL fetched only the discovery document, then the token endpoint.
    expect(entra.requests().map((r) => r.route)).toEqual(['entra.openid-configuration', 'entra.token']);

    // Independent check of the signature with node:crypto and the JWKS found through discovery.
    const discovery = (await call(`${entra.url}/${TENANT_ID}/v2.0/.well-known/openid-configuration`, 'GET')).json;
    const jwks = (await call(entra.url + new URL(discovery.jwks_uri).pathname, 'GET')).json;
    const header = decodeHeader(token.token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const jwk = jwks.keys.find((k: any) => k.kid === header.kid);
    expect(jwk).toMatchObject({ kty: 'RSA', use: 'sig' });
    const [h, p, s] = token.token.split('.');
    const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
    expect(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))).toBe(true);
  });

  it('builds discovery from the Host header, so an authority named localhost works too', async () => {
    const viaLocalhost = entra.authorityHost.replace('127.0.0.1', 'localhost');
    const credential = new ClientSecretCredential(TENANT_ID, APP.clientId, APP.secret, credentialOptions(entra, viaLocalhost));
    const token = await credential.getToken(FABRIC_SCOPE);
    expect(decodePayload(token.token).aud).toBe('https://api.fabric.microsoft.com');
    const discovery = (await call(`${entra.url}/${TENANT_ID}/v2.0/.well-known/openid-configuration`, 'GET', { headers: { host: 'localhost:9' } })).json;
    expect(discovery).toMatchObject({
      issuer: `https://localhost:9/${TENANT_ID}/v2.0`,
      token_endpoint: `https://localhost:9/${TENANT_ID}/oauth2/v2.0/token`,
      authorization_endpoint: `https://localhost:9/${TENANT_ID}/oauth2/v2.0/authorize`,
      jwks_uri: `https://localhost:9/${TENANT_ID}/discovery/v2.0/keys`,
    });
  });

  it('a wrong secret fails with AADSTS7000215, and the secret never reaches the request log', async () => {
    const wrong = 'synthetic-wrong-secret-0002';
    const credential = new ClientSecretCredential(TENANT_ID, APP.clientId, wrong, credentialOptions(entra));
    const error = await credential.getToken(POWERBI_SCOPE).then(() => undefined, (e: Error) => e);
    expect(error?.name).toBe('AuthenticationRequiredError');
    expect(error?.message).toContain('AADSTS7000215: Invalid client secret provided.');
    const log = (await call(`${entra.url}/_admin/requests`, 'GET')).text;
    expect(log).not.toContain(wrong);
    expect(log).not.toContain(APP.secret);
    expect(JSON.parse(log).requests.at(-1)).toMatchObject({ route: 'entra.token', status: 401, identity: { key: APP.clientId } });
  });

  it.each([
    ['an unknown app', () => new ClientSecretCredential(TENANT_ID, '99999999-9999-4999-8999-999999999999', 'x', credentialOptions(entra)), POWERBI_SCOPE, 'AADSTS700016'],
    ['an unknown resource', () => new ClientSecretCredential(TENANT_ID, APP.clientId, APP.secret, credentialOptions(entra)), 'https://unknown.example.com/.default', 'AADSTS500011'],
    ['a scope without /.default', () => new ClientSecretCredential(TENANT_ID, APP.clientId, APP.secret, credentialOptions(entra)), 'https://graph.microsoft.com/User.Read', 'AADSTS1002012'],
  ])('%s fails with its AADSTS code', async (_name, make, scope, code) => {
    await expect(make().getToken(scope)).rejects.toThrow(code);
  });

  it('an unknown tenant fails discovery with AADSTS90002', async () => {
    const credential = new ClientSecretCredential('00000000-0000-4000-8000-000000000000', APP.clientId, APP.secret, credentialOptions(entra));
    // MSAL reports a failed discovery as endpoints_resolution_error, as it does against the real authority.
    await expect(credential.getToken(POWERBI_SCOPE)).rejects.toThrow(/endpoints_resolution_error/);
    expect(entra.requests()[0]).toMatchObject({ route: 'entra.openid-configuration', status: 400 });
    const raw = await call(`${entra.url}/00000000-0000-4000-8000-000000000000/v2.0/.well-known/openid-configuration`, 'GET');
    expect(raw.json.error_codes).toEqual([90002]);
  });

  it('ClientAssertionCredential exchanges a GitHub OIDC token fetched from the runner endpoint shape', async () => {
    const credential = new ClientAssertionCredential(TENANT_ID, FEDERATED_ONLY.clientId, async () => {
      const res = await fetchGithubIdToken(entra, 'api://AzureADTokenExchange');
      expect(res.status).toBe(200);
      return res.body.value;
    }, credentialOptions(entra));
    const token = await credential.getToken(FABRIC_SCOPE);
    expect(decodePayload(token.token)).toMatchObject({
      aud: 'https://api.fabric.microsoft.com', appid: FEDERATED_ONLY.clientId, appidacr: '2', oid: FEDERATED_ONLY.objectId, tid: TENANT_ID,
    });
    expect(decodePayload(token.token).roles).toBeUndefined(); // no app roles granted, no claim
    // @azure/identity asks for the assertion more than once; what matters is one discovery, one token call.
    const routes = entra.requests().map((r) => r.route);
    expect(routes.filter((r) => r !== 'github.oidc.token')).toEqual(['entra.openid-configuration', 'entra.token']);
    expect(routes[0]).toBe('github.oidc.token');
  });

  it('a wrong subject fails with AADSTS700213, a case-only difference with AADSTS7002138', async () => {
    entra.github.setContext({ environment: 'staging' });
    const assertion = async () => (await fetchGithubIdToken(entra, 'api://AzureADTokenExchange')).body.value;
    await expect(new ClientAssertionCredential(TENANT_ID, FEDERATED_ONLY.clientId, assertion, credentialOptions(entra)).getToken(POWERBI_SCOPE))
      .rejects.toThrow("AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:octo-org/octo-repo:environment:staging'");
    entra.github.setContext({ environment: 'Production' });
    await expect(new ClientAssertionCredential(TENANT_ID, FEDERATED_ONLY.clientId, assertion, credentialOptions(entra)).getToken(POWERBI_SCOPE))
      .rejects.toThrow('AADSTS7002138');
  });

  it('an expired assertion fails with AADSTS700024', async () => {
    const stale = (await fetchGithubIdToken(entra, 'api://AzureADTokenExchange')).body.value;
    clock.advance((300 + 300 + 1) * 1000); // past its five minutes and Entra's five minutes of skew
    const credential = new ClientAssertionCredential(TENANT_ID, FEDERATED_ONLY.clientId, async () => stale, credentialOptions(entra));
    await expect(credential.getToken(POWERBI_SCOPE)).rejects.toThrow('AADSTS700024: Client assertion is not within its valid time range.');
  });

  it('refuses an assertion for another audience, from another issuer, or with a bad signature', async () => {
    const withAssertion = (make: () => string | Promise<string>) =>
      new ClientAssertionCredential(TENANT_ID, FEDERATED_ONLY.clientId, async () => make(), credentialOptions(entra)).getToken(POWERBI_SCOPE);
    // GitHub's default audience is the owner's URL, not the token-exchange audience.
    await expect(withAssertion(async () => (await fetchGithubIdToken(entra)).body.value)).rejects.toThrow("AADSTS700212: No matching federated identity record found for presented assertion audience 'https://github.com/octo-org'");
    await expect(withAssertion(() => entra.github.issue({ audience: 'api://AzureADTokenExchange', claims: { iss: 'https://token.actions.githubusercontent.com' } })))
      .rejects.toThrow("AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com'");
    const genuine = await entra.github.issue({ audience: 'api://AzureADTokenExchange' });
    const [h, p, s] = genuine.split('.');
    const tampered = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
    await expect(withAssertion(() => tampered)).rejects.toThrow('AADSTS50013');
    const otherKid = `${Buffer.from(JSON.stringify({ ...decodeHeader(genuine), kid: 'not-a-key' })).toString('base64url')}.${p}.${s}`;
    await expect(withAssertion(() => otherKid)).rejects.toThrow('AADSTS7000272');
    await expect(withAssertion(() => 'not-a-jwt')).rejects.toThrow('AADSTS50027');
  });
});
