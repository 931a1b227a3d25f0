// `npm run smoke:live`: holds the emulators' assumptions against the real services. With
// credentials in the environment it calls the real Entra ID, Power BI, Fabric and DNS provider
// endpoints read-only — every request goes through a guard that refuses anything but GET, except
// the token endpoints — checks each answer has the shape the emulators give it, and records every
// exchange in the recorded Fabric trace's format (../shared/specs/fabric-trace), tokens and keys
// redacted, so the emulator tests can replay it. Without credentials it says what it needs and
// exits 2. Exit 1 when a check fails.
//
// Variables (all optional; each service runs when its own are set):
//   TENANTOPS_LIVE_TENANT_ID, TENANTOPS_LIVE_CLIENT_ID, TENANTOPS_LIVE_CLIENT_SECRET
//       an Entra app (a read-only reader is enough): Entra, Power BI and Fabric
//   TENANTOPS_LIVE_DNS_ZONE and one of
//       TENANTOPS_LIVE_GODADDY_KEY + TENANTOPS_LIVE_GODADDY_SECRET                    GoDaddy
//       TENANTOPS_LIVE_CLOUDFLARE_TOKEN                                               Cloudflare
//       TENANTOPS_LIVE_AZURE_SUBSCRIPTION_ID + TENANTOPS_LIVE_AZURE_RESOURCE_GROUP    Azure DNS (with the Entra app)
//   TENANTOPS_LIVE_TRACE   where to write the trace (default .tenantops/smoke-live/trace.json.gz)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createConsoleLogger, type Logger } from '../src/log/index.ts';

export const LIVE_VARIABLES = {
  entra: ['TENANTOPS_LIVE_TENANT_ID', 'TENANTOPS_LIVE_CLIENT_ID', 'TENANTOPS_LIVE_CLIENT_SECRET'],
  godaddy: ['TENANTOPS_LIVE_DNS_ZONE', 'TENANTOPS_LIVE_GODADDY_KEY', 'TENANTOPS_LIVE_GODADDY_SECRET'],
  cloudflare: ['TENANTOPS_LIVE_DNS_ZONE', 'TENANTOPS_LIVE_CLOUDFLARE_TOKEN'],
  azureDns: ['TENANTOPS_LIVE_DNS_ZONE', 'TENANTOPS_LIVE_AZURE_SUBSCRIPTION_ID', 'TENANTOPS_LIVE_AZURE_RESOURCE_GROUP', 'TENANTOPS_LIVE_TENANT_ID', 'TENANTOPS_LIVE_CLIENT_ID', 'TENANTOPS_LIVE_CLIENT_SECRET'],
} as const;

const ENDPOINTS = {
  entra: 'https://login.microsoftonline.com',
  powerbi: 'https://api.powerbi.com',
  fabric: 'https://api.fabric.microsoft.com',
  arm: 'https://management.azure.com',
  godaddy: 'https://api.godaddy.com',
  cloudflare: 'https://api.cloudflare.com',
};

/** One exchange, in the recorded Fabric trace's shape. */
export interface TraceEntry {
  request: { method: string; url: string; headers: Record<string, string>; body: string; timestamp: string };
  response: { status_code: number; headers: Record<string, string>; body: unknown; timestamp: string } | null;
}

export class ReadOnlyViolation extends Error {
  override name = 'ReadOnlyViolation';
}

/** Token endpoints: POSTs that read nothing and change nothing, the only writes smoke:live may send. */
export function isTokenEndpoint(url: string): boolean {
  const u = new URL(url);
  return u.hostname === new URL(ENDPOINTS.entra).hostname && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(u.pathname);
}

/**
 * fetch, refusing anything but GET (and HEAD) unless it is a token endpoint, before a byte is
 * sent; every exchange is appended to `trace` with credentials redacted.
 */
export function readOnlyFetch(inner: typeof fetch, trace: TraceEntry[], now: () => Date = () => new Date()): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method !== 'GET' && method !== 'HEAD' && !isTokenEndpoint(url)) {
      throw new ReadOnlyViolation(`smoke:live is read-only: ${method} ${new URL(url).origin}${new URL(url).pathname} refused (only GET, and POST to a token endpoint)`);
    }
    const entry: TraceEntry = {
      request: { method, url: redactUrl(url), headers: redactHeaders(new Headers(init?.headers)), body: isTokenEndpoint(url) ? '***' : String(init?.body ?? '{}'), timestamp: now().toISOString() },
      response: null,
    };
    trace.push(entry);
    const response = await inner(input, init);
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: kept as text.
    }
    entry.response = { status_code: response.status, headers: redactHeaders(response.headers), body: redactBody(body), timestamp: now().toISOString() };
    return response;
  };
}

