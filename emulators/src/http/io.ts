// Node http plumbing for the emulator server: reading a bounded body, normalising headers,
// serialising an EmulatorResponse, and the error a handler throws to answer in the emulator's
// own error envelope.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorResponse, ErrorDetails, ErrorRenderer } from './types.ts';

/**
 * Thrown by handlers (and by `req.json()`) to answer with the emulator's error envelope, e.g.
 * `throw new EmulatorRequestError(404, 'ItemNotFound', 'The requested item was not found')`.
 * It never leaves the emulator: clients see an HTTP answer.
 */
export class EmulatorRequestError extends Error {
  override name = 'EmulatorRequestError';
  readonly status: number;
  readonly code: string;
  readonly retryAfter?: number;
  readonly headers?: Record<string, string>;
  constructor(status: number, code: string, message: string, extra: { retryAfter?: number; headers?: Record<string, string> } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = extra.retryAfter;
    this.headers = extra.headers;
  }
}

/** The envelope used when an emulator supplies none: `{ "error": { "code", "message" } }`. */
export const defaultErrorRenderer: ErrorRenderer = (e) => ({ status: e.status, body: { error: { code: e.code, message: e.message } } });

/** Renders an error in the emulator's envelope and makes sure `Retry-After` is present when due. */
export function renderError(renderer: ErrorRenderer, details: ErrorDetails, extraHeaders?: Record<string, string>): EmulatorResponse {
  const rendered = renderer(details);
  const headers = { ...(rendered.headers ?? {}), ...(extraHeaders ?? {}) };
  if (details.retryAfter !== undefined && !hasHeader(headers, 'retry-after')) headers['Retry-After'] = String(details.retryAfter);
  return { ...rendered, headers };
}

/** A conventional code for a status, for faults that name none. */
export function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict',
    429: 'TooManyRequests', 500: 'InternalServerError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout',
  };
  return codes[status] ?? `Http${status}`;
}

export function hasHeader(headers: Record<string, string>, lowerName: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === lowerName);
}

export function normalizeHeaders(raw: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function firstQueryValues(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in out)) out[k] = v;
  return out;
}

/** Reads the whole body; `undefined` when it exceeds `maxBytes` (the rest is drained and dropped). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface SerializedResponse {
  status: number;
  headers: Record<string, string>;
  payload: Buffer;
}

/** JSON for objects and arrays, as-is for strings and Buffers; no body for 204 and 304. */
export function serializeResponse(response: EmulatorResponse, requestIdHeaders: readonly string[], requestId: string): SerializedResponse {
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  for (const name of requestIdHeaders) if (!hasHeader(headers, name.toLowerCase())) headers[name] = requestId;
  let payload: Buffer = Buffer.alloc(0);
  const body = response.body;
  if (response.status !== 204 && response.status !== 304 && body !== undefined) {
    if (Buffer.isBuffer(body)) payload = body;
    else if (typeof body === 'string') {
      payload = Buffer.from(body, 'utf8');
      if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
    } else {
      payload = Buffer.from(JSON.stringify(body), 'utf8');
      if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
    }
  }
  return { status: response.status, headers, payload };
}

export function writeResponse(res: ServerResponse, serialized: SerializedResponse): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(serialized.status, { ...serialized.headers, 'Content-Length': String(serialized.payload.length) });
  res.end(serialized.payload);
}

/** Request body as an observer sees it: parsed JSON when declared JSON, else the raw bytes. */
export function parseForObserver(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return undefined;
  if (contentType && /json/i.test(contentType)) {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      return body;
    }
  }
  return body;
}
