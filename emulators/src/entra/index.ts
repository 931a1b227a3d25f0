// The emulated Entra ID tenant of the sandbox (OpenID discovery, JWKS, client-credentials tokens
// with a secret or a GitHub OIDC federated assertion, AADSTS errors) and the access-token check
// the emulated resource servers use. See docs/sandbox.md.

export { startEntra } from './server.ts';
export type { EntraEmulator, EntraOptions, EntraSnapshot } from './server.ts';
export { verifyAccessToken } from './verify.ts';
export type { AccessTokenCheck, AccessTokenIdentity, TokenFailureReason, VerifyAccessTokenOptions } from './verify.ts';
export { DEFAULT_RESOURCES } from './types.ts';
export type { EntraApp, FederatedCredential } from './types.ts';
export { TOKEN_EXCHANGE_AUDIENCE } from './token.ts';
export { subjectFor } from './github-oidc.ts';
export type { GithubContext, GithubIssuer, GithubTokenOptions } from './github-oidc.ts';
export type { Jwks, PublicJwk } from './jwt.ts';
