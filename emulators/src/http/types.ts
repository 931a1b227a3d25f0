// The vocabulary of the emulator framework: routes and their handlers, the request a handler
// sees, the response it returns, and the test controls (faults, latency, rate limits, request
// log, exchange observers). Emulators (Entra, Power BI, Fabric, ...) are written against these.

import type { Clock } from './clock.ts';

/** Who made a call, as the emulator's `authenticate` hook (or a handler) established it. */
export interface Identity {
  /** Stable key for per-identity rate limits and the request log (e.g. the SP object id + profile). */
  key: string;
  /** Whose rate budget the call draws from when it is not `key`'s (Power BI throttled per principal). */
  rateKey?: string;
  tenantId?: string;
  appId?: string;
  /** Object id of the calling service principal. */
  oid?: string;
  /** Power BI service principal profile, when the call carried one. */
  profileId?: string;
}

export interface EmulatorRequest {
  method: string;
  /** The path without the query, percent-encoded as received. */
  path: string;
  /** Path template parameters, decoded, in the case the client sent them. */
  params: Record<string, string>;
  /** First value of each query parameter (`url.searchParams` has them all). */
  query: Record<string, string>;
  url: URL;
  /** Lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The raw body (multipart uploads read it as is). */
  body: Buffer;
  /** The body as JSON; throws an EmulatorRequestError (400) when it is not JSON. */
  json<T = unknown>(): T;
  /** The body as `application/x-www-form-urlencoded`. */
  form(): URLSearchParams;
  /** Set by the emulator's `authenticate` hook; undefined for anonymous routes. */
  identity?: Identity;
  /** The id this exchange is answered with (also in the request-id response headers). */
  requestId: string;
  /** `https://host:port` as the client addressed it (from the Host header). */
  origin: string;
  /** The emulator's clock: use it for every timestamp and every wait. */
  clock: Clock;
  /**
   * A named asynchronous duration (e.g. `import.publishing`) under the current latency profile:
   * 0 with `instant`, the profile's value times its scale with `realistic`.
   */
  durationOf(name: string, realisticMs?: number): number;
}

/** A JSON object/array body is serialised; a string or Buffer is sent as is. */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Who the call turned out to be, when the handler (not `authenticate`) knows it, e.g. a token request's client id. */
  identity?: Identity;
}

export type Handler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

export interface Route {
  /** Stable name used by faults, latency tables, rate-limit buckets and the request log, e.g. `reports.clone`. */
  name: string;
  method: string;
  /** Template such as `/v1.0/myorg/groups/{groupId}/reports/{reportId}/Clone`; a `{param}` is one whole segment. */
  path: string;
  handler: Handler;
  /** Skip the emulator's `authenticate` hook (discovery documents, token endpoints). Default false. */
  anonymous?: boolean;
  /** Rate-limit bucket this route draws from; default `default`. */
  bucket?: string;
}

/** What the framework asks an emulator to render in its own error envelope. */
export interface ErrorDetails {
  status: number;
  /** A framework code: `RouteNotFound`, `MethodNotAllowed`, `RequestBodyTooLarge`, `InvalidRequest`,
   *  `TooManyRequests`, `InternalServerError`, `ServiceUnavailable`, or a code from a fault rule / handler. */
  code: string;
  message: string;
  requestId: string;
  /** Seconds, for 429 / 503. */
  retryAfter?: number;
}

export type ErrorRenderer = (error: ErrorDetails) => EmulatorResponse;

export type FaultKind = 'status' | 'reset' | 'timeout' | 'delay';

/**
 * A deterministic fault. Targeted mode: call k (1-based count of calls matching `route`) fails
 * when k >= nth (default: `every`, else 1), (k - nth) is a multiple of `every` (default 1) and
 * fewer than `times` failures happened (default 1 when `nth` is set without `every`, else unlimited).
 * "First call fails, the retry succeeds" is `{ nth: 1, times: 1 }`.
 * Seeded mode (`seed` set): each matching call fails with `probability`, kind drawn from `kinds`,
 * from a mulberry32 stream, so the same seed fails the same call numbers in the same order.
 */
