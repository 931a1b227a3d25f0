// A Fabric sandbox for tests: the Entra emulator issues real tokens, the Fabric emulator checks
// them, over real HTTPS with a per-run CA, all on one virtual clock. `call()` is a tiny undici
// request, not a product client: it sends exactly what the test says.

import { Agent, request } from 'undici';
import { startEntra, type EntraEmulator } from '../../../src/entra/index.ts';
import { startFabric, type FabricEmulator, type FabricOptions } from '../../../src/fabric/index.ts';
import { createVirtualClock, type VirtualClock } from '../../../src/http/index.ts';
import { createTlsMaterial, type TlsMaterial } from '../../../src/tls/index.ts';
import { createWorld, type World } from '../../../src/world/index.ts';

export const TENANT_ID = '3f1d2c4b-0000-4000-8000-0000000fab01';
export const APP = { clientId: '3f1d2c4b-0000-4000-8000-00000000a101', secret: 'synthetic-fabric-secret-a', objectId: '3f1d2c4b-0000-4000-8000-00000000b101', displayName: 'tenantops-deployer' };
export const OTHER_APP = { clientId: '3f1d2c4b-0000-4000-8000-00000000a102', secret: 'synthetic-fabric-secret-b', objectId: '3f1d2c4b-0000-4000-8000-00000000b102', displayName: 'other-app' };
export const FABRIC_SCOPE = 'https://api.fabric.microsoft.com/.default';
export const POWERBI_SCOPE = 'https://analysis.windows.net/powerbi/api/.default';
export const CAPACITY_ID = '3f1d2c4b-0000-4000-8000-0000000cafe1';

let tls: TlsMaterial | undefined;
let agent: Agent | undefined;

export interface Reply {
  status: number;
  headers: Record<string, string>;
  json: any;
  text: string;
}

export interface FabricSandbox {
  entra: EntraEmulator;
  fabric: FabricEmulator;
  world: World;
  clock: VirtualClock;
  token(app?: typeof APP, scope?: string): Promise<string>;
  /** Calls Fabric as APP (or with the given token / extra headers). `path` may be a full URL. */
  call(method: string, path: string, options?: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> }): Promise<Reply>;
  stop(): Promise<void>;
}

export async function httpCall(url: string, method: string, options: { headers?: Record<string, string>; body?: unknown; raw?: string } = {}): Promise<Reply> {
  tls ??= createTlsMaterial();
  agent ??= new Agent({ connect: { ca: tls.caPem } });
  const json = options.body !== undefined;
  const res = await request(url, {
    method: method as 'GET',
    headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...(options.headers ?? {}) },
    body: json ? JSON.stringify(options.body) : options.raw,
    dispatcher: agent,
  });
  const text = await res.body.text();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.statusCode, headers, json: parsed, text };
}

export async function startFabricSandbox(options: { start?: number; fabric?: Partial<FabricOptions> } = {}): Promise<FabricSandbox> {
  tls ??= createTlsMaterial();
  const clock = createVirtualClock(options.start ?? Date.UTC(2026, 5, 25, 11, 0, 0));
  const world = createWorld({ now: () => clock.now() });
  world.addCapacity({ id: CAPACITY_ID, displayName: 'sandbox-f2', sku: 'F2', region: 'West Central US' });
  const entra = await startEntra({ tls, tenantId: TENANT_ID, apps: [APP, OTHER_APP], clock });
  const fabric = await startFabric({
    world, tls, clock, verifyToken: (authorization, o) => entra.verifyAccessToken(authorization, o), ...options.fabric,
  });
  const tokens = new Map<string, string>();
  const token = async (app = APP, scope = FABRIC_SCOPE) => {
    const key = `${app.clientId} ${scope}`;
    const cached = tokens.get(key);
    if (cached) return cached;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.secret, scope }).toString();
    const reply = await httpCall(`${entra.url}/${TENANT_ID}/oauth2/v2.0/token`, 'POST', { raw: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (reply.status !== 200) throw new Error(`token request failed: ${reply.status} ${reply.text}`);
    tokens.set(key, reply.json.access_token);
    return reply.json.access_token as string;
  };
  return {
    entra, fabric, world, clock, token,
    async call(method, path, o = {}) {
      const bearer = o.token ?? (await token());
      const url = /^https?:/.test(path) ? path : `${fabric.url}${path}`;
      return httpCall(url, method, { body: o.body, raw: o.raw, headers: { authorization: `Bearer ${bearer}`, ...(o.headers ?? {}) } });
    },
    async stop() {
      await fabric.stop();
      await entra.stop();
    },
  };
}

/** A base64 definition part. */
export function part(path: string, content: string | object): { path: string; payload: string; payloadType: 'InlineBase64' } {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return { path, payload: Buffer.from(text, 'utf8').toString('base64'), payloadType: 'InlineBase64' };
}

/** A small TMDL semantic model reading PostgreSQL through M parameters, as the product deploys. */
export function modelDefinition(name = 'Model'): { parts: ReturnType<typeof part>[] } {
  return {
    parts: [
      part('definition.pbism', { version: '4.0', settings: {} }),
      part('definition/database.tmdl', 'database\n\tcompatibilityLevel: 1550\n'),
      part('definition/model.tmdl', `model ${name}\n\tculture: en-US\n\nref table learners\n`),
      part('definition/expressions.tmdl', 'expression Host = "db.example.invalid" meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]\n'),
      part('definition/tables/learners.tmdl', 'table learners\n\n\tcolumn tenant_marker\n\t\tdataType: string\n\t\tsourceColumn: tenant_marker\n\n\tpartition learners = m\n\t\tmode: import\n\t\tsource =\n\t\t\t\tlet\n\t\t\t\t    Source = PostgreSQL.Database(Host, "tenant"),\n\t\t\t\t    learners = Source{[Schema="public",Item="learners"]}[Data]\n\t\t\t\tin\n\t\t\t\t    learners\n'),
    ],
  };
}

/** A PBIR report bound to a model by id. */
export function reportDefinition(modelId: string): { parts: ReturnType<typeof part>[] } {
  return {
    parts: [
      part('definition.pbir', { version: '4.0', datasetReference: { byConnection: { connectionString: null, pbiServiceModelId: null, pbiModelVirtualServerName: 'sobe_wowvirtualserver', pbiModelDatabaseName: modelId, name: 'EntityDataSource', connectionType: 'pbiServiceXmlaStyleLive' } } }),
      part('report.json', { config: '{}', sections: [{ name: 'ReportSection', displayName: 'Overview', ordinal: 0 }] }),
    ],
  };
}
