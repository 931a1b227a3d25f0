// How the emulated Power BI throttles: per caller, answering 429 with Retry-After, as the service
// does (https://learn.microsoft.com/en-us/rest/api/power-bi/). Power BI publishes no per-minute
// figure; users report 429s above about 60 calls a minute
// (https://community.fabric.microsoft.com/t5/Developer/Service-principal-profile-throttle-limits/td-p/4775573),
// and whether a service principal profile has a budget of its own is not documented, so both
// readings are selectable: per profile (the optimistic one) or per principal.
// Admin APIs document figures of their own: `admin/capacities/{id}/refreshables` allows 200
// requests an hour (https://learn.microsoft.com/en-us/rest/api/power-bi/admin/get-refreshables-for-capacity),
// a bucket of its own for that route.
import { perMinuteBucket } from '../http/index.ts';
import type { RateLimits } from '../http/index.ts';
import { REFRESHABLES_BUCKET } from './routes-admin.ts';

export interface PowerBiThrottling {
  /** Whose budget a profile's calls draw from; default `profile`. */
  per?: 'profile' | 'principal';
  /** Calls a minute per budget; default 60 (the reported figure). */
  perMinute?: number;
  /** Below 1 runs tighter than `perMinute` (0.75: 25% tighter); default 1. */
  scale?: number;
}

export const POWER_BI_REPORTED_PER_MINUTE = 60;
/** `admin/capacities/{id}/refreshables`: "Maximum 200 requests per hour". */
export const REFRESHABLES_PER_HOUR = 200;

export function powerBiRateLimits(throttling: PowerBiThrottling): RateLimits {
  const hourly = REFRESHABLES_PER_HOUR * (throttling.scale ?? 1);
  return {
    default: perMinuteBucket(throttling.perMinute ?? POWER_BI_REPORTED_PER_MINUTE, throttling.scale),
    // An hour's calls at once, refilled at the documented rate (as perMinuteBucket does per minute).
    [REFRESHABLES_BUCKET]: { capacity: Math.max(1, Math.floor(hourly)), refillPerSecond: hourly / 3600 },
  };
}