export interface FaultRule {
  /** A route name, or `METHOD /path/glob` (`*` one segment, `**` any depth; method `*` any). Default: every route. */
  route?: string;
  kind?: FaultKind;
  nth?: number;
  every?: number;
  times?: number;
  /** For `status`: default 500. */
  status?: number;
  /** Error code for the emulator's envelope; default derived from the status. */
  code?: string;
  message?: string;
  /** Seconds; sent as `Retry-After` with `status` faults. */
  retryAfter?: number;
  /** For `delay`: how long the answer is held, on the emulator clock. */
  delayMs?: number;
  /** `before` (default): the call has no effect. `after`: the handler runs (state changes), then the fault replaces the answer. */
  when?: 'before' | 'after';
  seed?: number;
  probability?: number;
  kinds?: FaultKind[];
}

export interface FaultRuleState extends FaultRule {
  id: number;
  /** Calls that matched the rule's route so far. */
  matched: number;
  /** Calls the rule failed so far. */
  fired: number;
  /** The call numbers (1-based, per rule) it failed. */
  firedAt: number[];
}

/** `instant`: no artificial latency. `realistic`: per-route milliseconds from the emulator's table, times `scale`. */
export interface LatencySetting {
  profile: 'instant' | 'realistic';
  /** Multiplies every latency and duration; default 1. */
  scale?: number;
  /** Overrides of the emulator's route latencies (route name → ms). */
  routes?: Record<string, number>;
  /** Overrides of the emulator's named durations (name → ms). */
  durations?: Record<string, number>;
}

/** The realistic numbers of one emulator: data, so they are reviewable and documented. */
export interface LatencyTable {
  /** Milliseconds for a route absent from `routes`; default 0. */
  defaultMs?: number;
  routes?: Record<string, number>;
  /** Named asynchronous durations (operation run times, assignment delays). */
  durations?: Record<string, number>;
}

export interface BucketLimit {
  /** Tokens a fresh bucket holds (the burst). */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/** Bucket name → limit. A route draws from its `bucket` (default `default`); an unlisted bucket is unlimited. */
export type RateLimits = Record<string, BucketLimit>;

/** One line of the request log: never a body, never a header value. */
export interface RequestLogEntry {
  seq: number;
  /** ISO time on the emulator clock. */
  time: string;
  method: string;
  path: string;
  /** Query with secret-bearing parameters replaced by `***`. */
  query?: Record<string, string>;
  route?: string;
  status: number;
  identity?: Identity;
  requestId: string;
  /** The fault kind injected into this call, if any. */
  fault?: FaultKind;
}

/** A whole exchange, for observers such as an OpenAPI conformance check (in-process only, never logged). */
export interface Exchange {
  seq: number;
  route?: string;
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  status: number;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  /** Parsed JSON when the request said JSON, else the raw Buffer (empty for no body). */
  requestBody: unknown;
  /** The handler's body (object, string or Buffer); undefined for none. */
  responseBody: unknown;
  requestId: string;
  identity?: Identity;
  fault?: FaultKind;
}

export type ExchangeObserver = (exchange: Exchange) => void;

/** The operations shared by the admin API and the in-process Emulator object. */
export interface EmulatorControls {
  state(): unknown;
  requests(): RequestLogEntry[];
  clearRequests(): void;
  addFaults(rules: FaultRule[]): FaultRuleState[];
  clearFaults(): void;
  faults(): FaultRuleState[];
  setLatency(setting: LatencySetting): void;
  latency(): LatencySetting;
  setRateLimits(limits: RateLimits): void;
  rateLimits(): RateLimits;
}

/**
 * How a resource emulator checks a bearer token: the shape of the Entra emulator's
 * `verifyAccessToken`, so Power BI and Fabric take it without importing Entra.
 */
export type TokenVerifier = (
  authorization: string | undefined,
  options: { audience: string | string[]; now?: number },
) => Promise<{ ok: true; identity: { oid: string; appId: string; tenantId: string } } | { ok: false; reason: string; message: string }>;
