// The rate limits the services document, with the page beside each: what a client may assume of
// an identity's (or an endpoint's) budget. A budget is the service's, so parallel processes share
// it (RateBudgetStore); where a figure is not published we say so and keep a reported one.

export interface DocumentedLimit {
  /** Calls per minute the service allows to one `per`. */
  perMinute: number;
  /** Who the budget belongs to. */
  per: 'identity' | 'endpoint';
  /** Where the figure comes from. */
  source: string;
}

export const DOCUMENTED_LIMITS = {
  /**
   * Fabric throttles per identity (user or service principal) and is rolling out a unified quota of
   * 200 calls a minute per identity for its platform APIs (long-running operations have a quota of
   * their own); 429 with Retry-After. Profiles cannot call Fabric REST, so a fleet shares the
   * principal's quota. https://learn.microsoft.com/en-us/rest/api/fabric/articles/throttling
   */
  fabric: { perMinute: 200, per: 'identity', source: 'https://learn.microsoft.com/en-us/rest/api/fabric/articles/throttling' },
  /**
   * Power BI REST answers 429 with Retry-After per caller and publishes no general per-minute figure
   * (https://learn.microsoft.com/en-us/rest/api/power-bi/); whether a service principal profile has
   * a budget of its own is not documented. Users report 429s above about 60 calls a minute
   * (https://community.fabric.microsoft.com/t5/Developer/Service-principal-profile-throttle-limits/td-p/4775573).
   */
  powerbi: { perMinute: 60, per: 'identity', source: 'https://learn.microsoft.com/en-us/rest/api/power-bi/' },
  /**
   * GoDaddy: 60 requests a minute per endpoint, 429 with `retryAfterSec` in the body.
   * https://developer.godaddy.com/getstarted (Rate limiting)
   */
  godaddy: { perMinute: 60, per: 'endpoint', source: 'https://developer.godaddy.com/getstarted' },
} as const satisfies Record<string, DocumentedLimit>;
