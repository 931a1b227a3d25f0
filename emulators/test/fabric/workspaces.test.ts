// Workspaces through the Fabric API: create (201 + Location), the capacity assignment's progress
// on the emulator clock, roles filter, rename, delete, and the 404 for a workspace the caller
// cannot see. The same workspace is the one the shared world (and so Power BI) holds.

import { afterEach, describe, expect, it } from 'vitest';
import { APP, CAPACITY_ID, OTHER_APP, startFabricSandbox, type FabricSandbox } from '../support/fabric-sandbox.ts';

let sb: FabricSandbox;
afterEach(async () => sb?.stop());

describe('workspaces', () => {
  it('creates a workspace (201 + Location) whose capacity assignment completes on the clock', async () => {
    sb = await startFabricSandbox({ fabric: { latency: { profile: 'realistic', routes: { 'workspaces.create': 0, 'workspaces.get': 0 } } } });
    const res = await sb.call('POST', '/v1/workspaces', { body: { displayName: 'beta-corp', description: 'tenant', capacityId: CAPACITY_ID } });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${sb.fabric.url}/v1/workspaces/${res.json.id}`);
    expect(res.json).toEqual({ id: res.json.id, displayName: 'beta-corp', description: 'tenant', type: 'Workspace', capacityId: CAPACITY_ID, capacityRegion: 'West Central US' });
    const early = await sb.call('GET', `/v1/workspaces/${res.json.id}`);
    expect(early.json.capacityAssignmentProgress).toBe('InProgress');
    expect(early.json.oneLakeEndpoints).toEqual({ blobEndpoint: expect.stringMatching(/^https:\/\//), dfsEndpoint: expect.stringMatching(/^https:\/\//) });
    sb.clock.advance(10_000);
    expect((await sb.call('GET', `/v1/workspaces/${res.json.id}`)).json.capacityAssignmentProgress).toBe('Completed');
    expect(sb.world.getWorkspace(sb.world.resolveActor(APP.objectId), res.json.id).displayName).toBe('beta-corp');
  });

  it('assigns and unassigns a capacity (202)', async () => {
    sb = await startFabricSandbox();
    const ws = (await sb.call('POST', '/v1/workspaces', { body: { displayName: 'shared' } })).json.id;
    expect((await sb.call('GET', `/v1/workspaces/${ws}`)).json.capacityId).toBeUndefined();
    expect((await sb.call('POST', `/v1/workspaces/${ws}/assignToCapacity`, { body: { capacityId: CAPACITY_ID } })).status).toBe(202);
    expect((await sb.call('GET', `/v1/workspaces/${ws}`)).json).toMatchObject({ capacityId: CAPACITY_ID, capacityAssignmentProgress: 'Completed' });
    const bad = await sb.call('POST', `/v1/workspaces/${ws}/assignToCapacity`, { body: { capacityId: '3f1d2c4b-0000-4000-8000-00000000dead' } });
    expect([bad.status, bad.json.errorCode]).toEqual([404, 'CapacityNotFound']);
    expect((await sb.call('POST', `/v1/workspaces/${ws}/unassignFromCapacity`)).status).toBe(202);
    expect((await sb.call('GET', `/v1/workspaces/${ws}`)).json.capacityId).toBeUndefined();
  });

  it('lists only the caller\'s workspaces, filtered by role, and refuses an unknown role', async () => {
    sb = await startFabricSandbox();
    await sb.call('POST', '/v1/workspaces', { body: { displayName: 'mine' } });
    await sb.call('POST', '/v1/workspaces', { body: { displayName: 'theirs' }, token: await sb.token(OTHER_APP) });
    const list = await sb.call('GET', '/v1/workspaces?roles=Admin,Member');
    expect(list.json.value.map((w: any) => w.displayName)).toEqual(['mine']);
    expect((await sb.call('GET', '/v1/workspaces?roles=Viewer')).json.value).toEqual([]);
    const bad = await sb.call('GET', '/v1/workspaces?roles=Owner');
    expect([bad.status, bad.json.errorCode]).toEqual([400, 'InvalidParameter']);
  });

  it('renames, refuses a taken name, deletes, and answers 404 WorkspaceNotFound afterwards and to strangers', async () => {
    sb = await startFabricSandbox();
    const a = (await sb.call('POST', '/v1/workspaces', { body: { displayName: 'a' } })).json.id;
    await sb.call('POST', '/v1/workspaces', { body: { displayName: 'b' } });
    expect((await sb.call('PATCH', `/v1/workspaces/${a}`, { body: { displayName: 'a2' } })).json.displayName).toBe('a2');
    const taken = await sb.call('PATCH', `/v1/workspaces/${a}`, { body: { displayName: 'b' } });
    expect(taken.status).toBe(409);
    const stranger = await sb.call('GET', `/v1/workspaces/${a}`, { token: await sb.token(OTHER_APP) });
    expect([stranger.status, stranger.json.errorCode]).toEqual([404, 'WorkspaceNotFound']);
    expect((await sb.call('DELETE', `/v1/workspaces/${a}`)).status).toBe(200);
    const gone = await sb.call('GET', `/v1/workspaces/${a}/items`);
    expect([gone.status, gone.json.errorCode]).toEqual([404, 'WorkspaceNotFound']);
  });

  it('answers unknown paths and methods in Fabric\'s envelope with the RequestId header', async () => {
    sb = await startFabricSandbox();
    const res = await sb.call('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ requestId: res.headers.requestid, errorCode: 'RouteNotFound', message: expect.any(String) });
    expect(res.headers['x-ms-public-api-error-code']).toBe('RouteNotFound');
    sb.fabric.addFaults([{ route: 'workspaces.list', nth: 1, status: 429, retryAfter: 7 }]);
    const limited = await sb.call('GET', '/v1/workspaces');
    expect([limited.status, limited.headers['retry-after'], limited.json.isRetriable]).toEqual([429, '7', true]);
    expect((await sb.call('GET', '/v1/workspaces')).status).toBe(200);
  });
});
