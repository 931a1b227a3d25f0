// The emulated Entra ID authority: OpenID discovery and JWKS built from the Host header (MSAL
// refuses metadata whose issuer host differs from the address it called), the v2.0 token
// endpoint, and the GitHub Actions OIDC issuer that federated assertions come from. The real
// `@azure/identity` credentials use it with `authorityHost` + `disableInstanceDiscovery: true`.

import { randomUUID } from 'node:crypto';
import {
  serviceOptions, startEmulator, systemClock, type Clock, type Emulator, type ExchangeObserver, type FaultRule, type LatencySetting, type Route,
} from '../http/index.ts';
import type { EmulatorLogger } from '../logger.ts';
import { frameworkErrorToAadsts, aadsts, renderAadsts } from './errors.ts';
import { createGithubIssuer, type GithubContext, type GithubIssuer } from './github-oidc.ts';
import { createSigningKey, type Jwks } from './jwt.ts';
import { handleTokenRequest } from './token.ts';
import { DEFAULT_RESOURCES, type EntraApp } from './types.ts';
import { verifyAccessToken, type AccessTokenCheck } from './verify.ts';

export interface EntraOptions {
  tls: { key: string; cert: string };
  /** The tenant id (a GUID): `tid` of every token. */
  tenantId: string;
  /** Verified domain names that may stand for the tenant in paths, e.g. `contoso.onmicrosoft.com`. */
  domains?: string[];
  apps: EntraApp[];
  /** Access-token lifetime (`expires_in`); default 3599 s. */
  tokenLifetimeSeconds?: number;
  /** Resource application ID URIs the tenant knows; default DEFAULT_RESOURCES. */
  resources?: string[];
  /** The workflow run the GitHub OIDC issuer speaks for; default `octo-org/octo-repo` (GitHub's documentation example), environment `production`. */
  github?: GithubContext & { requestToken?: string };
  /** Other federated issuers Entra trusts, with their keys (e.g. a Kubernetes service-account issuer). */
  trustedIssuers?: { issuer: string; jwks: Jwks }[];
  clock?: Clock;
  latency?: LatencySetting;
  faults?: FaultRule[];
  onExchange?: ExchangeObserver;
  logger?: EmulatorLogger;
}

export interface EntraEmulator extends Emulator {
  tenantId: string;
  /** For `@azure/identity`'s `authorityHost` (the emulator's URL). */
  authorityHost: string;
  /** The GitHub Actions OIDC issuer and its ID-token request endpoint. */
  github: GithubIssuer;
  /** The public keys access tokens are signed with. */
  jwks(): Jwks;
  /** Checks an access token from this tenant, e.g. for a resource emulator (`now` defaults to the emulator clock). */
  verifyAccessToken(authorization: string | undefined, options: { audience: string | string[]; now?: number; skewSeconds?: number }): Promise<AccessTokenCheck>;
  /** Registers (or replaces) an app. */
  addApp(app: EntraApp): void;
  /** The tenant's app registrations, secrets included, as JSON-safe data for `restore` in a later process. */
  snapshot(): EntraSnapshot;
  /** Every secret it knows or handed out: client secrets, access tokens, GitHub ID tokens (for a leak scan). */
  issuedSecrets(): string[];
  /** Access tokens presented to a service that verified them through this emulator. */
  presentedTokens(): string[];
  /** Replaces every app registration with the snapshot's; start the emulator with the snapshot's `tenantId`. */
  restore(snapshot: EntraSnapshot): void;
}

export interface EntraSnapshot {
  version: 1;
  tenantId: string;
  apps: EntraApp[];
}

const TENANT_ALIASES_FOR_KEYS = new Set(['common', 'organizations', 'consumers']);

