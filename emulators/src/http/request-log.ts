// The request log an emulator keeps for tests and for people rehearsing locally: who called what
// and what they got. It records no bodies and no header values at all, and query parameters that
// can carry a credential are replaced by `***`, so nothing secret can leak through `/_admin/requests`.

import type { RequestLogEntry } from './types.ts';

const SECRET_QUERY_KEYS = new Set([
  'client_secret', 'client_assertion', 'assertion', 'access_token', 'refresh_token', 'id_token', 'code',
  'password', 'secret', 'sig', 'signature', 'apikey', 'api_key', 'authorization',
]);

/** Copies a query, replacing the value of every credential-bearing parameter by `***`. */
export function redactQuery(query: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) out[k] = SECRET_QUERY_KEYS.has(k.toLowerCase()) ? '***' : v;
  return out;
}

export interface RequestLog {
  append(entry: RequestLogEntry): void;
  list(): RequestLogEntry[];
  clear(): void;
}

/** Keeps the newest `capacity` entries (default 10,000) so a long rehearsal cannot grow without bound. */
export function createRequestLog(capacity = 10_000): RequestLog {
  let entries: RequestLogEntry[] = [];
  return {
    append(entry) {
      entries.push(entry);
      if (entries.length > capacity) entries = entries.slice(entries.length - capacity);
    },
    list: () => entries.map((e) => ({ ...e })),
    clear() {
      entries = [];
    },
  };
}
