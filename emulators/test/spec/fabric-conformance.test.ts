// Fidelity: every Fabric operation the emulator serves, exercised over HTTPS, validates its
// requests and responses against Microsoft's Fabric specs (../shared/specs/fabric) with the
// short, commented override list in emulators/src/spec/fabric.ts. A 202 must carry every header
// the spec declares for it; an operation's result is checked against the success schema of the
// call that started it. A route the emulator serves must be either exercised and found in the
// specs, or listed below as a workload outside our specs (witnessed by the trace replay).

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Exchange } from '../../src/http/index.ts';
import { loadFabricSpec, type OpenApiSpec } from '../../src/spec/index.ts';
import { describeWithSpecs, SPECS_DIR } from '../support/specs.ts';
import { modelDefinition, part, reportDefinition } from '../support/definitions.ts';
import { CAPACITY_ID, startFabricSandbox, type FabricSandbox } from '../support/fabric-sandbox.ts';

/** Routes for workloads whose specs are not among ours; the trace replay witnesses them. */
const OUTSIDE_OUR_SPECS = new Set([
  'sqlDatabases.get', 'eventhouses.get', 'kqlDatabases.get', 'mirroredDatabases.get', 'variableLibraries.get', 'variableLibraries.update',
  'environments.list', 'environments.get', 'environments.publish',
]);

describeWithSpecs('Fabric emulator against the Fabric specs', () => {
  let sb: FabricSandbox;
  let spec: OpenApiSpec;
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    spec = loadFabricSpec(SPECS_DIR);
    sb = await startFabricSandbox({ fabric: { onExchange: (e) => exchanges.push(e), pageSize: 2, connections: [{ id: '3f1d2c4b-0000-4000-8000-000000000c01', displayName: 'pg', connectivityType: 'ShareableCloud', connectionDetails: { path: 'pg.example.invalid;db', type: 'PostgreSQL' }, privacyLevel: 'Private', credentialDetails: { credentialType: 'Basic', singleSignOnType: 'None', connectionEncryption: 'Encrypted', skipTestConnection: false } }] } });
    await exercise(sb);
  });
  afterAll(async () => sb?.stop());

  it('validates every request and response against the spec operation it addresses', () => {
    const problems: string[] = [];
    const startedBy = new Map<string, string>(); // operation id → operationId of the call that started it
    for (const e of exchanges) {
      const op = spec.findOperation(e.method, e.path, e.query);
      if (!op) {
        if (!OUTSIDE_OUR_SPECS.has(e.route ?? '')) problems.push(`${e.method} ${e.path}: no spec operation (route ${e.route})`);
        continue;
      }
      const body = Buffer.isBuffer(e.requestBody) ? undefined : e.requestBody;
      problems.push(...spec.validateRequest({ method: e.method, path: e.path, query: e.query, body }).errors);
      const responseBody = parseBody(e.responseBody);
      const opHeader = e.responseHeaders['x-ms-operation-id'];
      if (e.status === 202 && opHeader) startedBy.set(opHeader, op.operationId);
      if (op.operationId === 'LongRunningOperations_GetOperationResult' && e.status === 200) {
        const starter = spec.operation(startedBy.get(e.params.operationId) ?? '');
        const success = starter && (starter.responses['201'] ? 201 : 200);
        problems.push(...spec.validateResponse({ method: e.method, path: e.path, status: e.status, responseBody }, { operationId: starter?.operationId, status: success }).errors);
        continue;
      }
      problems.push(...spec.validateResponse({ method: e.method, path: e.path, query: e.query, status: e.status, headers: e.responseHeaders, responseBody }, { requireHeaders: e.status === 202 }).errors);
    }
    expect(problems).toEqual([]);
  });

  it('exercises every route it serves, each found in the specs or listed as outside them', () => {
    const exercised = new Map<string, string>();
    for (const e of exchanges) {
      const op = spec.findOperation(e.method, e.path, e.query);
      if (e.route) exercised.set(e.route, op?.operationId ?? 'outside our specs');
    }
    const missing = sb.fabric.routes().map((r) => r.name).filter((name) => !exercised.has(name));
    expect(missing).toEqual([]);
    const unlisted = [...exercised].filter(([route, op]) => op === 'outside our specs' && !OUTSIDE_OUR_SPECS.has(route));
    expect(unlisted).toEqual([]);
    console.log(`${exercised.size} routes exercised, ${[...exercised.values()].filter((o) => o !== 'outside our specs').length} matched to spec operations; ${exchanges.length} exchanges validated`);
  });
});

