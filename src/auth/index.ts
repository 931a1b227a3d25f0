// auth: credential profiles → @azure/identity TokenCredentials (client secret, GitHub OIDC
// federation, workload identity), and bearer-token sources per API scope.
export { createCredential, requestGithubIdToken, SCOPES, TOKEN_EXCHANGE_AUDIENCE, tokenSource, type CredentialOptions } from './credentials.ts';
