// The one HTTP client every remote service goes through (Power BI, Fabric, DNS providers): base
// URL, bearer token, JSON, timeouts, retries that honour Retry-After, a rate budget per identity or endpoint,
// the service's request id captured, and failures turned into RemoteApiError naming the tenant,
// step, call, status and request id. Bodies are never logged.
import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { RemoteApiError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import type { RateLimiter } from './rate-limit.ts';
import { backoffDelay, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry.ts';

export interface HttpClientOptions {
  /** Names the service in errors and logs: `powerbi`, `fabric`, `godaddy`. */
  service: string;
  baseUrl: string;
  /** Bearer token source, asked before every attempt (the credential caches and refreshes). */
  token?: () => Promise<string>;
  /** Sent with every call (e.g. `X-PowerBI-Profile-Id`, `Authorization: sso-key ...`). */
  headers?: Record<string, string>;
  /** Extra CA to trust (the sandbox's); default: the system's. */
  ca?: string;
  retry?: Partial<RetryPolicy>;
  /** Per attempt; default 100 s, Power BI's own gateway timeout. */
  timeoutMs?: number;
  /** Every attempt waits for its turn in this limiter's budget for `rateLimitKey`. */
  rateLimit?: RateLimiter;
  /**
   * The budget this client's calls share: an identity (Power BI, Fabric). Default: each call its
   * own, named as in errors (`PUT /v1/domains/{domain}/records/{type}/{name}`), i.e. per endpoint.
   */
  rateLimitKey?: string;
  /** Response headers carrying the request id, first found wins. */
  requestIdHeaders?: string[];
  /** Tenant and step, for error messages. */
  context?: { tenant?: string; step?: string };
  log?: Logger;
  /** Injected for tests: waits and "now". */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** The connection pool to use; clients of one service share one (default: a pool per client, trusting `ca`). */
  agent?: SharedAgent;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Raw body (e.g. multipart); `body` is sent as JSON otherwise. */
  rawBody?: Buffer | string;
  headers?: Record<string, string>;
  /** Statuses that are success; default any 2xx. */
  expect?: number[];
  /** Safe to repeat after a 5xx or a lost connection (GET, PUT of a whole set, DELETE). Default: GET/HEAD/PUT/DELETE. */
  idempotent?: boolean;
  /** Names the call in errors when the path holds ids, e.g. `POST /groups/{id}/reports/{id}/Clone`. */
  call?: string;
  /** The resource key, for errors. */
  resource?: string;
  signal?: AbortSignal;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
  requestId?: string;
  attempts: number;
}

export interface HttpClient {
  readonly service: string;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  /** Calls made (attempts included), by method, for tests and the no-op re-run check. */
  readonly counts: { reads: number; writes: number };
  withContext(context: { tenant?: string; step?: string }): HttpClient;
}

/** A turn in the budget this long after the bearer token was asked for asks for it again. */
const TOKEN_RECHECK_MS = 1000;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const DEFAULT_REQUEST_ID_HEADERS = ['requestid', 'x-ms-request-id', 'request-id', 'x-request-id', 'cf-ray'];

/**
 * undici is loaded on the first call, not at start-up: validation and offline plans never make one,
 * and the module costs about 11 MB of a run's memory.
 */
let undici: Promise<typeof import('undici')> | undefined;
const loadUndici = () => (undici ??= import('undici'));

/** A connection pool made on first use and closed with the run. */
export interface SharedAgent {
  get(): Promise<Dispatcher>;
  close(): Promise<void>;
}

/** A pool trusting `ca` as well as the system's CAs; without one, undici's global pool. */
export function createSharedAgent(ca?: string): SharedAgent {
  let agent: Promise<Dispatcher> | undefined;
  return {
    get: () => (agent ??= loadUndici().then((u) => (ca ? new u.Agent({ connect: { ca } }) : u.getGlobalDispatcher()))),
    close: async () => {
      if (agent && ca) await (await agent).close();
    },
  };
}

export function createHttpClient(options: HttpClientOptions, shared?: { counts: HttpClient['counts']; agent: SharedAgent }): HttpClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const now = options.now ?? Date.now;
  const agent = shared?.agent ?? options.agent ?? createSharedAgent(options.ca);
  const idHeaders = (options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS).map((h) => h.toLowerCase());
  // Shared with the clients withContext derives, so a run's counts cover all of them.
  const counts = shared?.counts ?? { reads: 0, writes: 0 };

  const client: HttpClient = {
    service: options.service,
    counts,
    withContext: (context) => createHttpClient({ ...options, context: { ...options.context, ...context } }, { counts, agent }),
    async request<T>(method: string, path: string, req: RequestOptions = {}): Promise<HttpResponse<T>> {
      const verb = method.toUpperCase();
      const url = buildUrl(options.baseUrl, path, req.query);
      const call = `${verb} ${req.call ?? url.pathname}`;
      const idempotent = req.idempotent ?? IDEMPOTENT.has(verb);
      const failure = (status: number | undefined, detail: string, code?: string, requestId?: string) =>
        new RemoteApiError({ service: options.service, call, status, code, requestId, tenant: options.context?.tenant, step: options.context?.step, resource: req.resource }, detail);
      let waited = 0;
      // A 429 (or a busy status) is the service pacing us, not a failed attempt: when a fleet's calls outrun a
      // budget the client believed bigger, a call can meet several in a row while its neighbours
      // get through. Those replies are bounded by maxThrottledReplies and the total wait, so only
      // real failures spend `maxAttempts`.
      let throttledReplies = 0;
      for (let attempt = 1; ; attempt++) {
        const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...req.headers };
        if (options.token) headers.authorization = `Bearer ${await options.token()}`;
        let payload: Buffer | string | undefined = req.rawBody;
        if (payload === undefined && req.body !== undefined) {
          payload = JSON.stringify(req.body);
          headers['content-type'] ??= 'application/json';
        }
        const [{ request }, dispatcher] = await Promise.all([loadUndici(), agent.get()]);
        // The budget's token is taken last, once nothing but the call itself is left to wait for: a
        // token taken before a slow first import or token request would let the calls queued
        // behind it reach the service bunched together, over the budget.
        const turn = now();
        await options.rateLimit?.take(options.rateLimitKey ?? call, req.signal);
        // A fleet bound by its budget waits minutes for a turn: the bearer token asked before
        // may have expired since. Ask again (the source answers from its cache unless it renews).
        if (options.token && now() - turn >= TOKEN_RECHECK_MS) headers.authorization = `Bearer ${await options.token()}`;
        if (verb === 'GET' || verb === 'HEAD') counts.reads++;
        else counts.writes++;
        const started = now();
        let res: Dispatcher.ResponseData;
        try {
          res = await request(url, {
            method: verb as Dispatcher.HttpMethod,
            headers,
            body: payload,
            dispatcher,
            signal: req.signal,
            headersTimeout: options.timeoutMs ?? 100_000,
            bodyTimeout: options.timeoutMs ?? 100_000,
          });
        } catch (err) {
          if (req.signal?.aborted) throw err;
          const retry = idempotent && attempt < policy.maxAttempts;
          const wait = backoffDelay(attempt, policy);
          options.log?.debug(`${options.service} ${call} → ${(err as Error).message}${retry ? `; retrying in ${wait} ms` : ''}`);
          if (!retry || waited + wait > policy.maxTotalDelayMs) throw failure(undefined, (err as Error).message);
          waited += wait;
          await sleep(wait, req.signal);
          continue;
        }
        const resHeaders = flattenHeaders(res.headers);
        const requestId = idHeaders.map((h) => resHeaders[h]).find(Boolean);
        const text = await res.body.text();
        const body = parseBody(text, resHeaders['content-type']);
        options.log?.debug(`${options.service} ${call} → ${res.statusCode} in ${Math.round(now() - started)} ms${requestId ? ` (request id ${requestId})` : ''}`);
        const ok = req.expect ? req.expect.includes(res.statusCode) : res.statusCode >= 200 && res.statusCode < 300;
        if (ok) return { status: res.statusCode, headers: resHeaders, body: body as T, requestId, attempts: attempt };
        // A busy status (GoDaddy's 409 edit lock) is pacing too: the service did nothing, and
        // tenants editing one zone at once each wait for the others' edits in turn.
        const paced = res.statusCode === 429 || policy.busyStatuses.includes(res.statusCode);
        if (paced) throttledReplies++;
        const attemptsLeft = paced ? throttledReplies <= policy.maxThrottledReplies : attempt - throttledReplies < policy.maxAttempts;
        if (isRetryableStatus(res.statusCode, idempotent, policy.busyStatuses) && attemptsLeft) {
          const wait = Math.min(policy.maxDelayMs, parseRetryAfter(resHeaders['retry-after'], now()) ?? retryAfterFromBody(body) ?? backoffDelay(attempt, policy));
          if (waited + wait <= policy.maxTotalDelayMs) {
            options.log?.debug(`${options.service} ${call}: ${res.statusCode}, waiting ${wait} ms (attempt ${attempt}/${policy.maxAttempts})`);
            waited += wait;
            await sleep(wait, req.signal);
            continue;
          }
        }
        const { code, message } = describeErrorBody(body, resHeaders);
        throw failure(res.statusCode, message ?? `unexpected status`, code, requestId);
      }
    },
  };
  return client;
}

