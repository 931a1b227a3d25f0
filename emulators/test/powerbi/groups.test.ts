import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../../src/http/index.ts';
import { FABRIC_SCOPE } from '../support/entra.ts';
import { APP, OTHER_APP, startSandbox, type Sandbox } from '../support/powerbi-sandbox.ts';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

describe('Power BI groups', () => {
  it('answers CreateGroup with one group object, and filters, pages and deletes groups', async () => {
    sb = await startSandbox();
    const created = await sb.pbi('POST', '/v1.0/myorg/groups?workspaceV2=True', { body: { name: 'acme-training' } });
    expect(created.status).toBe(200);
    expect(created.json.value).toBeUndefined();
    expect(created.json).toMatchObject({ name: 'acme-training', isReadOnly: false, isOnDedicatedCapacity: false });
    expect(created.headers.requestid).toMatch(/^[0-9a-f-]{36}$/);
    for (const name of ['beta-corp', 'beta-labs', "o'neil"]) await sb.pbi('POST', '/v1.0/myorg/groups', { body: { name } });

    const names = async (query: string) => (await sb!.pbi('GET', `/v1.0/myorg/groups?${query}`)).json.value.map((g: { name: string }) => g.name);
    expect(await names(`$filter=${encodeURIComponent("name eq 'beta-corp'")}`)).toEqual(['beta-corp']);
    expect(await names(`$filter=${encodeURIComponent("contains(name,'beta')")}`)).toEqual(['beta-corp', 'beta-labs']);
    expect(await names(`$filter=${encodeURIComponent("name eq 'o''neil'")}`)).toEqual(["o'neil"]);
    expect(await names('$top=2&$skip=1')).toEqual(['beta-corp', 'beta-labs']);
    const bad = await sb.pbi('GET', `/v1.0/myorg/groups?$filter=${encodeURIComponent('name has 1')}`);
    expect(bad.status).toBe(400);

    const duplicate = await sb.pbi('POST', '/v1.0/myorg/groups', { body: { name: 'ACME-training' } });
    expect(duplicate.status).toBe(409);
    expect((await sb.pbi('DELETE', `/V1.0/MYORG/GROUPS/${created.json.id}`)).status).toBe(200);
    const gone = await sb.pbi('GET', `/v1.0/myorg/groups/${created.json.id}`);
    expect(gone.status).toBe(404);
    expect(gone.json.error).toMatchObject({ code: 'PowerBIEntityNotFound', 'pbi.error': { code: 'PowerBIEntityNotFound' } });
  });

  it('manages group users with groupUserAccessRight, including a profile as a member', async () => {
    sb = await startSandbox();
    const ws = (await sb.pbi('POST', '/v1.0/myorg/groups', { body: { name: 'users' } })).json;
    const profile = (await sb.pbi('POST', '/v1.0/myorg/profiles', { body: { displayName: 'tenant-x' } })).json;
    expect((await sb.pbi('POST', `/v1.0/myorg/groups/${ws.id}/users`, { body: { emailAddress: 'admin@contoso.example', groupUserAccessRight: 'Admin', principalType: 'User' } })).status).toBe(200);
    expect((await sb.pbi('POST', `/v1.0/myorg/groups/${ws.id}/users`, { body: { identifier: APP.objectId, principalType: 'App', groupUserAccessRight: 'Viewer', profile: { id: profile.id } } })).status).toBe(200);
    const again = await sb.pbi('POST', `/v1.0/myorg/groups/${ws.id}/users`, { body: { emailAddress: 'admin@contoso.example', groupUserAccessRight: 'Admin', principalType: 'User' } });
    expect(again.json.error.code).toBe('AddingAlreadyExistsGroupUserNotSupportedError');
    expect((await sb.pbi('PUT', `/v1.0/myorg/groups/${ws.id}/users`, { body: { identifier: APP.objectId, principalType: 'App', groupUserAccessRight: 'Contributor', profile: { id: profile.id } } })).status).toBe(200);
    const users = (await sb.pbi('GET', `/v1.0/myorg/groups/${ws.id}/users`)).json.value;
    expect(users).toEqual(expect.arrayContaining([
      expect.objectContaining({ identifier: 'admin@contoso.example', groupUserAccessRight: 'Admin', principalType: 'User' }),
      expect.objectContaining({ identifier: APP.objectId, groupUserAccessRight: 'Contributor', profile: { id: profile.id, displayName: 'tenant-x' } }),
    ]));
    // The profile now sees the workspace; a Contributor may read it.
    expect((await sb.pbi('GET', `/v1.0/myorg/groups/${ws.id}`, { profileId: profile.id })).status).toBe(200);
    expect((await sb.pbi('DELETE', `/v1.0/myorg/groups/${ws.id}/users/${APP.objectId}?profileId=${profile.id}`)).status).toBe(200);
    expect((await sb.pbi('GET', `/v1.0/myorg/groups/${ws.id}`, { profileId: profile.id })).status).toBe(404);
  });

  it('moves a capacity assignment Pending → InProgress → CompletedSuccessfully on the clock', async () => {
    sb = await startSandbox({ virtualClock: true, latency: { profile: 'realistic' } });
    const capacity = sb.world.addCapacity({ displayName: 'F64 west' });
    const ws = (await sb.pbi('POST', '/v1.0/myorg/groups', { body: { name: 'cap' } })).json;
    expect((await sb.pbi('POST', `/v1.0/myorg/groups/${ws.id}/AssignToCapacity`, { body: { capacityId: capacity.id.toUpperCase() } })).status).toBe(200);
    const status = async () => (await sb!.pbi('GET', `/v1.0/myorg/groups/${ws.id}/CapacityAssignmentStatus`)).json;
    const clock = sb.clock as VirtualClock;
    const seen = [(await status()).status];
    clock.advance(10_000);
    seen.push((await status()).status);
    clock.advance(30_000);
    const done = await status();
    seen.push(done.status);
    expect(seen).toEqual(['Pending', 'InProgress', 'CompletedSuccessfully']);
    expect(done).toMatchObject({ capacityId: capacity.id.toUpperCase(), activityId: expect.any(String), endTime: expect.any(String) });
    expect((await sb.pbi('GET', `/v1.0/myorg/groups/${ws.id}`)).json).toMatchObject({ isOnDedicatedCapacity: true, capacityId: capacity.id.toUpperCase() });
  });
});