describeWithSpecs('Fabric emulator against the Fabric specs, while things are still running', () => {
  it('validates a lakehouse read while its SQL endpoint provisions, and a running operation\'s state', async () => {
    const spec = loadFabricSpec(SPECS_DIR);
    const exchanges: Exchange[] = [];
    const sb = await startFabricSandbox({ fabric: { onExchange: (e) => exchanges.push(e), latency: { profile: 'realistic', routes: { 'workspaces.create': 0, 'lakehouses.get': 0, 'operations.get': 0 }, durations: { 'create.Lakehouse': 0, 'accept.SemanticModel': 0 } } } });
    try {
      const ws = (await sb.call('POST', '/v1/workspaces', { body: { displayName: 'running' } })).json.id;
      const lh = await sb.call('POST', `/v1/workspaces/${ws}/lakehouses`, { body: { displayName: 'lh' } });
      const read = await sb.call('GET', `/v1/workspaces/${ws}/lakehouses/${lh.json.id}`);
      expect(read.json.properties.sqlEndpointProperties.provisioningStatus).toBe('InProgress');
      const sm = await sb.call('POST', `/v1/workspaces/${ws}/semanticModels`, { body: { displayName: 'm', definition: modelDefinition() } });
      expect((await sb.call('GET', `/v1/operations/${sm.headers['x-ms-operation-id']}`)).json.status).toBe('Running');
      const problems = exchanges.flatMap((e) => spec.validateResponse({ method: e.method, path: e.path, status: e.status, headers: e.responseHeaders, responseBody: parseBody(e.responseBody) }, { requireHeaders: e.status === 202 }).errors);
      expect(problems).toEqual([]);
      expect(exchanges).toHaveLength(5);
    } finally {
      await sb.stop();
    }
  });
});

function parseBody(body: unknown): unknown {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body.length ? JSON.parse(body.toString('utf8')) : undefined;
  if (typeof body === 'string') return body === 'null' ? undefined : body === '' ? undefined : JSON.parse(body);
  return body;
}

