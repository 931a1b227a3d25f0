// `POST /{tenant}/oauth2/v2.0/token` for the client-credentials grant, with a client secret or a
// federated client assertion (workload identity federation). Checks run in Entra's order as far
// as public error reports show it: tenant, grant, client, credential, scope; each failure is the
// AADSTS error real Entra answers. Success is a v1.0 RS256 access token for the resource.

import { randomUUID } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse } from '../http/index.ts';
import { aadsts, renderAadsts, type AadstsError } from './errors.ts';
import { audiences, checkJwtSignature, decodeJwt, signJwt, type Jwks, type SigningKey } from './jwt.ts';
import type { EntraApp } from './types.ts';

export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
/** Microsoft's validators allow five minutes of clock skew on assertions. */
const ASSERTION_SKEW_SECONDS = 300;

export interface TokenEndpointDeps {
  tenantId: string;
  isKnownTenant(tenant: string): boolean;
  findApp(clientId: string): EntraApp | undefined;
  /** Resource identifiers (application ID URIs) the tenant knows. */
  resources(): string[];
  lifetimeSeconds: number;
  signingKey: SigningKey;
  /** The JWKS of a trusted federated issuer, by `iss`; undefined when the issuer is unknown. */
  issuerJwks(issuer: string): Jwks | undefined;
  /** The issuer a federated credential without one means (the sandbox's GitHub issuer). */
  defaultFederatedIssuer(): string;
  onTokenIssued(appId: string, resource: string, token: string): void;
}

type Outcome<T> = { ok: T } | { error: AadstsError };

export async function handleTokenRequest(req: EmulatorRequest, deps: TokenEndpointDeps): Promise<EmulatorResponse> {
  const correlationId = req.headers['client-request-id'] || randomUUID();
  const now = req.clock.now();
  const answer = (e: AadstsError, clientId?: string): EmulatorResponse => ({
    ...renderAadsts(e, { traceId: req.requestId, correlationId, now, origin: req.origin }),
    ...(clientId ? { identity: { key: clientId, appId: clientId } } : {}),
  });

  const tenant = req.params.tenant;
  if (!deps.isKnownTenant(tenant)) return answer(aadsts.tenantNotFound(tenant));
  const form = req.form();
  const basic = parseBasic(req.headers.authorization);
  const grant = form.get('grant_type');
  if (!grant) return answer(aadsts.missingParameter('grant_type'));
  if (grant !== 'client_credentials') return answer(aadsts.unsupportedGrant(grant));
  const clientId = form.get('client_id') ?? basic?.clientId;
  if (!clientId) return answer(aadsts.missingParameter('client_id'));
  const app = deps.findApp(clientId);
  if (!app) return answer(aadsts.appNotFound(clientId, tenant), clientId);

  const secret = form.get('client_secret') ?? basic?.secret;
  const assertion = form.get('client_assertion_type') === JWT_BEARER ? form.get('client_assertion') : null;
  let authMethod: '1' | '2';
  if (secret !== null && secret !== undefined) {
    if (app.secret === undefined || secret !== app.secret) return answer(aadsts.invalidSecret(app.clientId), clientId);
    authMethod = '1';
  } else if (assertion) {
    const checked = await checkAssertion(assertion, app, now, deps);
    if ('error' in checked) return answer(checked.error, clientId);
    authMethod = '2';
  } else {
    return answer(aadsts.missingCredential(), clientId);
  }

  const scope = form.get('scope');
  if (scope === null) return answer(aadsts.missingParameter('scope'), clientId);
  const resource = resolveResource(scope, tenant, deps);
  if ('error' in resource) return answer(resource.error, clientId);

  const iat = Math.floor(now / 1000);
  const exp = iat + deps.lifetimeSeconds;
  const issuer = `https://sts.windows.net/${deps.tenantId}/`;
  const accessToken = await signJwt({
    aud: resource.ok, iss: issuer, iat, nbf: iat, exp,
    aio: randomUUID().replace(/-/g, ''),
    app_displayname: app.displayName,
    appid: app.clientId, appidacr: authMethod, azp: app.clientId, azpacr: authMethod,
    idp: issuer, idtyp: 'app', oid: app.objectId,
    rh: `0.${randomUUID().replace(/-/g, '')}.`,
    ...(app.roles?.length ? { roles: [...app.roles] } : {}),
    sub: app.objectId, tid: deps.tenantId,
    uti: randomUUID().replace(/-/g, '').slice(0, 22),
    ver: '1.0',
  }, deps.signingKey, { x5t: deps.signingKey.kid });
  deps.onTokenIssued(app.clientId, resource.ok, accessToken);
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'client-request-id': correlationId },
    body: { token_type: 'Bearer', expires_in: deps.lifetimeSeconds, ext_expires_in: deps.lifetimeSeconds, access_token: accessToken },
    identity: { key: app.objectId, appId: app.clientId, oid: app.objectId, tenantId: deps.tenantId },
  };
}

