// Token buckets per (identity, bucket): the per-principal throttling Power BI, Fabric and DNS
// providers apply, answered as 429 + Retry-After by the server. Off unless limits are set.
// Time comes from the emulator clock so refills are testable without waiting.

import type { Clock } from './clock.ts';
import type { BucketLimit, RateLimits } from './types.ts';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes one token from the identity's bucket, or says how long until one is available. */
  take(identityKey: string, bucket: string): RateDecision;
  configure(limits: RateLimits): void;
  limits(): RateLimits;
}

export function validateRateLimits(limits: RateLimits): void {
  if (typeof limits !== 'object' || limits === null) throw new Error('rate limits must map bucket names to limits');
  for (const [name, limit] of Object.entries(limits)) {
    if (!(limit && limit.capacity >= 1 && limit.refillPerSecond > 0)) {
      throw new Error(`bucket ${name}: capacity must be >= 1 and refillPerSecond > 0`);
    }
  }
}

export function createRateLimiter(clock: Clock, initial: RateLimits = {}): RateLimiter {
  let limits: RateLimits = {};
  let buckets = new Map<string, { tokens: number; updatedAt: number }>();
  const configure = (next: RateLimits) => {
    validateRateLimits(next);
    limits = { ...next };
    buckets = new Map();
  };
  configure(initial);

  return {
    configure,
    limits: () => ({ ...limits }),
    take(identityKey, bucketName) {
      const limit: BucketLimit | undefined = limits[bucketName];
      if (!limit) return { allowed: true };
      const key = `${bucketName}\u0000${identityKey}`;
      const now = clock.now();
      const bucket = buckets.get(key) ?? { tokens: limit.capacity, updatedAt: now };
      bucket.tokens = Math.min(limit.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * limit.refillPerSecond);
      bucket.updatedAt = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / limit.refillPerSecond)) };
    },
  };
}

/**
 * A service's quota of `perMinute` calls as a bucket: a minute's calls at once, refilled at the
 * quota's rate. `scale` below 1 runs the emulator tighter than the service documents (0.75: 25%).
 */
export function perMinuteBucket(perMinute: number, scale = 1): BucketLimit {
  const limit = perMinute * scale;
  return { capacity: Math.max(1, Math.floor(limit)), refillPerSecond: limit / 60 };
}
