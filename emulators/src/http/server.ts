// The emulator server: one HTTP(S) listener on loopback that routes calls to an emulator's
// handlers and wraps them in the behaviour every emulated service shares — request ids, a
// request log, deterministic faults, latency profiles, per-identity rate limits, an admin API
// and exchange observers. Order per call: route → body → fault (before) → latency →
// authenticate → rate limit → handler → fault (after) → answer → log → observers.

import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { stderrLogger, type EmulatorLogger } from '../logger.ts';
import { buildAdminRoutes } from './admin.ts';
import { systemClock, type Clock } from './clock.ts';
import { createFaultInjector, type FaultDecision } from './faults.ts';
import {
  codeForStatus, defaultErrorRenderer, EmulatorRequestError, firstQueryValues, normalizeHeaders, parseForObserver,
  readBody, renderError, serializeResponse, writeResponse,
} from './io.ts';
import { createLatencyController } from './latency.ts';
import { createRateLimiter } from './rate-limit.ts';
import { createRequestLog, redactQuery } from './request-log.ts';
import { createRouter } from './router.ts';
import type {
  EmulatorControls, EmulatorRequest, EmulatorResponse, ErrorRenderer, ExchangeObserver, FaultKind, FaultRule, FaultRuleState, Identity,
  LatencySetting, LatencyTable, RateLimits, RequestLogEntry, Route,
} from './types.ts';

export interface EmulatorOptions {
  /** Short name, used in logs (`powerbi`, `fabric`, `entra`). */
  name: string;
  routes: Route[];
  /** Serve HTTPS with this key and certificate (`createTlsMaterial`). Omitted: plain HTTP. */
  tls?: { key: string; cert: string };
  /** Renders framework and fault errors in the service's envelope. Default `{ error: { code, message } }`. */
  errors?: ErrorRenderer;
  /** Response headers that carry the request id, e.g. `['RequestId']` for Power BI. Default `['x-ms-request-id']`. */
  requestIdHeaders?: string[];
  /** Match literal path segments case-insensitively (Power BI does). Default false. */
  caseInsensitivePaths?: boolean;
  /** Establishes the caller for non-anonymous routes: an Identity, a refusal (e.g. 401/403), or undefined for none. */
  authenticate?: (req: EmulatorRequest) => Identity | EmulatorResponse | undefined | Promise<Identity | EmulatorResponse | undefined>;
  /** The JSON dump served by `GET /_admin/state` (keep secrets out of it). */
  state?: () => unknown;
  /** Default the system clock; tests pass a virtual clock. */
  clock?: Clock;
  /** The emulator's realistic latencies (used when the profile is `realistic`). */
  latencyTable?: LatencyTable;
  /** Initial profile; default `{ profile: 'instant' }`. */
  latency?: LatencySetting;
  faults?: FaultRule[];
  /** Initial rate limits; default none (unlimited). */
  rateLimits?: RateLimits;
  /** Largest request body accepted (413 beyond); default 64 MiB. */
  maxBodyBytes?: number;
  /** Emulator-specific admin routes; their paths must start with `/_admin/`. */
  adminRoutes?: Route[];
  onExchange?: ExchangeObserver;
  /** Where handler crashes are reported; default a console logger on stderr. */
  logger?: EmulatorLogger;
  /** Default 127.0.0.1 and 0 (a free port). */
  host?: string;
  port?: number;
  /** How many of the newest requests `requests()` keeps; default 10,000 (a benchmark of a whole fleet counts more). */
  requestLogCapacity?: number;
}

/** The options a service takes from its caller and hands to the framework as they are. */
export type ServiceOptions = Pick<EmulatorOptions, 'tls' | 'clock' | 'latency' | 'faults' | 'onExchange' | 'logger' | 'port' | 'requestLogCapacity'>;

/** Just the ServiceOptions of a service's options (the rest is the service's own business). */
export function serviceOptions(options: ServiceOptions): ServiceOptions {
  const { tls, clock, latency, faults, onExchange, logger, port, requestLogCapacity } = options;
  return { tls, clock, latency, faults, onExchange, logger, port, requestLogCapacity };
}

export interface Emulator extends EmulatorControls {
  name: string;
  /** `http(s)://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  clock: Clock;
  /** Adds an observer of every routed exchange; returns its removal. */
  onExchange(observer: ExchangeObserver): () => void;
  /** Closes the listener and every open connection (including calls held by `timeout` faults). */
  stop(): Promise<void>;
}

interface CallContext {
  seq: number;
  requestId: string;
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
  route?: string;
  identity?: Identity;
  fault?: FaultKind;
}

