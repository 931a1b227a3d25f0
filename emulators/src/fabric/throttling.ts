// How the emulated Fabric throttles: per identity (user or service principal; profiles cannot
// call Fabric REST, so a fleet's profiles all draw on the principal's budget), 429 with
// Retry-After. Microsoft's unified quota is 200 calls a minute per identity for the platform APIs
// (https://learn.microsoft.com/en-us/rest/api/fabric/articles/throttling).
import { perMinuteBucket } from '../http/index.ts';
import type { RateLimits } from '../http/index.ts';

export interface FabricThrottling {
  /** Calls a minute per identity; default 200 (the unified quota). */
  perMinute?: number;
  /** Below 1 runs tighter than `perMinute` (0.75: 25% tighter); default 1. */
  scale?: number;
}

export const FABRIC_QUOTA_PER_MINUTE = 200;

export function fabricRateLimits(throttling: FabricThrottling): RateLimits {
  return { default: perMinuteBucket(throttling.perMinute ?? FABRIC_QUOTA_PER_MINUTE, throttling.scale) };
}
