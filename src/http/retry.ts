// When and how long to wait before trying a call again. Throttling (429) and "try later" (503)
// are always safe to retry: the service did nothing. Other 5xx and lost connections are retried
// only for idempotent calls, since a POST may have done its work before its answer was lost. A
// service may name more statuses it answers without acting (GoDaddy's 409 "edit in progress").

export interface RetryPolicy {
  /** Attempts in all, the first included; default 6. 429s and busy statuses do not count: see maxThrottledReplies. */
  maxAttempts: number;
  /** 429 and busy replies one call waits out before it fails (within maxTotalDelayMs); default 30. */
  maxThrottledReplies: number;
  /** First back-off when the service gives no Retry-After; doubles each time; default 500 ms. */
  baseDelayMs: number;
  /** Longest single wait, Retry-After included; default 60 s. */
  maxDelayMs: number;
  /** Give up once waiting would pass this much in all; default 5 min. */
  maxTotalDelayMs: number;
  /**
   * Statuses this service answers while busy, without acting on the request, retried like 429
   * whatever the method: GoDaddy's 409 while an earlier edit of the domain is still being
   * applied. Default none: elsewhere a 409 is a real conflict.
   */
  busyStatuses: readonly number[];
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, maxThrottledReplies: 30, baseDelayMs: 500, maxDelayMs: 60_000, maxTotalDelayMs: 300_000, busyStatuses: [] };

/** Statuses whose request the service did not act on. */
const NOT_PROCESSED = new Set([429, 503]);
const TRANSIENT = new Set([500, 502, 504]);

export function isRetryableStatus(status: number, idempotent: boolean, busyStatuses: readonly number[] = []): boolean {
  return NOT_PROCESSED.has(status) || busyStatuses.includes(status) || (idempotent && TRANSIENT.has(status));
}

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Unparseable or
 * absent → undefined, and the caller falls back to exponential back-off.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Back-off for attempt n (1-based), with "full jitter" so parallel callers spread out. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