/** A TCP RST where the socket allows it (plain HTTP); a TLS socket can only be destroyed, which clients see as a closed connection. */
function dropConnection(socket: Socket): void {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? stderrLogger;
  const caseInsensitive = options.caseInsensitivePaths ?? false;
  const renderer = options.errors ?? defaultErrorRenderer;
  const requestIdHeaders = options.requestIdHeaders ?? ['x-ms-request-id'];
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const router = createRouter(options.routes, { caseInsensitive });
  const injector = createFaultInjector({ caseInsensitive });
  const latency = createLatencyController(options.latencyTable ?? {}, options.latency);
  const limiter = createRateLimiter(clock, options.rateLimits);
  const log = createRequestLog(options.requestLogCapacity);
  const observers = new Set<ExchangeObserver>(options.onExchange ? [options.onExchange] : []);
  const heldCalls = new Set<() => void>();
  let seq = 0;
  if (options.faults) injector.add(options.faults);

  const controls: EmulatorControls = {
    state: () => options.state?.() ?? {},
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    addFaults: (rules) => injector.add(rules),
    clearFaults: () => injector.clear(),
    faults: () => injector.list(),
    setLatency: (setting) => latency.set(setting),
    latency: () => latency.get(),
    setRateLimits: (limits) => limiter.configure(limits),
    rateLimits: () => limiter.limits(),
  };
  for (const r of options.adminRoutes ?? []) {
    if (!r.path.startsWith('/_admin/')) throw new Error(`admin route ${r.name} must live under /_admin/: ${r.path}`);
  }
  const adminRouter = createRouter([...buildAdminRoutes(controls), ...(options.adminRoutes ?? [])], { caseInsensitive: false });
  const scheme = options.tls ? 'https' : 'http';
  let port = 0;

  const buildRequest = (ctx: CallContext, url: URL): EmulatorRequest => {
    let parsed: { value: unknown } | undefined;
    return {
      method: ctx.method, path: ctx.path, params: ctx.params, query: ctx.query, url, headers: ctx.headers, body: ctx.body,
      requestId: ctx.requestId, origin: `${scheme}://${ctx.headers.host ?? `127.0.0.1:${port}`}`, clock,
      get identity() {
        return ctx.identity;
      },
      json<T>() {
        if (!parsed) {
          try {
            parsed = { value: JSON.parse(ctx.body.toString('utf8')) };
          } catch {
            throw new EmulatorRequestError(400, 'InvalidRequest', 'The request body is not valid JSON.');
          }
        }
        return parsed.value as T;
      },
      form: () => new URLSearchParams(ctx.body.toString('utf8')),
      durationOf: (name, realisticMs) => latency.duration(name, realisticMs),
    };
  };

  const errorResponse = (ctx: CallContext, status: number, code: string, message: string, retryAfter?: number, headers?: Record<string, string>) =>
    renderError(renderer, { status, code, message, requestId: ctx.requestId, retryAfter }, headers);

  const finish = (ctx: CallContext, res: ServerResponse, response: EmulatorResponse | undefined) => {
    const identity = ctx.identity ?? response?.identity;
    const serialized = response ? serializeResponse(response, requestIdHeaders, ctx.requestId) : undefined;
    if (serialized) writeResponse(res, serialized);
    const status = serialized?.status ?? 0; // 0: no answer (reset or timeout)
    log.append({
      seq: ctx.seq, time: new Date(clock.now()).toISOString(), method: ctx.method, path: ctx.path,
      ...(Object.keys(ctx.query).length ? { query: redactQuery(ctx.query) } : {}),
      route: ctx.route, status, identity, requestId: ctx.requestId, ...(ctx.fault ? { fault: ctx.fault } : {}),
    });
    for (const observer of observers) {
      try {
        observer({
          seq: ctx.seq, route: ctx.route, method: ctx.method, path: ctx.path, params: ctx.params, query: ctx.query, status,
          requestHeaders: ctx.headers, responseHeaders: serialized?.headers ?? {},
          requestBody: parseForObserver(ctx.body, ctx.headers['content-type']), responseBody: response?.body,
          requestId: ctx.requestId, identity, fault: ctx.fault,
        });
      } catch (e) {
        logger.warn(`${options.name}: an exchange observer failed: ${(e as Error).message}`);
      }
    }
  };

  /** Applies a fault; returns the answer to send, or undefined when the connection was dropped or held. */
  const applyFault = async (decision: FaultDecision, ctx: CallContext, req: IncomingMessage, res: ServerResponse, answer?: EmulatorResponse) => {
    const rule = decision.rule;
    ctx.fault = decision.kind;
    switch (decision.kind) {
      case 'status': {
        const status = rule.status ?? 500;
        return { send: errorResponse(ctx, status, rule.code ?? codeForStatus(status), rule.message ?? 'Fault injected by the sandbox.', rule.retryAfter) };
      }
      case 'reset':
        dropConnection(req.socket);
        return { send: undefined };
      case 'timeout':
        // Hold the call until the client gives up (closes) or the emulator stops.
        await new Promise<void>((resolve) => {
          const release = () => {
            heldCalls.delete(release);
            resolve();
          };
          heldCalls.add(release);
          res.once('close', release);
        });
        return { send: undefined };
      case 'delay':
        await clock.sleep(rule.delayMs ?? 0);
        return { send: answer, proceed: true };
    }
  };

  const handleRouted = async (ctx: CallContext, url: URL, req: IncomingMessage, res: ServerResponse, route: Route) => {
    const decision = injector.decide({ method: ctx.method, path: ctx.path, route: route.name });
    if (decision && decision.rule.when !== 'after') {
      const outcome = await applyFault(decision, ctx, req, res);
      if (!outcome.proceed) return finish(ctx, res, outcome.send);
    }
    const delay = latency.routeDelay(route.name);
    if (delay > 0) await clock.sleep(delay);
    const request = buildRequest(ctx, url);
    let response: EmulatorResponse;
    try {
      response = await runHandler(ctx, request, route);
    } catch (e) {
      response = toErrorResponse(ctx, e);
    }
    if (decision && decision.rule.when === 'after') {
      const outcome = await applyFault(decision, ctx, req, res, response);
      return finish(ctx, res, outcome.send);
    }
    finish(ctx, res, response);
  };

  const runHandler = async (ctx: CallContext, request: EmulatorRequest, route: Route): Promise<EmulatorResponse> => {
    if (!route.anonymous && options.authenticate) {
      const result = await options.authenticate(request);
      if (result && 'status' in result) return result;
      ctx.identity = result;
    }
    const decision = limiter.take(ctx.identity?.rateKey ?? ctx.identity?.key ?? 'anonymous', route.bucket ?? 'default');
    if (!decision.allowed) {
      return errorResponse(ctx, 429, 'TooManyRequests', `Rate limit exceeded. Retry in ${decision.retryAfterSeconds} seconds.`, decision.retryAfterSeconds);
    }
    return route.handler(request);
  };

  const toErrorResponse = (ctx: CallContext, e: unknown): EmulatorResponse => {
    if (e instanceof EmulatorRequestError) return errorResponse(ctx, e.status, e.code, e.message, e.retryAfter, e.headers);
    logger.error(`${options.name}: handler ${ctx.route} crashed on ${ctx.method} ${ctx.path}: ${(e as Error).stack ?? e}`);
    return errorResponse(ctx, 500, 'InternalServerError', 'The emulator failed to handle the request.');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `${scheme}://127.0.0.1:${port}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const isAdmin = url.pathname === '/_admin' || url.pathname.startsWith('/_admin/');
    const ctx: CallContext = {
      seq: isAdmin ? 0 : ++seq, requestId: randomUUID(), method, path: url.pathname, params: {},
      query: firstQueryValues(url.searchParams), headers: normalizeHeaders(req.headers), body: Buffer.alloc(0),
    };
    const body = await readBody(req, maxBodyBytes);
    if (isAdmin) return handleAdmin(ctx, url, res, body);
    const match = router.match(method, url.pathname);
    if (match.kind === 'found') {
      ctx.route = match.route.name;
      ctx.params = match.params;
    }
    if (body === undefined) {
      return finish(ctx, res, errorResponse(ctx, 413, 'RequestBodyTooLarge', `The request body exceeds ${maxBodyBytes} bytes.`));
    }
    ctx.body = body;
    if (match.kind === 'not-found') return finish(ctx, res, errorResponse(ctx, 404, 'RouteNotFound', `No route for ${method} ${url.pathname}.`));
    if (match.kind === 'method-not-allowed') {
      return finish(ctx, res, errorResponse(ctx, 405, 'MethodNotAllowed', `${method} is not allowed on ${url.pathname}.`, undefined, { Allow: match.allowed.join(', ') }));
    }
    await handleRouted(ctx, url, req, res, match.route);
  };

  const handleAdmin = async (ctx: CallContext, url: URL, res: ServerResponse, body: Buffer | undefined) => {
    const match = adminRouter.match(ctx.method, ctx.path);
    let response: EmulatorResponse;
    if (body === undefined) response = { status: 413, body: { error: 'request body too large' } };
    else if (match.kind !== 'found') response = { status: match.kind === 'not-found' ? 404 : 405, body: { error: `no admin operation ${ctx.method} ${ctx.path}` } };
    else {
      ctx.body = body;
      ctx.params = match.params;
      try {
        response = await match.route.handler(buildRequest(ctx, url));
      } catch (e) {
        response = e instanceof EmulatorRequestError ? { status: e.status, body: { error: e.message } } : { status: 500, body: { error: String(e) } };
      }
    }
    writeResponse(res, serializeResponse(response, [], ctx.requestId));
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e) => {
      logger.error(`${options.name}: ${(e as Error).stack ?? e}`);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500);
        res.end();
      }
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : createHttpServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';

  return {
    ...controls,
    name: options.name,
    url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    clock,
    onExchange(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const release of [...heldCalls]) release();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