/** Matches a federated assertion against the app's federated credentials, then checks signature and time. */
async function checkAssertion(token: string, app: EntraApp, now: number, deps: TokenEndpointDeps): Promise<Outcome<true>> {
  const jwt = decodeJwt(token);
  if (!jwt) return { error: aadsts.malformedAssertion() };
  const { iss, sub, nbf, exp } = jwt.payload as { iss?: unknown; sub?: unknown; nbf?: unknown; exp?: unknown };
  if (typeof iss !== 'string' || typeof sub !== 'string') return { error: aadsts.malformedAssertion() };
  const credentials = (app.federated ?? []).map((f) => ({
    issuer: f.issuer ?? deps.defaultFederatedIssuer(),
    subject: f.subject,
    audience: f.audience ?? TOKEN_EXCHANGE_AUDIENCE,
  }));
  // Matching is case-sensitive (Entra changed this in 2024 and reports a case-only miss separately).
  const byIssuer = credentials.filter((c) => c.issuer === iss);
  if (byIssuer.length === 0) return { error: aadsts.issuerMismatch(iss) };
  const bySubject = byIssuer.filter((c) => c.subject === sub);
  if (bySubject.length === 0) {
    const caseOnly = byIssuer.some((c) => c.subject.toLowerCase() === sub.toLowerCase());
    return { error: caseOnly ? aadsts.subjectCaseMismatch(sub) : aadsts.subjectMismatch(sub) };
  }
  const presented = audiences(jwt.payload);
  if (!bySubject.some((c) => presented.includes(c.audience))) return { error: aadsts.audienceMismatch(presented.join(',')) };

  const jwks = deps.issuerJwks(iss);
  const signature = jwks ? await checkJwtSignature(jwt, jwks) : 'unknown-key';
  if (signature === 'unknown-key') return { error: aadsts.signingKeyNotFound(String(jwt.header.kid ?? ''), iss) };
  if (signature === 'invalid') return { error: aadsts.badAssertionSignature() };

  const nowSeconds = now / 1000;
  const nbfValue = typeof nbf === 'number' ? nbf : undefined;
  const expValue = typeof exp === 'number' ? exp : undefined;
  if (expValue === undefined || nowSeconds >= expValue + ASSERTION_SKEW_SECONDS || (nbfValue !== undefined && nowSeconds < nbfValue - ASSERTION_SKEW_SECONDS)) {
    return { error: aadsts.assertionOutOfTime(now, nbfValue, expValue) };
  }
  return { ok: true };
}

/** `https://analysis.windows.net/powerbi/api/.default` → the resource, if the tenant knows it. */
function resolveResource(scope: string, tenant: string, deps: TokenEndpointDeps): Outcome<string> {
  const scopes = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
  if (scopes.length === 0) return { error: aadsts.invalidScope(scope) };
  if (scopes.length > 1) return { error: aadsts.invalidScope(scopes.join(' ')) };
  const [only] = scopes;
  if (!only.endsWith('/.default')) {
    return { error: /^[a-z][a-z0-9+.-]*:\/\//i.test(only) || /^api:\/\//i.test(only) ? aadsts.scopeWithoutDefault(only) : aadsts.invalidScope(only) };
  }
  const resource = only.slice(0, -'/.default'.length);
  const normalized = resource.toLowerCase().replace(/\/+$/, '');
  if (!resource || !deps.resources().some((r) => r.toLowerCase().replace(/\/+$/, '') === normalized)) {
    return { error: aadsts.resourceNotFound(resource || only, tenant) };
  }
  return { ok: resource };
}

function parseBasic(header: string | undefined): { clientId: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}