export async function startEntra(options: EntraOptions): Promise<EntraEmulator> {
  const clock = options.clock ?? systemClock;
  const tenantId = options.tenantId.toLowerCase();
  const apps = new Map<string, EntraApp>();
  const addApp = (app: EntraApp) => apps.set(app.clientId.toLowerCase(), { ...app });
  options.apps.forEach(addApp);
  const resources = options.resources ?? DEFAULT_RESOURCES;
  const domains = new Set((options.domains ?? []).map((d) => d.toLowerCase()));
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 3599;
  const issued: Record<string, number> = {};
  const tokens: string[] = [];
  // Tokens a client presented back: the ones it really held (a client's library may fetch one it then discards).
  const presented = new Set<string>();
  const remember = (authorization: string | undefined) => {
    const bearer = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (bearer) presented.add(bearer);
  };
  const [tokenKey, githubKey] = await Promise.all([createSigningKey(), createSigningKey()]);
  let baseUrl = '';
  const { requestToken, ...githubContext } = options.github ?? { repository: 'octo-org/octo-repo', environment: 'production' };
  const { issuer: github, routes: githubRoutes } = createGithubIssuer({ key: githubKey, clock, context: githubContext, requestToken, baseUrl: () => baseUrl });
  // One object for the key's lifetime, so verifying imports the key once.
  const tokenKeys: Jwks = Object.freeze({ keys: [tokenKey.publicJwk] });
  const jwks = (): Jwks => tokenKeys;
  const isKnownTenant = (t: string) => t.toLowerCase() === tenantId || domains.has(t.toLowerCase());

  const trusted = new Map((options.trustedIssuers ?? []).map((t) => [t.issuer, t.jwks]));
  const tenantError = (req: Parameters<Route['handler']>[0]) =>
    renderAadsts(aadsts.tenantNotFound(req.params.tenant), {
      traceId: req.requestId, correlationId: req.headers['client-request-id'] || randomUUID(), now: clock.now(), origin: req.origin,
    });

  const routes: Route[] = [
    {
      name: 'entra.openid-configuration', method: 'GET', path: '/{tenant}/v2.0/.well-known/openid-configuration', anonymous: true,
      handler: (req) => (isKnownTenant(req.params.tenant) ? { status: 200, body: openIdConfiguration(req.origin, tenantId) } : tenantError(req)),
    },
    {
      name: 'entra.keys', method: 'GET', path: '/{tenant}/discovery/v2.0/keys', anonymous: true,
      handler: (req) => {
        const t = req.params.tenant.toLowerCase();
        if (!isKnownTenant(t) && !TENANT_ALIASES_FOR_KEYS.has(t)) return tenantError(req);
        return { status: 200, body: { keys: jwks().keys.map((k) => ({ ...k, issuer: `${req.origin}/${tenantId}/v2.0` })) } };
      },
    },
    {
      name: 'entra.token', method: 'POST', path: '/{tenant}/oauth2/v2.0/token', anonymous: true,
      handler: (req) => handleTokenRequest(req, {
        tenantId, isKnownTenant, lifetimeSeconds, signingKey: tokenKey,
        findApp: (clientId) => apps.get(clientId.toLowerCase()),
        resources: () => resources,
        issuerJwks: (iss) => (iss === github.issuer ? github.jwks() : trusted.get(iss)),
        defaultFederatedIssuer: () => github.issuer,
        onTokenIssued: (appId, resource, token) => {
          tokens.push(token);
          const key = `${appId} ${resource}`;
          issued[key] = (issued[key] ?? 0) + 1;
        },
      }),
    },
    ...githubRoutes,
  ];

  const emulator = await startEmulator({
    name: 'entra',
    routes,
    ...serviceOptions(options),
    clock,
    caseInsensitivePaths: true,
    requestIdHeaders: ['x-ms-request-id'],
    errors: (details) => renderAadsts(frameworkErrorToAadsts(details), { traceId: details.requestId, correlationId: randomUUID(), now: clock.now(), origin: baseUrl }),
    state: () => ({
      tenantId,
      domains: [...domains],
      apps: [...apps.values()].map(({ secret, ...rest }) => ({ ...rest, hasSecret: secret !== undefined })),
      resources,
      githubIssuer: github.issuer,
      githubContext: github.context(),
      tokensIssued: { ...issued },
    }),
  });
  baseUrl = emulator.url;

  return Object.assign(emulator, {
    tenantId,
    authorityHost: emulator.url,
    github,
    jwks,
    addApp,
    issuedSecrets: () => [...[...apps.values()].flatMap((a) => (a.secret ? [a.secret] : [])), ...tokens, ...github.issued()],
    snapshot: (): EntraSnapshot => structuredClone({ version: 1, tenantId, apps: [...apps.values()] }),
    restore(snapshot: EntraSnapshot) {
      if (snapshot?.version !== 1) throw new Error(`Entra snapshot version ${String(snapshot?.version)} is not supported (expected 1)`);
      // Tokens carry the tenant id; a snapshot of another tenant would make every old id a lie.
      if (snapshot.tenantId.toLowerCase() !== tenantId) throw new Error(`Entra snapshot of tenant ${snapshot.tenantId} cannot be restored into tenant ${tenantId}`);
      apps.clear();
      structuredClone(snapshot.apps).forEach(addApp);
    },
    presentedTokens: () => [...presented],
    verifyAccessToken: (authorization: string | undefined, o: { audience: string | string[]; now?: number; skewSeconds?: number }) => {
      remember(authorization);
      return verifyAccessToken(authorization, { audience: o.audience, now: o.now ?? clock.now(), jwks: jwks(), tenantId, skewSeconds: o.skewSeconds });
    },
  });
}

function openIdConfiguration(origin: string, tenantId: string): Record<string, unknown> {
  const base = `${origin}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}
