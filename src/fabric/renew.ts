// A token can expire between the moment the credential hands it out and the moment the service
// checks it (a long run, a clock that differs): the service answers 401, or Power BI's 403
// `TokenExpired`. Like fabric-cicd, renew the token and try the call once more; the service did
// nothing with a call it refused for its token, so repeating it is safe for any method.
import { RemoteApiError } from '../errors/index.ts';
import type { HttpClient } from '../http/index.ts';

const EXPIRED_CODES = new Set(['TokenExpired', 'InvalidAuthenticationToken', 'ExpiredAuthenticationToken']);

export function isTokenExpiry(err: unknown): boolean {
  if (!(err instanceof RemoteApiError)) return false;
  const { status, code } = err.details;
  return status === 401 || (status === 403 && code !== undefined && EXPIRED_CODES.has(code));
}

/** Wraps a client so a call refused for an expired token renews the token (`renew`) and runs again once. */
export function renewTokenOnExpiry(http: HttpClient, renew: () => void): HttpClient {
  return {
    service: http.service,
    counts: http.counts,
    withContext: (context) => renewTokenOnExpiry(http.withContext(context), renew),
    async request(method, path, options) {
      try {
        return await http.request(method, path, options);
      } catch (err) {
        if (!isTokenExpiry(err)) throw err;
        renew();
        return http.request(method, path, options);
      }
    },
  };
}