const SECRET_HEADERS = /^(authorization|x-auth-key|x-auth-email|cookie|set-cookie)$/i;
function redactHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].map(([k, v]) => [k, SECRET_HEADERS.test(k) ? '***' : v]));
}
function redactUrl(url: string): string {
  const u = new URL(url);
  for (const key of [...u.searchParams.keys()]) if (/secret|token|key|sig/i.test(key)) u.searchParams.set(key, '***');
  return u.toString();
}
function redactBody(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  if (Array.isArray(body)) return body.map(redactBody);
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, /token|secret|password/i.test(k) && typeof v === 'string' ? '***' : redactBody(v)]));
}

export interface Check {
  service: string;
  name: string;
  ok: boolean;
  detail: string;
}

type Env = Record<string, string | undefined>;
const has = (env: Env, names: readonly string[]) => names.every((n) => env[n]);

/** What smoke:live needs, when nothing it could run is configured. */
export function missingCredentialsMessage(): string {
  return [
    'smoke:live needs credentials for at least one service (read-only ones are enough); nothing was called:',
    `  Entra ID, Power BI, Fabric:  ${LIVE_VARIABLES.entra.join(', ')}`,
    `  GoDaddy DNS:                 ${LIVE_VARIABLES.godaddy.join(', ')}`,
    `  Cloudflare DNS:              ${LIVE_VARIABLES.cloudflare.join(', ')}`,
    `  Azure DNS:                   ${LIVE_VARIABLES.azureDns.join(', ')}`,
    '  optional: TENANTOPS_LIVE_TRACE (where to write the recorded trace)',
  ].join('\n');
}

