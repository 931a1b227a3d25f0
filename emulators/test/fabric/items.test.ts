// Items through the Fabric API: create (201 or 202 by type), names unique per type and reserved
// after delete, definitions in and out, typed collections, pagination, the shared world (a model
// created here is the same object Power BI sees, owned by the calling principal) and the errors.

import { afterEach, describe, expect, it } from 'vitest';
import { modelDefinition, part, reportDefinition } from '../support/definitions.ts';
import { POWERBI_SCOPE } from '../support/entra.ts';
import { APP, CAPACITY_ID, startFabricSandbox, type FabricSandbox } from '../support/fabric-sandbox.ts';

let sb: FabricSandbox;
afterEach(async () => sb?.stop());

async function setup(options: Parameters<typeof startFabricSandbox>[0] = {}): Promise<string> {
  sb = await startFabricSandbox(options);
  const res = await sb.call('POST', '/v1/workspaces', { body: { displayName: 'acme-training', capacityId: CAPACITY_ID } });
  return res.json.id;
}

async function createModel(ws: string, name: string): Promise<string> {
  const res = await sb.call('POST', `/v1/workspaces/${ws}/semanticModels`, { body: { displayName: name, definition: modelDefinition() } });
  expect(res.status).toBe(202);
  const result = await sb.call('GET', `/v1/operations/${res.headers['x-ms-operation-id']}/result`);
  return result.json.id;
}

