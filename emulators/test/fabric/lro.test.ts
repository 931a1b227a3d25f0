// The long-running-operation state machine over real HTTPS: the 202's headers, the state moving
// NotStarted → Running → Succeeded | Failed on the emulator clock, `/result` only once a result
// exists, and operations private to the caller who started them.

import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../support/https.ts';
import { modelDefinition } from '../support/definitions.ts';
import { APP, CAPACITY_ID, OTHER_APP, startFabricSandbox, type FabricSandbox } from '../support/fabric-sandbox.ts';

let sb: FabricSandbox;
afterEach(async () => sb?.stop());

async function workspace(): Promise<string> {
  const res = await sb.call('POST', '/v1/workspaces', { body: { displayName: `ws-${Math.random().toString(36).slice(2, 8)}`, capacityId: CAPACITY_ID } });
  expect(res.status).toBe(201);
  return res.json.id;
}

describe('long-running operations', () => {
  it('moves a semantic model create NotStarted → Running → Succeeded and serves the result only then', async () => {
    sb = await startFabricSandbox({ fabric: { latency: { profile: 'realistic', routes: { 'operations.get': 0, 'operations.result': 0, 'workspaces.create': 0 }, durations: { 'operations.notStarted': 2_000, 'accept.SemanticModel': 0 } } } });
    const ws = await workspace();
    const created = await sb.call('POST', `/v1/workspaces/${ws}/semanticModels`, { body: { displayName: 'Sales', definition: modelDefinition() } });
    expect(created.status).toBe(202);
    const opId = created.headers['x-ms-operation-id'];
    expect(created.headers.location).toBe(`${sb.fabric.url}/v1/operations/${opId}`);
    expect(created.headers['retry-after']).toBe('20');
    expect(created.text).toBe('null');

    const states: string[] = [];
    const poll = async () => {
      const res = await sb.call('GET', `/v1/operations/${opId}`);
      expect(res.status).toBe(200);
      states.push(res.json.status);
      return res;
    };
    const notStarted = await poll();
    expect(notStarted.json).toMatchObject({ status: 'NotStarted', percentComplete: null, error: null });
    const early = await sb.call('GET', `/v1/operations/${opId}/result`);
    expect(early.status).toBe(400);
    expect(early.json.errorCode).toBe('UnknownError');

    sb.clock.advance(3_000);
    const running = await poll();
    expect(running.json).toMatchObject({ status: 'Running', percentComplete: null });
    expect(running.json.lastUpdatedTimeUtc).toBe(running.json.createdTimeUtc);
    expect(running.headers.location).toBe(`${sb.fabric.url}/v1/operations/${opId}`);
    expect(running.headers['retry-after']).toBe('20');

    sb.clock.advance(13_100);
    const done = await poll();
    expect(done.json).toMatchObject({ status: 'Succeeded', percentComplete: 100, error: null });
    expect(done.headers.location).toBe(`${sb.fabric.url}/v1/operations/${opId}/result`);
    expect(done.headers['retry-after']).toBeUndefined();
    // createdTimeUtc and lastUpdatedTimeUtc are written as the service writes them: no zone.
    expect(done.json.createdTimeUtc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$/);
    expect(Date.parse(`${done.json.lastUpdatedTimeUtc}Z`) - Date.parse(`${done.json.createdTimeUtc}Z`)).toBe(15_100);

    const result = await sb.call('GET', `/v1/operations/${opId}/result`);
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ type: 'SemanticModel', displayName: 'Sales', workspaceId: ws });
    expect(states).toEqual(['NotStarted', 'Running', 'Succeeded']);
  });

  it('completes at once under the instant profile, with Retry-After 0', async () => {
    sb = await startFabricSandbox();
    const ws = await workspace();
    const created = await sb.call('POST', `/v1/workspaces/${ws}/items`, { body: { displayName: 'nb', type: 'Notebook', definition: { parts: [{ path: 'notebook-content.py', payload: Buffer.from('# hi').toString('base64'), payloadType: 'InlineBase64' }] } } });
    expect(created.status).toBe(202);
    expect(created.headers['retry-after']).toBe('0');
    const state = await sb.call('GET', `/v1/operations/${created.headers['x-ms-operation-id']}`);
    expect(state.json.status).toBe('Succeeded');
  });

  it('ends Failed with the planned error, creates nothing, and has no result', async () => {
    sb = await startFabricSandbox();
    const ws = await workspace();
    sb.fabric.planOperationFailures({ itemType: 'SemanticModel', count: 1, errorCode: 'ModelLoadFailed', message: 'The model could not be loaded.' });
    const created = await sb.call('POST', `/v1/workspaces/${ws}/semanticModels`, { body: { displayName: 'Broken', definition: modelDefinition() } });
    const opId = created.headers['x-ms-operation-id'];
    const state = await sb.call('GET', `/v1/operations/${opId}`);
    expect(state.json).toMatchObject({ status: 'Failed', error: { errorCode: 'ModelLoadFailed', message: 'The model could not be loaded.' } });
    expect(state.headers.location).toBeUndefined();
    expect((await sb.call('GET', `/v1/operations/${opId}/result`)).status).toBe(400);
    const list = await sb.call('GET', `/v1/workspaces/${ws}/semanticModels`);
    expect(list.json.value).toEqual([]);
    // The plan is used up: the next create succeeds.
    const again = await sb.call('POST', `/v1/workspaces/${ws}/semanticModels`, { body: { displayName: 'Broken', definition: modelDefinition() } });
    expect((await sb.call('GET', `/v1/operations/${again.headers['x-ms-operation-id']}`)).json.status).toBe('Succeeded');
  });

  it('takes failure plans over the admin API and shows operations in the state dump', async () => {
    sb = await startFabricSandbox();
    const ws = await workspace();
    const plan = await call(`${sb.fabric.url}/_admin/fabric/operation-failures`, 'POST', { body: { count: 1, errorCode: 'Boom', message: 'planned' } });
    expect(plan.status).toBe(204);
    const created = await sb.call('POST', `/v1/workspaces/${ws}/items`, { body: { displayName: 'nb', type: 'Notebook' } });
    const state = await call(`${sb.fabric.url}/_admin/state`, 'GET');
    expect(state.json.operations).toEqual([expect.objectContaining({ id: created.headers['x-ms-operation-id'], label: 'create Notebook "nb"', status: 'Failed', hasResult: false })]);
    expect(state.json.failurePlans).toEqual([]);
  });

  it('answers an operation only to its caller, 404 EntityNotFound otherwise', async () => {
    sb = await startFabricSandbox();
    const ws = await workspace();
    const created = await sb.call('POST', `/v1/workspaces/${ws}/semanticModels`, { body: { displayName: 'Mine', definition: modelDefinition() } });
    const opId = created.headers['x-ms-operation-id'];
    const other = await sb.call('GET', `/v1/operations/${opId}`, { token: await sb.token(OTHER_APP) });
    expect(other.status).toBe(404);
    expect(other.json.errorCode).toBe('EntityNotFound');
    expect(other.headers['x-ms-public-api-error-code']).toBe('EntityNotFound');
    const unknown = await sb.call('GET', '/v1/operations/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect((await sb.call('GET', `/v1/operations/${opId}`, { token: await sb.token(APP) })).status).toBe(200);
  });

  it('builds Location from the Host the caller used', async () => {
    sb = await startFabricSandbox();
    const ws = await workspace();
    const created = await sb.call('POST', `/v1/workspaces/${ws}/semanticModels`, {
      body: { displayName: 'Hosted', definition: modelDefinition() }, headers: { host: `localhost:${sb.fabric.port}` },
    });
    expect(created.headers.location).toBe(`https://localhost:${sb.fabric.port}/v1/operations/${created.headers['x-ms-operation-id']}`);
  });
});