/** Runs every suite whose credentials are set; undefined when none is. */
export async function runSmokeLive(env: Env, http: typeof fetch, log: Logger): Promise<Check[] | undefined> {
  const entra = has(env, LIVE_VARIABLES.entra);
  const dns = has(env, LIVE_VARIABLES.godaddy) || has(env, LIVE_VARIABLES.cloudflare) || has(env, LIVE_VARIABLES.azureDns);
  if (!entra && !dns) return undefined;
  for (const [name, value] of Object.entries(env)) if (name.startsWith('TENANTOPS_LIVE_') && value && /SECRET|TOKEN|KEY/.test(name)) log.mask(value);
  const checks: Check[] = [];
  const check = async (service: string, name: string, fn: () => Promise<string>) => {
    try {
      checks.push({ service, name, ok: true, detail: await fn() });
    } catch (err) {
      checks.push({ service, name, ok: false, detail: (err as Error).message });
    }
    const last = checks.at(-1)!;
    log.info(`${last.ok ? 'ok  ' : 'FAIL'} ${service}: ${name}: ${last.detail}`);
  };
  const getJson = async (url: string, headers: Record<string, string>) => {
    const res = await http(url, { headers });
    const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!res.ok) throw new Error(`GET ${new URL(url).pathname} answered ${res.status}`);
    return { res, body: body ?? {} };
  };
  const expectKeys = (body: Record<string, unknown>, keys: string[], what: string) => {
    const missing = keys.filter((k) => !(k in body));
    if (missing.length) throw new Error(`${what} lacks ${missing.join(', ')} (the emulator returns them)`);
  };

  const tokens = new Map<string, string>();
  const token = async (scope: string) => {
    if (!tokens.has(scope)) {
      const res = await http(`${ENDPOINTS.entra}/${env.TENANTOPS_LIVE_TENANT_ID}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: env.TENANTOPS_LIVE_CLIENT_ID!, client_secret: env.TENANTOPS_LIVE_CLIENT_SECRET!, scope }).toString(),
      });
      const body = (await res.json()) as { access_token?: string; error?: string; error_codes?: number[] };
      if (!res.ok || !body.access_token) throw new Error(`token for ${scope}: ${res.status} ${body.error ?? ''} ${body.error_codes?.map((c) => `AADSTS${c}`).join(' ') ?? ''}`);
      log.mask(body.access_token);
      tokens.set(scope, body.access_token);
    }
    return tokens.get(scope)!;
  };
  const bearer = async (scope: string) => ({ authorization: `Bearer ${await token(scope)}` });

  if (entra) {
    const tenant = env.TENANTOPS_LIVE_TENANT_ID!;
    await check('entra', 'openid configuration names the issuer the emulator mirrors', async () => {
      const { body } = await getJson(`${ENDPOINTS.entra}/${tenant}/v2.0/.well-known/openid-configuration`, {});
      expectKeys(body, ['issuer', 'token_endpoint', 'jwks_uri'], 'the openid configuration');
      return `issuer ${String(body.issuer).replace(tenant, '{tenant}')}`;
    });
    await check('entra', 'client credentials token for Power BI', async () => `token of ${(await token('https://analysis.windows.net/powerbi/api/.default')).split('.').length} JWT parts`);
    await check('powerbi', 'GET /v1.0/myorg/groups answers an OData list', async () => {
      const { body } = await getJson(`${ENDPOINTS.powerbi}/v1.0/myorg/groups?$top=5`, await bearer('https://analysis.windows.net/powerbi/api/.default'));
      expectKeys(body, ['@odata.context', 'value'], 'the group list');
      return `${(body.value as unknown[]).length} group(s) visible`;
    });
    await check('powerbi', 'GET /v1.0/myorg/profiles answers an OData list', async () => {
      const { body } = await getJson(`${ENDPOINTS.powerbi}/v1.0/myorg/profiles`, await bearer('https://analysis.windows.net/powerbi/api/.default'));
      expectKeys(body, ['value'], 'the profile list');
      return `${(body.value as unknown[]).length} profile(s)`;
    });
    await check('fabric', 'GET /v1/workspaces answers a paged list', async () => {
      const { body } = await getJson(`${ENDPOINTS.fabric}/v1/workspaces`, await bearer('https://api.fabric.microsoft.com/.default'));
      expectKeys(body, ['value'], 'the workspace list');
      return `${(body.value as unknown[]).length} workspace(s)${body.continuationToken ? ', more pages' : ''}`;
    });
  }
  const zone = env.TENANTOPS_LIVE_DNS_ZONE;
  if (zone && has(env, LIVE_VARIABLES.godaddy)) {
    await check('godaddy', `GET /v1/domains/${zone}/records`, async () => {
      const res = await http(`${ENDPOINTS.godaddy}/v1/domains/${zone}/records`, { headers: { authorization: `sso-key ${env.TENANTOPS_LIVE_GODADDY_KEY}:${env.TENANTOPS_LIVE_GODADDY_SECRET}` } });
      if (!res.ok) throw new Error(`answered ${res.status}`);
      const records = (await res.json()) as { type?: string; name?: string; data?: string; ttl?: number }[];
      if (!Array.isArray(records) || records.some((r) => !r.type || r.name === undefined || r.data === undefined)) throw new Error('records lack type, name or data');
      return `${records.length} record(s)`;
    });
  }
  if (zone && has(env, LIVE_VARIABLES.cloudflare)) {
    await check('cloudflare', `GET /client/v4/zones?name=${zone}`, async () => {
      const { body } = await getJson(`${ENDPOINTS.cloudflare}/client/v4/zones?name=${encodeURIComponent(zone)}`, { authorization: `Bearer ${env.TENANTOPS_LIVE_CLOUDFLARE_TOKEN}` });
      expectKeys(body, ['success', 'result', 'result_info'], 'the zone list');
      return `${(body.result as unknown[]).length} zone(s)`;
    });
  }
  if (zone && has(env, LIVE_VARIABLES.azureDns)) {
    await check('azure-dns', `GET the record sets of ${zone}`, async () => {
      const url = `${ENDPOINTS.arm}/subscriptions/${env.TENANTOPS_LIVE_AZURE_SUBSCRIPTION_ID}/resourceGroups/${env.TENANTOPS_LIVE_AZURE_RESOURCE_GROUP}/providers/Microsoft.Network/dnsZones/${zone}/recordsets?api-version=2018-05-01`;
      const { body } = await getJson(url, await bearer('https://management.azure.com/.default'));
      expectKeys(body, ['value'], 'the record set list');
      return `${(body.value as unknown[]).length} record set(s)`;
    });
  }
  return checks;
}

/** The trace file, gzipped like the recorded Fabric trace. */
export function writeTrace(file: string, trace: TraceEntry[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, gzipSync(JSON.stringify({ description: 'tenantops smoke:live, read-only calls to the real services', total_traces: trace.length, traces: trace })), { mode: 0o600 });
}

async function main(): Promise<number> {
  const log = createConsoleLogger({ stream: process.stdout });
  const trace: TraceEntry[] = [];
  const checks = await runSmokeLive(process.env, readOnlyFetch(fetch, trace), log);
  if (!checks) {
    process.stderr.write(`${missingCredentialsMessage()}\n`);
    return 2;
  }
  const file = path.resolve(process.env.TENANTOPS_LIVE_TRACE ?? path.join('.tenantops', 'smoke-live', 'trace.json.gz'));
  writeTrace(file, trace);
  const failed = checks.filter((c) => !c.ok).length;
  log.info(`smoke:live: ${checks.length - failed}/${checks.length} checks passed; ${trace.length} exchange(s) recorded in ${file}`);
  return failed ? 1 : 0;
}

if (import.meta.main) process.exitCode = await main();
