// Reads the recorded fabric-cicd trace and undoes what its recorder did to it, so a replay can
// compare each request with the response the service really gave it.
//
// What the recorder did (microsoft/fabric-cicd src/fabric_cicd/_common/_http_tracer.py):
// - `capture_response` attaches a response to the *latest captured request*, so when calls run
//   concurrently a response lands on whichever request was sent last; a request whose response
//   went elsewhere keeps `response: null` or shows a later snapshot of another call's answer;
// - `save` appends the whole capture list to the file on every flush without clearing it, so each
//   exchange appears many times (7,688 entries hold 199 distinct ones), sometimes with the
//   different responses its slot held at different flushes.
//
// The reconstruction: (1) the distinct requests (by timestamp, method, URL, body) and the distinct
// responses; (2) every response is given to the request it answers, judged by content (the
// operation id in its headers, the item id or display name in its body, the kind of call), the
// smallest request→response gap winning; (3) what cannot be attributed is left unanswered.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { TRACE_FILE } from './specs.ts';

export interface RecordedRequest {
  method: string;
  url: URL;
  /** Path with the host stripped, e.g. `/v1/workspaces/<id>/items`. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Epoch ms. */
  time: number;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  time: number;
}

export interface Exchange {
  /** Position of the request's first appearance in the trace file (`#n` in docs and messages). */
  index: number;
  request: RecordedRequest;
  response?: RecordedResponse;
  /** `recorded`: the response the trace attached to it; `reattached`: found on another request; `none`. */
  attribution: 'recorded' | 'reattached' | 'none';
  /**
   * Not written by the recorder: its timestamp is earlier than the entry before it, although the
   * recorder sorts the file by timestamp on every flush (the last entry, #7687, a GET of a
   * mirrored database id that was never created).
   */
  handWritten: boolean;
}

export interface Reconstruction {
  totalEntries: number;
  /** Distinct entries (request + response snapshot). */
  distinctEntries: number;
  exchanges: Exchange[];
  /** Distinct responses no request could be found for. */
  orphanResponses: RecordedResponse[];
  /** Recorded operation id → the exchange that started it (its POST), when known. */
  operationStarter: Map<string, Exchange>;
  /** Item type → how many entries of the file POST one to `/items` (duplicates included). */
  createEntriesByType: Record<string, number>;
}

/** No call in the trace took longer than 25 s; a response later than this answers another call. */
const MAX_GAP_MS = 60_000;

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

let cached: Reconstruction | undefined;

export function loadTrace(): Reconstruction {
  cached ??= reconstruct(JSON.parse(gunzipSync(readFileSync(TRACE_FILE)).toString('utf8')));
  return cached;
}

/** `GET /v1/workspaces/{id}/items` — the shape of a call, ids replaced. */
export function routeKey(method: string, path: string): string {
  return `${method} ${path.replace(GUID, '{id}').replace(/\/+$/, '')}`;
}