function buildUrl(base: string, path: string, query?: RequestOptions['query']): URL {
  const url = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function parseBody(text: string, contentType = ''): unknown {
  if (!text) return undefined;
  if (contentType.includes('json') || /^[[{]/.test(text.trimStart())) {
    try {
      return JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      return text;
    }
  }
  return text;
}

/** GoDaddy puts the wait in its body (`retryAfterSec`) rather than a header. */
function retryAfterFromBody(body: unknown): number | undefined {
  const sec = (body as { retryAfterSec?: unknown } | undefined)?.retryAfterSec;
  return typeof sec === 'number' ? sec * 1000 : undefined;
}

/**
 * The error code and message of the shapes our services use: Power BI `{error: {code, message}}`
 * (and `pbi.error`), Fabric `{errorCode, message}` plus `x-ms-public-api-error-code`, GoDaddy
 * `{code, message}`, Cloudflare `{errors: [{code, message}]}`, ARM `{error: {code, message}}`.
 */
export function describeErrorBody(body: unknown, headers: Record<string, string> = {}): { code?: string; message?: string } {
  const b = (body ?? {}) as Record<string, any>;
  const code =
    headers['x-ms-public-api-error-code'] ?? b.errorCode ?? b.error?.code ?? b.error?.['pbi.error']?.code ?? b.errors?.[0]?.code ?? b.code;
  const message = b.message ?? b.error?.message ?? b.errors?.[0]?.message ?? (typeof body === 'string' ? body.slice(0, 300) : undefined);
  return { code: code === undefined ? undefined : String(code), message: message === undefined ? undefined : String(message) };
}

