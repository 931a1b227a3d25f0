// A Fabric sandbox for tests: the Entra emulator issues real tokens, the Fabric emulator checks
// them, over real HTTPS with the test CA, all on one virtual clock. `call()` is the tests' plain
// HTTPS call (support/https.ts), not a product client: it sends exactly what the test says.

import { startEntra, type EntraEmulator } from '../../src/entra/index.ts';
import { startFabric, type FabricEmulator, type FabricOptions } from '../../src/fabric/index.ts';
import { createVirtualClock, type VirtualClock } from '../../src/http/index.ts';
import { createWorld, type World } from '../../src/world/index.ts';
import { call, type Reply } from './https.ts';
import { testTls } from './tls.ts';


export const TENANT_ID = '3f1d2c4b-0000-4000-8000-0000000fab01';
export const APP = { clientId: '3f1d2c4b-0000-4000-8000-00000000a101', secret: 'synthetic-fabric-secret-a', objectId: '3f1d2c4b-0000-4000-8000-00000000b101', displayName: 'automation-deployer' };
export const OTHER_APP = { clientId: '3f1d2c4b-0000-4000-8000-00000000a102', secret: 'synthetic-fabric-secret-b', objectId: '3f1d2c4b-0000-4000-8000-00000000b102', displayName: 'other-app' };
export const FABRIC_SCOPE = 'https://api.fabric.microsoft.com/.default';
export const POWERBI_SCOPE = 'https://analysis.windows.net/powerbi/api/.default';
export const CAPACITY_ID = '3f1d2c4b-0000-4000-8000-0000000cafe1';

export interface FabricSandbox {
  entra: EntraEmulator;
  fabric: FabricEmulator;
  world: World;
  clock: VirtualClock;
  token(app?: typeof APP, scope?: string): Promise<string>;
  /** Calls Fabric as APP (or with the given token / extra headers). `path` may be a full URL. */
  /** `body`: a string as it is, anything else as JSON. */
  call(method: string, path: string, options?: { body?: unknown; token?: string; headers?: Record<string, string> }): Promise<Reply>;
  stop(): Promise<void>;
}

export async function startFabricSandbox(options: { start?: number; fabric?: Partial<FabricOptions> } = {}): Promise<FabricSandbox> {
  const tls = testTls();
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
    const reply = await call(`${entra.url}/${TENANT_ID}/oauth2/v2.0/token`, 'POST', { body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (reply.status !== 200) throw new Error(`token request failed: ${reply.status} ${reply.text}`);
    tokens.set(key, reply.json.access_token);
    return reply.json.access_token as string;
  };
  return {
    entra, fabric, world, clock, token,
    async call(method, path, o = {}) {
      const bearer = o.token ?? (await token());
      const url = /^https?:/.test(path) ? path : `${fabric.url}${path}`;
      return call(url, method, { body: o.body, headers: { authorization: `Bearer ${bearer}`, ...(o.headers ?? {}) } });
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
