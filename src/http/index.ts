// http: the one undici-based client every remote service goes through, with its retry policy
// and its rate budgets (per identity or per endpoint).
export { createHttpClient, createSharedAgent, describeErrorBody, type SharedAgent, type HttpClient, type HttpClientOptions, type HttpResponse, type RequestOptions } from './client.ts';
export { createRateLimiter, type Budget, type RateBudgetStore, type RateLimiter, type RateLimiterOptions } from './rate-limit.ts';
export { DOCUMENTED_LIMITS, type DocumentedLimit } from './limits.ts';
export { backoffDelay, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry.ts';
