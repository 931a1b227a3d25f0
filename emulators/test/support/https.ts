// The one HTTPS request helper of the tests: it sends exactly what a test says (no product
// client, no retries) to an emulator on loopback, trusting the test CA unless told another, and
// hands back status, headers (one string each), text and parsed JSON.

import { Agent, fetch as undiciFetch, request } from 'undici';
import { testTls } from './tls.ts';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  json: any;
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** A string or Buffer is sent as it is; anything else as JSON, with its content type. */
  body?: unknown;
  signal?: AbortSignal;
  /** The CA (PEM) to trust; default the test CA. */
  ca?: string;
}

const agents = new Map<string, Agent>();

function agentTrusting(ca: string): Agent {
  let agent = agents.get(ca);
  if (!agent) agents.set(ca, (agent = new Agent({ connect: { ca } })));
  return agent;
}

export async function call(url: string, method: string, options: CallOptions = {}): Promise<Reply> {
  const agent = agentTrusting(options.ca ?? testTls().caPem);
  const raw = typeof options.body === 'string' || Buffer.isBuffer(options.body);
  const json = options.body !== undefined && !raw;
  const res = await request(url, {
    method: method as 'GET',
    headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: json ? JSON.stringify(options.body) : (options.body as string | Buffer | undefined),
    dispatcher: agent,
    signal: options.signal,
  });
  const text = await res.body.text();
  const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
  return { status: res.statusCode, headers, text, json: parseJson(text) };
}

/** A `fetch` for the SDKs that take one (Cloudflare's, Octokit's), trusting the test CA. */
export function fetchTrustingTestCa(): typeof fetch {
  const dispatcher = agentTrusting(testTls().caPem);
  return ((url: string, init: object = {}) => undiciFetch(url, { ...init, dispatcher })) as unknown as typeof fetch;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
