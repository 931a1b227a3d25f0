// The GitHub Actions OIDC side of workload identity federation: the runner's ID-token request
// endpoint (what ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN point at, so `core.getIDToken()` works
// unchanged) and the issuer it signs for, with its discovery document and JWKS. Entra trusts
// this issuer's key for `client_assertion`s, as real Entra trusts token.actions.githubusercontent.com.

import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock, Route } from '../http/index.ts';
import { signJwt, type Jwks, type SigningKey } from './jwt.ts';

/** The workflow run the sandbox pretends to be; it decides the token's `sub`. */
export interface GithubContext {
  /** `owner/repo`. */
  repository: string;
  /** Set for a job bound to a GitHub environment: `sub` is `repo:<repo>:environment:<env>`. */
  environment?: string;
  /** Otherwise `sub` is `repo:<repo>:ref:<ref>`; default `refs/heads/main`. */
  ref?: string;
  actor?: string;
  workflow?: string;
  eventName?: string;
}

export interface GithubTokenOptions {
  /** Default: `https://github.com/<owner>`, as GitHub does when no audience is asked for. */
  audience?: string;
  /** Overrides the subject derived from the context. */
  subject?: string;
  /** Default 300 s. */
  lifetimeSeconds?: number;
  /** Extra or replaced claims. */
  claims?: Record<string, unknown>;
}

export interface GithubIssuer {
  /** `<emulator url>/_github/oidc`: the `iss` of its tokens and the base of its discovery document. */
  readonly issuer: string;
  /** For ACTIONS_ID_TOKEN_REQUEST_URL (GitHub's carries `api-version=2.0`; callers append `&audience=`). */
  readonly requestUrl: string;
  /** For ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly requestToken: string;
  jwks(): Jwks;
  /** Mints an ID token in-process, e.g. an expired one or one for another subject. */
  issue(options?: GithubTokenOptions): Promise<string>;
  setContext(context: Partial<GithubContext>): void;
  context(): GithubContext;
  /** Every ID token minted so far (and the request token), for a leak scan. */
  issued(): string[];
}

export function subjectFor(context: GithubContext): string {
  return context.environment
    ? `repo:${context.repository}:environment:${context.environment}`
    : `repo:${context.repository}:ref:${context.ref ?? 'refs/heads/main'}`;
}

export function createGithubIssuer(options: { key: SigningKey; clock: Clock; context: GithubContext; requestToken?: string; baseUrl: () => string }) {
  let context = { ...options.context };
  const requestToken = options.requestToken ?? randomBytes(24).toString('base64url');
  const issuerUrl = () => `${options.baseUrl()}/_github/oidc`;
  const runId = String(1_000_000_000 + Math.floor(Math.random() * 1_000_000));

  const minted: string[] = [];
  const issue = async (o: GithubTokenOptions = {}): Promise<string> => {
    const token = await sign(o);
    minted.push(token);
    return token;
  };
  const sign = (o: GithubTokenOptions): Promise<string> => {
    const iat = Math.floor(options.clock.now() / 1000);
    const owner = context.repository.split('/')[0];
    const ref = context.ref ?? 'refs/heads/main';
    return signJwt({
      jti: randomUUID(),
      sub: o.subject ?? subjectFor(context),
      aud: o.audience ?? `https://github.com/${owner}`,
      ref,
      sha: '0'.repeat(40),
      repository: context.repository,
      repository_owner: owner,
      run_id: runId,
      run_number: '1',
      run_attempt: '1',
      repository_visibility: 'private',
      actor: context.actor ?? 'sandbox-bot',
      workflow: context.workflow ?? 'provision',
      event_name: context.eventName ?? 'push',
      ref_type: 'branch',
      ...(context.environment ? { environment: context.environment } : {}),
      job_workflow_ref: `${context.repository}/.github/workflows/${context.workflow ?? 'provision'}.yml@${ref}`,
      iss: issuerUrl(),
      nbf: iat,
      iat,
      exp: iat + (o.lifetimeSeconds ?? 300),
      ...(o.claims ?? {}),
    }, options.key, { x5t: options.key.kid });
  };

  // One object for the key's lifetime, so a verifier imports the key once.
  const keySet: Jwks = Object.freeze({ keys: [options.key.publicJwk] });
  const jwks = (): Jwks => keySet;

  const routes: Route[] = [
    {
      name: 'github.oidc.token', method: 'GET', path: '/_github/oidc/token', anonymous: true,
      handler: async (req) => {
        if (req.headers.authorization !== `Bearer ${requestToken}`) {
          return { status: 401, body: { message: 'Bad credentials: the ID token request token is missing or wrong.' } };
        }
        return { status: 200, body: { value: await issue({ audience: req.query.audience || undefined }) }, identity: { key: `github:${context.repository}` } };
      },
    },
    {
      name: 'github.oidc.configuration', method: 'GET', path: '/_github/oidc/.well-known/openid-configuration', anonymous: true,
      handler: () => ({
        status: 200,
        body: {
          issuer: issuerUrl(),
          jwks_uri: `${issuerUrl()}/.well-known/jwks`,
          subject_types_supported: ['public', 'pairwise'],
          response_types_supported: ['id_token'],
          claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'repository', 'repository_owner', 'run_id', 'actor', 'workflow', 'event_name', 'ref_type', 'environment', 'job_workflow_ref'],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid'],
        },
      }),
    },
    { name: 'github.oidc.jwks', method: 'GET', path: '/_github/oidc/.well-known/jwks', anonymous: true, handler: () => ({ status: 200, body: jwks() }) },
  ];

  const issuer: GithubIssuer = {
    get issuer() {
      return issuerUrl();
    },
    get requestUrl() {
      return `${issuerUrl()}/token?api-version=2.0`;
    },
    requestToken,
    jwks,
    issue,
    setContext: (next) => {
      context = { ...context, ...next };
    },
    context: () => ({ ...context }),
    issued: () => [requestToken, ...minted],
  };
  return { issuer, routes };
}
