// http: the one undici-based client every remote service goes through, with its retry policy
// and per-identity rate limiting.
export { createHttpClient, createSharedAgent, describeErrorBody, type SharedAgent, type HttpClient, type HttpClientOptions, type HttpResponse, type RequestOptions } from './client.ts';
export { createTokenBucket, RateLimiterRegistry, type TokenBucket, type TokenBucketOptions } from './rate-limit.ts';
export { backoffDelay, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry.ts';