/** One pass over every route, the way a client would use them. */
async function exercise(sb: FabricSandbox): Promise<void> {
  const ok = async (method: string, path: string, body?: unknown, expected = [200, 201, 202]) => {
    const res = await sb.call(method, path, body === undefined ? {} : { body });
    if (!expected.includes(res.status)) throw new Error(`${method} ${path} → ${res.status} ${res.text}`);
    return res;
  };
  const result = async (res: { headers: Record<string, string> }) => (await ok('GET', `/v1/operations/${res.headers['x-ms-operation-id']}/result`)).json;

  const ws = (await ok('POST', '/v1/workspaces', { displayName: 'conformance', description: 'spec check' })).json.id;
  await ok('POST', '/v1/workspaces', { displayName: 'second' });
  await ok('POST', '/v1/workspaces', { displayName: 'third' });
  const page1 = await ok('GET', '/v1/workspaces');
  await ok('GET', page1.json.continuationUri);
  await ok('GET', '/v1/workspaces?roles=Admin');
  await ok('POST', `/v1/workspaces/${ws}/assignToCapacity`, { capacityId: CAPACITY_ID });
  await ok('GET', `/v1/workspaces/${ws}`);
  await ok('PATCH', `/v1/workspaces/${ws}`, { displayName: 'conformance-2', description: 'renamed' });
  await ok('GET', '/v1/capacities');

  const folder = (await ok('POST', `/v1/workspaces/${ws}/folders`, { displayName: 'models' })).json.id;
  const sub = (await ok('POST', `/v1/workspaces/${ws}/folders`, { displayName: 'old', parentFolderId: folder })).json.id;
  await ok('GET', `/v1/workspaces/${ws}/folders?recursive=true`);
  await ok('GET', `/v1/workspaces/${ws}/folders/${folder}`);
  await ok('DELETE', `/v1/workspaces/${ws}/folders/${sub}`);

  // Generic items.
  const nb = await result(await ok('POST', `/v1/workspaces/${ws}/items`, { displayName: 'nb', type: 'Notebook', folderId: folder, definition: { parts: [part('notebook-content.py', '# x')] } }));
  await ok('GET', `/v1/workspaces/${ws}/items?type=Notebook&recursive=true`);
  await ok('GET', `/v1/workspaces/${ws}/items/${nb.id}`);
  await ok('PATCH', `/v1/workspaces/${ws}/items/${nb.id}`, { displayName: 'nb2', description: 'd' });
  await ok('POST', `/v1/workspaces/${ws}/items/${nb.id}/getDefinition`);
  await ok('POST', `/v1/workspaces/${ws}/items/${nb.id}/updateDefinition?updateMetadata=false`, { definition: { parts: [part('notebook-content.py', '# y')] } });
  await ok('POST', `/v1/workspaces/${ws}/items`, { displayName: 'nb2', type: 'Notebook' }, [409]);

  // Semantic models and reports (202 + operations).
  const sm = await ok('POST', `/v1/workspaces/${ws}/semanticModels`, { displayName: 'Sales', description: '', definition: modelDefinition() });
  await ok('GET', `/v1/operations/${sm.headers['x-ms-operation-id']}`);
  const model = await result(sm);
  await ok('GET', `/v1/workspaces/${ws}/semanticModels`);
  await ok('GET', `/v1/workspaces/${ws}/semanticModels/${model.id}`);
  await ok('PATCH', `/v1/workspaces/${ws}/semanticModels/${model.id}`, { description: 'tenant model' });
  await result(await ok('POST', `/v1/workspaces/${ws}/semanticModels/${model.id}/getDefinition?format=TMDL`));
  await ok('POST', `/v1/workspaces/${ws}/semanticModels/${model.id}/updateDefinition`, { definition: modelDefinition() });
  await result(await ok('POST', `/v1/workspaces/${ws}/items/${model.id}/getDefinition`));
  const report = await result(await ok('POST', `/v1/workspaces/${ws}/reports`, { displayName: 'Ops', definition: reportDefinition(model.id) }));
  await ok('GET', `/v1/workspaces/${ws}/reports`);
  await ok('GET', `/v1/workspaces/${ws}/reports/${report.id}`);
  await ok('PATCH', `/v1/workspaces/${ws}/reports/${report.id}`, { displayName: 'Ops 2' });
  await result(await ok('POST', `/v1/workspaces/${ws}/reports/${report.id}/getDefinition`));
  await ok('POST', `/v1/workspaces/${ws}/reports/${report.id}/updateDefinition`, { definition: reportDefinition(model.id) });
  await ok('DELETE', `/v1/workspaces/${ws}/reports/${report.id}`);

  // Lakehouses and warehouses.
  const lh = (await ok('POST', `/v1/workspaces/${ws}/lakehouses`, { displayName: 'landing', creationPayload: { enableSchemas: true } })).json;
  const lhDef = (await ok('POST', `/v1/workspaces/${ws}/lakehouses`, { displayName: 'withdef', definition: { parts: [part('lakehouse.metadata.json', '{}')] } })).json;
  sb.clock.advance(0);
  await ok('GET', `/v1/workspaces/${ws}/lakehouses`);
  await ok('GET', `/v1/workspaces/${ws}/lakehouses/${lh.id}`);
  await ok('PATCH', `/v1/workspaces/${ws}/lakehouses/${lh.id}`, { description: 'raw' });
  await ok('POST', `/v1/workspaces/${ws}/lakehouses/${lhDef.id}/getDefinition`);
  await ok('POST', `/v1/workspaces/${ws}/lakehouses/${lhDef.id}/updateDefinition`, { definition: { parts: [part('lakehouse.metadata.json', '{"defaultSchema":"dbo"}')] } });
  await ok('GET', `/v1/workspaces/${ws}/items/${lh.id}/shortcuts`);
  await ok('POST', `/v1/workspaces/${ws}/items/${lh.id}/shortcuts`, { name: 's', path: 'Tables', target: { oneLake: { workspaceId: ws, itemId: lhDef.id, path: 'Tables/t' } } }, [400]);
  await ok('DELETE', `/v1/workspaces/${ws}/lakehouses/${lhDef.id}`);
  const wh = await result(await ok('POST', `/v1/workspaces/${ws}/warehouses`, { displayName: 'dw', creationPayload: { collationType: 'Latin1_General_100_CI_AS_KS_WS_SC_UTF8' } }));
  await ok('GET', `/v1/workspaces/${ws}/warehouses`);
  await ok('GET', `/v1/workspaces/${ws}/warehouses/${wh.id}`);
  await ok('PATCH', `/v1/workspaces/${ws}/warehouses/${wh.id}`, { description: 'dw' });
  await ok('DELETE', `/v1/workspaces/${ws}/warehouses/${wh.id}`);

  // Workloads outside our specs (the trace's typed reads).
  const sqlDb = await result(await ok('POST', `/v1/workspaces/${ws}/items`, { displayName: 'db', type: 'SQLDatabase' }));
  await ok('GET', `/v1/workspaces/${ws}/sqlDatabases/${sqlDb.id}`);
  const eh = await result(await ok('POST', `/v1/workspaces/${ws}/items`, { displayName: 'eh', type: 'Eventhouse' }));
  await ok('GET', `/v1/workspaces/${ws}/eventhouses/${eh.id}`);
  const kql = await result(await ok('POST', `/v1/workspaces/${ws}/items`, { displayName: 'kql', type: 'KQLDatabase', definition: { parts: [part('DatabaseProperties.json', { databaseType: 'ReadWrite', parentEventhouseItemId: eh.id })] } }));
  await ok('GET', `/v1/workspaces/${ws}/kqlDatabases/${kql.id}`);
  const mirrored = (await ok('POST', `/v1/workspaces/${ws}/items`, { displayName: 'mdb', type: 'MirroredDatabase', definition: { parts: [part('mirroring.json', '{}')] } })).json;
  await ok('GET', `/v1/workspaces/${ws}/mirroredDatabases/${mirrored.id}`);
  const vl = await result(await ok('POST', `/v1/workspaces/${ws}/items`, { displayName: 'vars', type: 'VariableLibrary', definition: { parts: [part('variables.json', '{}')] } }));
  await ok('GET', `/v1/workspaces/${ws}/variableLibraries/${vl.id}`);
  await ok('PATCH', `/v1/workspaces/${ws}/variableLibraries/${vl.id}`, { properties: { activeValueSetName: 'PROD' } });
  const env = await result(await ok('POST', `/v1/workspaces/${ws}/items`, { displayName: 'env', type: 'Environment' }));
  await ok('POST', `/v1/workspaces/${ws}/environments/${env.id}/staging/publish`);
  await ok('GET', `/v1/workspaces/${ws}/environments`);
  await ok('GET', `/v1/workspaces/${ws}/environments/${env.id}`);

  await ok('GET', '/v1/connections');
  await ok('DELETE', `/v1/workspaces/${ws}/items/${nb.id}`);
  await ok('DELETE', `/v1/workspaces/${ws}/semanticModels/${model.id}`);
  await ok('POST', `/v1/workspaces/${ws}/unassignFromCapacity`);
  await ok('DELETE', `/v1/workspaces/${ws}`);
}
