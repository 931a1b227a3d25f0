// GitHub's error bodies: `{message, documentation_url, status}` for every refusal, and
// `Validation Failed` with `errors: [{resource, field, code}]` for a 422 about a field. Handlers
// throw GithubError; the framework's own refusals (no route, rate limits, faults) are rendered
// in the same envelope by renderGithubError.
// https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api

import { EmulatorRequestError, type EmulatorResponse, type ErrorDetails } from '../http/index.ts';

export const DOCS = 'https://docs.github.com/rest';

export interface FieldError {
  resource: string;
  field?: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  message?: string;
}

/** A refusal in GitHub's envelope; `body` is sent as it is (with `status` as a string, as GitHub now does). */
export class GithubError extends EmulatorRequestError {
  readonly body: Record<string, unknown>;
  constructor(status: number, message: string, extra: { documentationUrl?: string; errors?: FieldError[]; headers?: Record<string, string> } = {}) {
    super(status, message, message, { headers: extra.headers });
    this.body = { message, documentation_url: extra.documentationUrl ?? DOCS, ...(extra.errors ? { errors: extra.errors } : {}), status: String(status) };
  }
}

export function notFound(): GithubError {
  return new GithubError(404, 'Not Found');
}

/** 422 `Validation Failed` about fields (a label colour, a taken name), as the recorded `errors` scenario shows. */
export function validationFailed(errors: FieldError[], documentationUrl?: string): GithubError {
  return new GithubError(422, 'Validation Failed', { errors, documentationUrl });
}

/** 422 for a body the endpoint's schema refuses (a required field missing, a wrong type). */
export function invalidRequest(reason: string, documentationUrl?: string): GithubError {
  return new GithubError(422, `Invalid request.\n\n${reason}`, { documentationUrl });
}

/** Renders the framework's refusals (route not found, method not allowed, faults, the token-bucket limiter) as GitHub does. */
export function renderGithubError(e: ErrorDetails): EmulatorResponse {
  const messages: Record<string, string> = {
    RouteNotFound: 'Not Found', MethodNotAllowed: 'Not Found', InvalidRequest: 'Problems parsing JSON', RequestBodyTooLarge: 'Request body too large',
    TooManyRequests: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  };
  // GitHub answers an unrouted method with 404, not 405.
  const status = e.code === 'MethodNotAllowed' ? 404 : e.code === 'InvalidRequest' ? 400 : e.status;
  const message = messages[e.code] ?? (e.message || e.code);
  return { status, body: { message, documentation_url: DOCS, status: String(status) } };
}

/** Reads a JSON object body, refusing anything else as GitHub does (400 `Problems parsing JSON`). */
export function objectBody(json: () => unknown): Record<string, unknown> {
  let value: unknown;
  try {
    value = json();
  } catch {
    throw new GithubError(400, 'Problems parsing JSON');
  }
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new GithubError(400, 'Body should be a JSON object');
  return value as Record<string, unknown>;
}

/** Checks the type of one body field; answers GitHub's schema-validation 422 when it does not fit. */
export function field<T>(body: Record<string, unknown>, name: string, type: 'string' | 'integer' | 'boolean' | 'object' | 'array', options: { required?: boolean; enum?: readonly string[] } = {}): T | undefined {
  const value = body[name];
  if (value === undefined) {
    if (options.required) throw invalidRequest(`"${name}" wasn't supplied.`);
    return undefined;
  }
  const ok =
    type === 'integer' ? Number.isInteger(value) : type === 'array' ? Array.isArray(value) : type === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value) : typeof value === type;
  if (!ok) throw invalidRequest(`For 'properties/${name}', ${JSON.stringify(value)} is not ${type === 'integer' || type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`}.`);
  if (options.enum && !options.enum.includes(value as string)) {
    throw invalidRequest(`For 'properties/${name}', ${JSON.stringify(value)} is not one of [${options.enum.map((e) => JSON.stringify(e)).join(', ')}].`);
  }
  return value as T;
}
