// GitHub's primary rate limit: a number of requests per hour for each account (a user's tokens
// share theirs; a workflow's GITHUB_TOKEN draws on its repository's 1,000), reported on every
// answer in `x-ratelimit-*` headers, and refused with 403 and `x-ratelimit-remaining: 0` once
// spent until the window resets.
// https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api

import type { Clock } from '../http/index.ts';

const HOUR_MS = 60 * 60 * 1000;

export interface QuotaReading {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds when the window resets. */
  reset: number;
  resource: 'core';
  exceeded: boolean;
}

export interface Quota {
  /** Counts one request against `account` (allowed or not) and says where it stands. */
  take(account: string, limit: number): QuotaReading;
}

export function createQuota(clock: Clock): Quota {
  const windows = new Map<string, { start: number; used: number }>();
  return {
    take(account, limit) {
      const now = clock.now();
      let w = windows.get(account);
      if (!w || now >= w.start + HOUR_MS) windows.set(account, (w = { start: now, used: 0 }));
      const exceeded = w.used >= limit;
      if (!exceeded) w.used++;
      return { limit, remaining: limit - w.used, used: w.used, reset: Math.ceil((w.start + HOUR_MS) / 1000), resource: 'core', exceeded };
    },
  };
}

export function quotaHeaders(q: QuotaReading): Record<string, string> {
  return {
    'x-ratelimit-limit': String(q.limit), 'x-ratelimit-remaining': String(q.remaining), 'x-ratelimit-reset': String(q.reset),
    'x-ratelimit-used': String(q.used), 'x-ratelimit-resource': q.resource,
  };
}
