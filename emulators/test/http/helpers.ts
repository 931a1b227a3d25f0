// Test helpers for the emulator framework: one TLS material per test file and a tiny undici
// client that trusts its CA, so every test talks real HTTPS to the emulator on loopback.

import { Agent, request } from 'undici';
import { createTlsMaterial, type TlsMaterial } from '../../src/tls/index.ts';

let material: TlsMaterial | undefined;
export function testTls(): TlsMaterial {
  material ??= createTlsMaterial();
  return material;
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
}

const agents = new Map<string, Agent>();
function agentFor(ca: string): Agent {
  let agent = agents.get(ca);
  if (!agent) {
    agent = new Agent({ connect: { ca } });
    agents.set(ca, agent);
  }
  return agent;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer | object; signal?: AbortSignal } = {},
): Promise<CallResult> {
  const isObject = options.body !== undefined && typeof options.body === 'object' && !Buffer.isBuffer(options.body);
  const res = await request(baseUrl + path, {
    method: method as any,
    headers: { ...(isObject ? { 'content-type': 'application/json' } : {}), ...(options.headers ?? {}) },
    body: isObject ? JSON.stringify(options.body) : (options.body as string | Buffer | undefined),
    dispatcher: agentFor(testTls().caPem),
    signal: options.signal,
  });
  const text = await res.body.text();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers, text, json };
}
