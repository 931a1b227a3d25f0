// Credential profiles of platform.yaml → @azure/identity TokenCredentials. The library caches and
// refreshes tokens per scope; we only pick the credential class and hand it what it needs.
// GitHub OIDC federation is the recommended mode: no stored secret, the workflow's own ID token
// (audience api://AzureADTokenExchange) is exchanged for an Entra token.
import type { GetTokenOptions, TokenCredential } from '@azure/identity';
import { resolveSecret, type CredentialProfileConfig } from '../config/index.ts';
import { EnvironmentError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';

export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/** Scopes of the APIs tenantops calls. */
export const SCOPES = {
  powerbi: 'https://analysis.windows.net/powerbi/api/.default',
  fabric: 'https://api.fabric.microsoft.com/.default',
  arm: 'https://management.azure.com/.default',
} as const;

export interface CredentialOptions {
  env?: NodeJS.ProcessEnv;
  log: Logger;
  /** Extra CA to trust for the authority (the sandbox's emulated Entra). */
  ca?: string;
  /** Overrides the profile's authorityHost (the sandbox). */
  authorityHost?: string;
  /**
   * Where a `github-oidc` profile gets the workflow's ID token: `core.getIDToken` in an action;
   * elsewhere the runner's request endpoint read from the environment.
   */
  getIdToken?: (audience: string) => Promise<string>;
}

export function createCredential(name: string, profile: CredentialProfileConfig, options: CredentialOptions): TokenCredential {
  const env = options.env ?? process.env;
  const authorityHost = options.authorityHost ?? profile.authorityHost;
  const common = {
    ...(authorityHost ? { authorityHost, disableInstanceDiscovery: true } : {}),
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
  };
  switch (profile.type) {
    case 'client-secret': {
      // Resolved now, so a missing secret is reported before any work starts.
      const secret = resolveSecret(profile.clientSecretSecret!, env, `credentialProfiles.${name}.clientSecretSecret of platform.yaml`);
      options.log.mask(secret);
      return lazyCredential((identity) => new identity.ClientSecretCredential(profile.tenantId, profile.clientId, secret, common), options.log);
    }
    case 'github-oidc': {
      const getIdToken = options.getIdToken ?? ((audience: string) => requestGithubIdToken(audience, env, options.ca));
      const assertion = async () => {
        const token = await getIdToken(TOKEN_EXCHANGE_AUDIENCE);
        options.log.mask(token);
        return token;
      };
      return lazyCredential((identity) => new identity.ClientAssertionCredential(profile.tenantId, profile.clientId, assertion, common), options.log);
    }
    case 'workload-identity':
      // AZURE_FEDERATED_TOKEN_FILE is set by the platform (AKS workload identity) and read by the class.
      return lazyCredential((identity) => new identity.WorkloadIdentityCredential({ tenantId: profile.tenantId, clientId: profile.clientId, ...common }), options.log);
  }
}

/**
 * The credential, built on first use: @azure/identity (and MSAL) cost about 18 MB and a good part
 * of start-up, which validation and offline plans never need. One instance is made, so its token
 * cache serves every later call. Every access token it hands out is masked the moment it arrives
 * (the leak scan found them printable: an error quoting a request's headers would have shown one).
 */
function lazyCredential(make: (identity: typeof import('@azure/identity')) => TokenCredential, log: Logger): TokenCredential {
  let credential: Promise<TokenCredential> | undefined;
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions) {
      credential ??= import('@azure/identity').then(make);
      const token = await (await credential).getToken(scopes, options);
      if (token) log.mask(token.token);
      return token;
    },
  };
}

/**
 * The GitHub Actions ID-token request, as the runner documents it: GET the request URL with
 * `&audience=` and the request token as bearer; the answer is `{"value": "<jwt>"}`. Needs the job
 * permission `id-token: write`, which is what sets the two variables.
 */
export async function requestGithubIdToken(audience: string, env: NodeJS.ProcessEnv, ca?: string): Promise<string> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !token) {
    throw new EnvironmentError('a github-oidc credential profile needs ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN: give the job `permissions: id-token: write`');
  }
  const { Agent, request } = await import('undici');
  const res = await request(`${url}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    dispatcher: ca ? new Agent({ connect: { ca } }) : undefined,
  });
  const body = (await res.body.json().catch(() => ({}))) as { value?: string };
  if (res.statusCode !== 200 || !body.value) throw new EnvironmentError(`the GitHub OIDC token request failed with HTTP ${res.statusCode}`);
  return body.value;
}

/** A bearer-token source for one scope, for the HTTP client. */
export function tokenSource(credential: TokenCredential, scope: string): () => Promise<string> {
  return async () => {
    const token = await credential.getToken(scope);
    if (!token) throw new EnvironmentError(`no token for ${scope}`);
    return token.token;
  };
}
