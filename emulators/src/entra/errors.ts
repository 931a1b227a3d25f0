// Entra ID's error envelope and the AADSTS codes the sandbox reproduces. The shape and wording
// follow real answers of login.microsoftonline.com as quoted in public issue threads:
// `{ error, error_description: "AADSTSn: ... Trace ID: ... Correlation ID: ... Timestamp: ...",
//   error_codes: [n], timestamp, trace_id, correlation_id, error_uri }`.

import type { EmulatorResponse, ErrorDetails } from '../http/index.ts';

export interface AadstsError {
  /** HTTP status: 401 for `invalid_client`, 400 for the rest. */
  status: number;
  /** OAuth error: `invalid_client`, `unauthorized_client`, `invalid_request`, `invalid_scope`, ... */
  error: string;
  code: number;
  message: string;
}

const FIC_HINT = 'Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation';

/** The AADSTS errors the emulator answers, by situation. */
export const aadsts = {
  tenantNotFound: (tenant: string): AadstsError => ({
    status: 400, error: 'invalid_request', code: 90002,
    message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  }),
  missingParameter: (name: string): AadstsError => ({
    status: 400, error: 'invalid_request', code: 900144, message: `The request body must contain the following parameter: '${name}'.`,
  }),
  unsupportedGrant: (grant: string): AadstsError => ({
    status: 400, error: 'unsupported_grant_type', code: 70003, message: `The app requested an unsupported grant type '${grant}'.`,
  }),
  appNotFound: (clientId: string, tenant: string): AadstsError => ({
    status: 400, error: 'unauthorized_client', code: 700016,
    message: `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  missingCredential: (): AadstsError => ({
    status: 401, error: 'invalid_client', code: 7000218,
    message: `The request body must contain the following parameter: 'client_assertion' or 'client_secret'.`,
  }),
  invalidSecret: (clientId: string): AadstsError => ({
    status: 401, error: 'invalid_client', code: 7000215,
    message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  malformedAssertion: (): AadstsError => ({ status: 400, error: 'invalid_request', code: 50027, message: 'JWT token is invalid or malformed.' }),
  issuerMismatch: (issuer: string): AadstsError => ({
    status: 401, error: 'invalid_client', code: 700211,
    message: `No matching federated identity record found for presented assertion issuer '${issuer}'. Please note that the matching is done using a case-sensitive comparison. ${FIC_HINT}`,
  }),
  subjectMismatch: (subject: string): AadstsError => ({
    status: 401, error: 'invalid_client', code: 700213,
    message: `No matching federated identity record found for presented assertion subject '${subject}'. ${FIC_HINT}`,
  }),
  subjectCaseMismatch: (subject: string): AadstsError => ({
    status: 401, error: 'invalid_client', code: 7002138,
    message: `No matching federated identity record found for presented assertion subject '${subject}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. ${FIC_HINT}`,
  }),
  audienceMismatch: (audience: string): AadstsError => ({
    status: 401, error: 'invalid_client', code: 700212,
    message: `No matching federated identity record found for presented assertion audience '${audience}'. ${FIC_HINT}`,
  }),
  signingKeyNotFound: (kid: string, issuer: string): AadstsError => ({
    status: 401, error: 'invalid_client', code: 7000272,
    message: `The certificate with identifier ${kid} used to sign the federated credential could not be found in the metadata of identity provider ${issuer}. Please validate that your Identity Provider's metadata exposes the key used to sign the incoming token.`,
  }),
  badAssertionSignature: (): AadstsError => ({
    status: 401, error: 'invalid_client', code: 50013,
    message: 'Assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value.]',
  }),
  assertionOutOfTime: (now: number, nbf: number | undefined, exp: number | undefined): AadstsError => ({
    status: 401, error: 'invalid_client', code: 700024,
    message: `Client assertion is not within its valid time range. Current time: ${isoSeconds(now)}, assertion valid from ${isoSeconds((nbf ?? 0) * 1000)}, expiry time of assertion ${isoSeconds((exp ?? 0) * 1000)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
  }),
  invalidScope: (scope: string): AadstsError => ({
    status: 400, error: 'invalid_scope', code: 70011,
    message: `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
  }),
  scopeWithoutDefault: (scope: string): AadstsError => ({
    status: 400, error: 'invalid_scope', code: 1002012,
    message: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  resourceNotFound: (resource: string, tenant: string): AadstsError => ({
    status: 400, error: 'invalid_resource', code: 500011,
    message: `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  }),
};

/** Renders an AADSTS error as login.microsoftonline.com answers it. */
export function renderAadsts(e: AadstsError, context: { traceId: string; correlationId: string; now: number; origin: string }): EmulatorResponse {
  const timestamp = new Date(context.now).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    status: e.status,
    headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'client-request-id': context.correlationId },
    body: {
      error: e.error,
      error_description: `AADSTS${e.code}: ${e.message} Trace ID: ${context.traceId} Correlation ID: ${context.correlationId} Timestamp: ${timestamp}`,
      error_codes: [e.code],
      timestamp,
      trace_id: context.traceId,
      correlation_id: context.correlationId,
      error_uri: `${context.origin}/error?code=${e.code}`,
    },
  };
}

/**
 * Framework errors (faults, throttling, unknown routes) in the same envelope. A fault rule whose
 * `code` is `AADSTSn` or a number answers that AADSTS code, so tests can inject any Entra error.
 */
export function frameworkErrorToAadsts(details: ErrorDetails): AadstsError {
  const explicit = /^(?:AADSTS)?(\d+)$/.exec(details.code);
  if (explicit) return { status: details.status, error: details.status === 401 ? 'invalid_client' : 'invalid_request', code: Number(explicit[1]), message: details.message };
  if (details.status === 429) return { status: 429, error: 'temporarily_unavailable', code: 90055, message: 'TenantThrottlingError - There are too many incoming requests.' };
  if (details.status >= 500) return { status: details.status, error: 'temporarily_unavailable', code: 90033, message: 'A transient error has occurred. Please try again.' };
  return { status: details.status, error: 'invalid_request', code: 50000, message: details.message };
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, '.0000000Z');
}