describe('Power BI service principal profiles', () => {
  it('isolates profiles: each sees only its own workspaces, matched whatever the header case', async () => {
    sb = await startSandbox();
    const a = (await sb.pbi('POST', '/v1.0/myorg/profiles', { body: { displayName: 'acme' } })).json;
    const b = (await sb.pbi('POST', '/v1.0/myorg/profiles', { body: { displayName: 'beta' } })).json;
    expect(a).toMatchObject({ id: expect.any(String), displayName: 'acme' });
    const wsA = (await sb.pbi('POST', '/v1.0/myorg/groups', { body: { name: 'acme ws' }, headers: { 'x-powerbi-profile-id': a.id } })).json;
    await sb.pbi('POST', '/v1.0/myorg/groups', { body: { name: 'beta ws' }, headers: { 'X-POWERBI-PROFILE-ID': b.id } });
    const list = async (headers: Record<string, string>) => (await sb!.pbi('GET', '/v1.0/myorg/groups', { headers })).json.value.map((g: { name: string }) => g.name);
    expect(await list({ 'X-PowerBI-Profile-Id': a.id })).toEqual(['acme ws']);
    expect(await list({ 'x-powerbi-profile-id': b.id })).toEqual(['beta ws']);
    expect(await list({})).toEqual([]);
    expect((await sb.pbi('GET', `/v1.0/myorg/groups/${wsA.id}`, { profileId: b.id })).status).toBe(404);
    // A profile of another principal does not exist for this one.
    const foreign = await sb.pbi('GET', '/v1.0/myorg/groups', { profileId: a.id, token: await sb.token(OTHER_APP) });
    expect(foreign.status).toBe(404);
    expect((await sb.pbi('GET', '/v1.0/myorg/profiles')).json.value.map((p: { displayName: string }) => p.displayName)).toEqual(['acme', 'beta']);
  });

  it('refuses the profile header on the Profiles API', async () => {
    sb = await startSandbox();
    const a = (await sb.pbi('POST', '/v1.0/myorg/profiles', { body: { displayName: 'acme' } })).json;
    for (const [method, path] of [['GET', '/v1.0/myorg/profiles'], ['POST', '/v1.0/myorg/profiles'], ['DELETE', `/v1.0/myorg/profiles/${a.id}`]]) {
      const reply = await sb.pbi(method, path, { profileId: a.id, body: method === 'POST' ? { displayName: 'x' } : undefined });
      expect(reply.status, `${method} ${path}`).toBe(400);
      expect(reply.json.error.message).toContain('profile');
    }
    expect((await sb.pbi('DELETE', `/v1.0/myorg/profiles/${a.id}`)).status).toBe(200);
    expect((await sb.pbi('GET', '/v1.0/myorg/groups', { profileId: a.id })).status).toBe(404);
  });

  it('caps a principal at 1,000 workspaces; its profiles have their own', async () => {
    sb = await startSandbox();
    for (let i = 0; i < 999; i++) sb.world.createWorkspace(sb.actor(), { displayName: `bulk-${i}` });
    expect((await sb.pbi('POST', '/v1.0/myorg/groups', { body: { name: 'the 1000th' } })).status).toBe(200);
    const refused = await sb.pbi('POST', '/v1.0/myorg/groups', { body: { name: 'the 1001st' } });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('WorkspaceLimitExceeded');
    const profile = (await sb.pbi('POST', '/v1.0/myorg/profiles', { body: { displayName: 'p' } })).json;
    expect((await sb.pbi('POST', '/v1.0/myorg/groups', { body: { name: 'the 1001st' }, profileId: profile.id })).status).toBe(200);
  });
});

describe('Power BI token checks', () => {
  it('refuses a Fabric-audience token, a missing token, and an expired one with 403 TokenExpired', async () => {
    sb = await startSandbox({ virtualClock: true });
    const fabric = await sb.pbi('GET', '/v1.0/myorg/groups', { token: await sb.token(APP, FABRIC_SCOPE) });
    expect(fabric.status).toBe(401);
    expect(fabric.headers['www-authenticate']).toContain('invalid_token');
    expect((await sb.pbi('GET', '/v1.0/myorg/groups', { token: 'not-a-jwt' })).status).toBe(401);
    const token = await sb.token();
    expect((await sb.pbi('GET', '/v1.0/myorg/groups', { token })).status).toBe(200);
    (sb.clock as VirtualClock).advance(2 * 3600_000);
    const expired = await sb.pbi('GET', '/v1.0/myorg/groups', { token });
    expect(expired.status).toBe(403);
    expect(expired.json).toEqual({ error: { code: 'TokenExpired', message: 'Access token has expired, resubmit with a new access token' } });
  });
});