describe('items', () => {
  it('creates a lakehouse synchronously (201) with an SQL endpoint beside it, provisioning on the clock', async () => {
    const ws = await setup({ fabric: { latency: { profile: 'realistic', routes: { 'lakehouses.get': 0, 'items.list': 0 }, durations: { 'create.Lakehouse': 0 } } } });
    const created = await sb.call('POST', `/v1/workspaces/${ws}/items`, { body: { displayName: 'Landing', type: 'Lakehouse', creationPayload: { enableSchemas: true } } });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBeUndefined();
    expect(created.json).toEqual({ id: created.json.id, type: 'Lakehouse', displayName: 'Landing', description: '', workspaceId: ws });
    const early = await sb.call('GET', `/v1/workspaces/${ws}/lakehouses/${created.json.id}`);
    expect(early.json.properties.sqlEndpointProperties).toEqual({ connectionString: null, id: null, provisioningStatus: 'InProgress' });
    expect(early.json.properties.defaultSchema).toBe('dbo');
    sb.clock.advance(14_000);
    const later = await sb.call('GET', `/v1/workspaces/${ws}/lakehouses/${created.json.id}`);
    expect(later.json.properties.sqlEndpointProperties.provisioningStatus).toBe('Success');
    const list = await sb.call('GET', `/v1/workspaces/${ws}/items`);
    const endpoint = list.json.value.find((i: any) => i.type === 'SQLEndpoint');
    expect(endpoint).toMatchObject({ displayName: 'Landing' });
    expect(later.json.properties.sqlEndpointProperties.id).toBe(endpoint.id);
  });

  it('refuses a second live item of the same type and name (409 ItemDisplayNameAlreadyInUse), not of another type', async () => {
    const ws = await setup();
    await createModel(ws, 'Sales');
    const dup = await sb.call('POST', `/v1/workspaces/${ws}/items`, { body: { displayName: 'sales', type: 'SemanticModel', definition: modelDefinition() } });
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ errorCode: 'ItemDisplayNameAlreadyInUse', isRetriable: false, requestId: dup.headers.requestid });
    expect(dup.headers['x-ms-public-api-error-code']).toBe('ItemDisplayNameAlreadyInUse');
    const other = await sb.call('POST', `/v1/workspaces/${ws}/items`, { body: { displayName: 'Sales', type: 'Notebook' } });
    expect(other.status).toBe(202);
  });

  it('keeps a deleted name reserved (409 ItemDisplayNameNotAvailableYet, retriable) until the window passes', async () => {
    const ws = await setup({ fabric: { nameReservationMs: 60_000 } });
    const id = await createModel(ws, 'Sales');
    expect((await sb.call('DELETE', `/v1/workspaces/${ws}/semanticModels/${id}`)).status).toBe(200);
    expect((await sb.call('GET', `/v1/workspaces/${ws}/semanticModels/${id}`)).status).toBe(404);
    const soon = await sb.call('POST', `/v1/workspaces/${ws}/semanticModels`, { body: { displayName: 'Sales', definition: modelDefinition() } });
    expect(soon.status).toBe(409);
    expect(soon.json).toMatchObject({ errorCode: 'ItemDisplayNameNotAvailableYet', isRetriable: true });
    sb.clock.advance(60_000);
    expect((await sb.call('POST', `/v1/workspaces/${ws}/semanticModels`, { body: { displayName: 'Sales', definition: modelDefinition() } })).status).toBe(202);
  });

  it('makes the calling principal own a model created through Fabric, in the world Power BI shares', async () => {
    const ws = await setup();
    const id = await createModel(ws, 'Owned');
    const item = sb.world.getItem(sb.world.resolveActor(APP.objectId), id);
    expect(item.semanticModel?.owner).toEqual({ kind: 'principal', principalId: APP.objectId });
    expect(sb.world.listItems(sb.world.resolveActor(APP.objectId), ws).map((i) => i.displayName)).toContain('Owned');
  });

  it('refuses the Power BI profile header, and accepts a Power BI-audience token', async () => {
    const ws = await setup();
    const profile = await sb.call('GET', `/v1/workspaces/${ws}/items`, { headers: { 'X-PowerBI-Profile-Id': '3f1d2c4b-0000-4000-8000-00000000cccc' } });
    expect(profile.status).toBe(400);
    expect(profile.json.errorCode).toBe('ProfileNotSupported');
    const pbiToken = await sb.token(APP, POWERBI_SCOPE);
    expect((await sb.call('GET', `/v1/workspaces/${ws}/items`, { token: pbiToken })).status).toBe(200);
    const expired = await sb.call('GET', `/v1/workspaces/${ws}/items`, { token: 'not-a-jwt' });
    expect(expired.status).toBe(401);
    sb.clock.advance(2 * 3600_000);
    const late = await sb.call('GET', `/v1/workspaces/${ws}/items`, { token: pbiToken });
    expect(late.status).toBe(401);
    expect(late.json.errorCode).toBe('TokenExpired');
  });

  it('returns a model definition through an operation, with a .platform part added, and updates it (updateMetadata renames)', async () => {
    const ws = await setup();
    const id = await createModel(ws, 'Sales');
    const get = await sb.call('POST', `/v1/workspaces/${ws}/semanticModels/${id}/getDefinition`);
    expect(get.status).toBe(202);
    const result = await sb.call('GET', `/v1/operations/${get.headers['x-ms-operation-id']}/result`);
    const paths = result.json.definition.parts.map((p: any) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['definition.pbism', 'definition/model.tmdl', '.platform']));
    expect((await sb.call('POST', `/v1/workspaces/${ws}/semanticModels/${id}/getDefinition?format=TMSL`)).json.errorCode).toBe('InvalidRequest');

    const platform = part('.platform', { metadata: { type: 'SemanticModel', displayName: 'Sales v2', description: 'renamed' }, config: { version: '2.0' } });
    const update = await sb.call('POST', `/v1/workspaces/${ws}/items/${id}/updateDefinition?updateMetadata=true`, { body: { definition: { parts: [...modelDefinition().parts, platform] } } });
    expect(update.status).toBe(202);
    const state = await sb.call('GET', `/v1/operations/${update.headers['x-ms-operation-id']}`);
    expect(state.json.status).toBe('Succeeded');
    expect(state.headers.location).toBeUndefined(); // no result to fetch
    expect((await sb.call('GET', `/v1/workspaces/${ws}/items/${id}`)).json).toMatchObject({ displayName: 'Sales v2', description: 'renamed' });
  });

  it('answers definitions of other types synchronously and refuses types without one', async () => {
    const ws = await setup();
    const nb = await sb.call('POST', `/v1/workspaces/${ws}/items`, { body: { displayName: 'nb', type: 'Notebook', definition: { parts: [part('notebook-content.py', '# cell')] } } });
    const nbId = (await sb.call('GET', `/v1/operations/${nb.headers['x-ms-operation-id']}/result`)).json.id;
    const def = await sb.call('POST', `/v1/workspaces/${ws}/items/${nbId}/getDefinition`);
    expect(def.status).toBe(200);
    expect(Buffer.from(def.json.definition.parts[0].payload, 'base64').toString()).toBe('# cell');
    const wh = await sb.call('POST', `/v1/workspaces/${ws}/warehouses`, { body: { displayName: 'dw' } });
    const whId = (await sb.call('GET', `/v1/operations/${wh.headers['x-ms-operation-id']}/result`)).json.id;
    const none = await sb.call('POST', `/v1/workspaces/${ws}/items/${whId}/getDefinition`);
    expect(none.status).toBe(400);
    expect(none.json.errorCode).toBe('OperationNotSupportedForItem');
  });

  it('binds a report created from PBIR to the model its definition.pbir names', async () => {
    const ws = await setup();
    const modelId = await createModel(ws, 'Sales');
    const created = await sb.call('POST', `/v1/workspaces/${ws}/reports`, { body: { displayName: 'Ops Leader', definition: reportDefinition(modelId) } });
    const report = (await sb.call('GET', `/v1/operations/${created.headers['x-ms-operation-id']}/result`)).json;
    expect(sb.world.getItem(sb.world.resolveActor(APP.objectId), report.id).report?.datasetId).toBe(modelId);
  });

  it('checks requests: item type, definition parts, payload encoding, folder', async () => {
    const ws = await setup();
    const post = (body: unknown) => sb.call('POST', `/v1/workspaces/${ws}/items`, { body });
    const badType = await post({ displayName: 'x', type: 'Spreadsheet' });
    expect([badType.status, badType.json.errorCode]).toEqual([400, 'InvalidItemType']);
    const noDef = await post({ displayName: 'x', type: 'SemanticModel' });
    expect([noDef.status, noDef.json.errorCode]).toEqual([400, 'InvalidRequest']);
    const missingPart = await post({ displayName: 'x', type: 'SemanticModel', definition: { parts: [part('definition.pbism', '{}')] } });
    expect(missingPart.json.message).toMatch(/model\.bim|tmdl/);
    const corrupt = await post({ displayName: 'x', type: 'Notebook', definition: { parts: [{ path: 'a.py', payload: '%%%not base64', payloadType: 'InlineBase64' }] } });
    expect([corrupt.status, corrupt.json.errorCode]).toEqual([400, 'CorruptedPayload']);
    const folder = await post({ displayName: 'x', type: 'Notebook', folderId: '3f1d2c4b-0000-4000-8000-000000000f00' });
    expect([folder.status, folder.json.errorCode]).toEqual([404, 'FolderNotFound']);
    const both = await post({ displayName: 'x', type: 'Lakehouse', definition: { parts: [part('a', 'b')] }, creationPayload: { enableSchemas: true } });
    expect(both.status).toBe(400);
  });

  it('finds items through typed endpoints only when the type matches', async () => {
    const ws = await setup();
    const id = await createModel(ws, 'Sales');
    expect((await sb.call('GET', `/v1/workspaces/${ws}/semanticModels/${id}`)).status).toBe(200);
    const wrong = await sb.call('GET', `/v1/workspaces/${ws}/reports/${id}`);
    expect([wrong.status, wrong.json.errorCode]).toEqual([404, 'ItemNotFound']);
    const otherWs = await sb.call('POST', '/v1/workspaces', { body: { displayName: 'other' } });
    expect((await sb.call('GET', `/v1/workspaces/${otherWs.json.id}/items/${id}`)).status).toBe(404);
  });

  it('pages lists with continuationToken and continuationUri, keeping the filter', async () => {
    const ws = await setup({ fabric: { pageSize: 2 } });
    for (const name of ['a', 'b', 'c', 'd', 'e']) await sb.call('POST', `/v1/workspaces/${ws}/items`, { body: { displayName: name, type: 'Notebook' } });
    await sb.call('POST', `/v1/workspaces/${ws}/items`, { body: { displayName: 'lh', type: 'Lakehouse' } });
    const names: string[] = [];
    let url: string | undefined = `/v1/workspaces/${ws}/items?type=Notebook`;
    let pages = 0;
    while (url) {
      const page = await sb.call('GET', url);
      expect(page.status).toBe(200);
      names.push(...page.json.value.map((i: any) => i.displayName));
      expect(Boolean(page.json.continuationToken)).toBe(Boolean(page.json.continuationUri));
      url = page.json.continuationUri;
      pages++;
    }
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pages).toBe(3);
    const stale = await sb.call('GET', `/v1/workspaces/${ws}/folders?continuationToken=abc`);
    expect(stale.json.errorCode).toBe('InvalidContinuationToken');
  });

  it('keeps items in folders and lists a folder tree', async () => {
    const ws = await setup();
    const top = await sb.call('POST', `/v1/workspaces/${ws}/folders`, { body: { displayName: 'reports' } });
    expect(top.status).toBe(201);
    expect(top.headers.location).toBe(`${sb.fabric.url}/v1/workspaces/${ws}/folders/${top.json.id}`);
    const child = await sb.call('POST', `/v1/workspaces/${ws}/folders`, { body: { displayName: 'reports', parentFolderId: top.json.id } });
    expect(child.json.parentFolderId).toBe(top.json.id);
    const dup = await sb.call('POST', `/v1/workspaces/${ws}/folders`, { body: { displayName: 'Reports' } });
    expect([dup.status, dup.json.errorCode]).toEqual([409, 'FolderDisplayNameAlreadyInUse']);
    await sb.call('POST', `/v1/workspaces/${ws}/items`, { body: { displayName: 'nb', type: 'Notebook', folderId: child.json.id } });
    const inTop = await sb.call('GET', `/v1/workspaces/${ws}/items?rootFolderId=${top.json.id}`);
    expect(inTop.json.value.map((i: any) => [i.displayName, i.folderId])).toEqual([['nb', child.json.id]]);
    const direct = await sb.call('GET', `/v1/workspaces/${ws}/items?rootFolderId=${top.json.id}&recursive=false`);
    expect(direct.json.value).toEqual([]);
    expect((await sb.call('DELETE', `/v1/workspaces/${ws}/folders/${top.json.id}`)).json.errorCode).toBe('FolderNotEmpty');
  });
});