function parseTime(iso: string): number {
  // Python's isoformat: microseconds and +00:00.
  return Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'));
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

function reconstruct(file: { traces: { request: any; response: any }[] }): Reconstruction {
  const requests = new Map<string, Exchange & { attached: RecordedResponse[] }>();
  const responses = new Map<string, RecordedResponse>();
  const seen = new Set<string>();
  let previousTime = '';
  const createEntriesByType: Record<string, number> = {};
  file.traces.forEach((entry, index) => {
    const posted = entry.request?.method === 'POST' && /\/items$/.test(String(entry.request.url)) ? entry.request.body : undefined;
    const postedType = (typeof posted === 'string' ? tryJson(posted) : posted) as { type?: string } | undefined;
    if (postedType?.type) createEntriesByType[postedType.type] = (createEntriesByType[postedType.type] ?? 0) + 1;
    const stamp = String(entry.request?.timestamp ?? '');
    const handWritten = stamp < previousTime;
    previousTime = handWritten ? previousTime : stamp;
    const whole = JSON.stringify(entry);
    if (seen.has(whole)) return;
    seen.add(whole);
    const r = entry.request;
    const reqKey = JSON.stringify([r.timestamp, r.method, r.url, r.body]);
    let ex = requests.get(reqKey);
    if (!ex) {
      const url = new URL(r.url);
      const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : typeof r.body === 'string' ? (r.body ? tryJson(r.body) : undefined) : r.body;
      ex = {
        index, attribution: 'none', attached: [], handWritten,
        request: { method: r.method, url, path: url.pathname, query: Object.fromEntries(url.searchParams), body, time: parseTime(r.timestamp) },
      };
      requests.set(reqKey, ex);
    }
    if (entry.response) {
      const s = entry.response;
      const resKey = JSON.stringify([s.timestamp, s.status_code, s.headers, s.body]);
      let res = responses.get(resKey);
      if (!res) {
        res = { status: s.status_code, headers: s.headers ?? {}, body: s.body, time: parseTime(s.timestamp) };
        responses.set(resKey, res);
      }
      if (!ex.attached.includes(res)) ex.attached.push(res);
    }
  });
  const exchanges = [...requests.values()].sort((a, b) => a.request.time - b.request.time || a.index - b.index);
  const operationStarter = new Map<string, Exchange>();

  // Candidate pairs (request, response) that fit by content, matched by the smallest gap; a
  // pair the recorder itself made wins a tie. Creations (201/202) are matched first so results
  // can be checked against the item their operation created.
  const assign = (filter: (res: RecordedResponse) => boolean) => {
    const pairs: { ex: (typeof exchanges)[number]; res: RecordedResponse; gap: number; own: boolean }[] = [];
    for (const ex of exchanges) {
      if (ex.response) continue;
      for (const res of responses.values()) {
        if (!filter(res) || taken.has(res) || res.time < ex.request.time || res.time - ex.request.time > MAX_GAP_MS) continue;
        if (!fits(ex.request, res, operationStarter)) continue;
        pairs.push({ ex, res, gap: res.time - ex.request.time, own: ex.attached.includes(res) });
      }
    }
    pairs.sort((a, b) => a.gap - b.gap || Number(b.own) - Number(a.own));
    for (const p of pairs) {
      if (p.ex.response || taken.has(p.res)) continue;
      p.ex.response = p.res;
      p.ex.attribution = p.own ? 'recorded' : 'reattached';
      taken.add(p.res);
      const op = header(p.res.headers, 'x-ms-operation-id');
      if (op && p.res.status === 202) operationStarter.set(op.toLowerCase(), p.ex);
    }
  };
  const taken = new Set<RecordedResponse>();
  assign((res) => res.status === 201 || res.status === 202);
  inferMissingStarters(exchanges, responses, operationStarter);
  assign(() => true);

  return {
    totalEntries: file.traces.length,
    distinctEntries: seen.size,
    exchanges: exchanges.map(({ attached: _attached, ...ex }) => ex),
    orphanResponses: [...responses.values()].filter((r) => !taken.has(r)),
    operationStarter,
    createEntriesByType,
  };
}

/**
 * An operation whose 202 was lost (overwritten before any flush) is still polled and still yields
 * a result. Its starter is one of the creates left without a response: they are paired first in,
 * first out, each operation (by its createdTimeUtc) with the earliest such create sent before it.
 */
function inferMissingStarters(exchanges: Exchange[], responses: Map<string, RecordedResponse>, starters: Map<string, Exchange>): void {
  const opTime = new Map<string, number>();
  for (const ex of exchanges) {
    const m = /^\/v1\/operations\/([^/]+)/i.exec(ex.request.path);
    if (m && !opTime.has(m[1].toLowerCase())) opTime.set(m[1].toLowerCase(), ex.request.time);
  }
  for (const res of responses.values()) {
    const op = header(res.headers, 'x-ms-operation-id')?.toLowerCase();
    const created = (res.body as any)?.createdTimeUtc;
    if (op && typeof created === 'string') opTime.set(op, Date.parse(created.replace(/(\.\d{3})\d+/, '$1') + 'Z'));
  }
  const claimed = new Set(starters.values());
  const unclaimed = exchanges.filter((ex) => isCreate(ex.request) && !ex.response && !claimed.has(ex));
  const orphans = [...opTime.entries()].filter(([op]) => !starters.has(op)).sort((a, b) => a[1] - b[1]);
  for (const [op, time] of orphans) {
    const post = unclaimed.find((p) => p.request.time <= time);
    if (!post) continue;
    starters.set(op, post);
    unclaimed.splice(unclaimed.indexOf(post), 1);
  }
}

function isCreate(req: RecordedRequest): boolean {
  return req.method === 'POST' && /^\/v1\/workspaces\/[^/]+\/items$/i.test(req.path);
}

function isItemBody(body: unknown): body is { id: string; type: string; displayName: string } {
  return !!body && typeof body === 'object' && typeof (body as any).id === 'string' && typeof (body as any).type === 'string';
}

function sameItemAsCreate(req: RecordedRequest, body: unknown): boolean {
  const b = req.body as { displayName?: string; type?: string } | undefined;
  return isItemBody(body) && !!b && body.displayName === b.displayName && body.type === b.type;
}

/** Does this response answer this request? Judged only by what both carry. */
function fits(req: RecordedRequest, res: RecordedResponse, starters: Map<string, Exchange>): boolean {
  const path = req.path.replace(/\/+$/, '');
  const body = res.body as any;
  const opHeader = header(res.headers, 'x-ms-operation-id')?.toLowerCase();
  const isOpState = !!body && typeof body === 'object' && typeof body.status === 'string' && 'createdTimeUtc' in body;
  const isList = !!body && typeof body === 'object' && Array.isArray(body.value);
  const ids = (path.match(GUID) ?? []).map((s) => s.toLowerCase());
  let m: RegExpExecArray | null;

  if ((m = /^\/v1\/operations\/([^/]+)\/result$/i.exec(path))) {
    if (res.status !== 200 || opHeader || !isItemBody(body)) return false;
    const starter = starters.get(m[1].toLowerCase());
    return !starter || sameItemAsCreate(starter.request, body);
  }
  if ((m = /^\/v1\/operations\/([^/]+)$/i.exec(path))) return res.status === 200 && isOpState && opHeader === m[1].toLowerCase();
  if (isOpState) return false;
  if (req.method === 'POST' && /\/items$/i.test(path)) {
    if (res.status === 202) return !!opHeader && body == null;
    return res.status === 201 && sameItemAsCreate(req, body);
  }
  if (req.method === 'POST' && /\/staging\/publish$/i.test(path)) return res.status === 202 && !!opHeader;
  if (req.method === 'POST' && /\/shortcuts$/i.test(path)) return res.status >= 400 || (res.status < 300 && body?.name === (req.body as any)?.name);
  if (req.method === 'POST' && /\/folders$/i.test(path)) {
    const b = req.body as any;
    return res.status === 201 && body?.displayName === b?.displayName && (body?.parentFolderId ?? null) === (b?.parentFolderId ?? null);
  }
  if (res.status === 202 || res.status === 201 || opHeader) return false;
  if (req.method === 'GET' && /^\/v1\/workspaces\/[^/]+$/i.test(path)) return res.status === 200 && body?.id?.toLowerCase() === ids[0];
  if (req.method === 'GET' && /\/items\/[^/]+\/shortcuts$/i.test(path)) return res.status === 200 && isList && body.value.every((s: any) => 'path' in s);
  if (req.method === 'GET' && /\/folders$/i.test(path)) return res.status === 200 && isList && body.value.every((f: any) => !('type' in f));
  if (req.method === 'GET' && /\/environments$/i.test(path)) return res.status === 200 && isList && body.value.every((i: any) => i.type === 'Environment');
  if (req.method === 'GET' && /^\/v1\/connections$/i.test(path)) return res.status === 200 && isList && body.value.every((c: any) => 'connectivityType' in c);
  if (req.method === 'GET' && /^\/v1\/workspaces\/[^/]+\/items$/i.test(path)) {
    return res.status === 200 && isList && body.value.every((i: any) => typeof i.type === 'string' && i.workspaceId?.toLowerCase() === ids[0]);
  }
  // A typed item: GET or PATCH /v1/workspaces/{w}/{collection}/{id}
  if (/^\/v1\/workspaces\/[^/]+\/[^/]+\/[^/]+$/i.test(path)) return res.status === 200 && isItemBody(body) && body.id.toLowerCase() === ids[1];
  return false;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
