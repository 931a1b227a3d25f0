import { afterEach, describe, expect, it } from 'vitest';
import { encryptForGateway } from '../support/gateway-crypto.ts';
import { seedTenant, startSandbox, APP, type Sandbox } from '../support/powerbi-sandbox.ts';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

const basic = (username: string, password: string) => JSON.stringify({ credentialData: [{ name: 'username', value: username }, { name: 'password', value: password }] });

describe('Power BI datasets: parameters, ownership, datasources', () => {
  it('serves the model with the live service field names and its TMDL parameters', async () => {
    sb = await startSandbox();
    const t = seedTenant(sb, 'acme', { host: 'db.acme.internal', database: 'acme', schema: 'tenant_acme' });
    const ds = (await sb.pbi('GET', `/v1.0/myorg/groups/${t.workspace.id}/datasets/${t.model.id}`)).json;
    expect(ds).toMatchObject({ id: t.model.id, name: 'Tenant Analytics', configuredBy: APP.displayName, isRefreshable: true, ContentProviderType: 'PbixInImportMode', targetStorageMode: 'Abf' });
    const params = (await sb.pbi('GET', `/v1.0/myorg/groups/${t.workspace.id}/datasets/${t.model.id}/parameters`)).json.value;
    expect(params).toEqual([
      { name: 'Host', type: 'Text', currentValue: 'db.acme.internal', isRequired: true, suggestedValues: [] },
      { name: 'Port', type: 'Text', currentValue: '5432', isRequired: true, suggestedValues: [] },
      { name: 'Database', type: 'Text', currentValue: 'acme', isRequired: true, suggestedValues: [] },
      { name: 'Schema', type: 'Text', currentValue: 'tenant_acme', isRequired: true, suggestedValues: [] },
    ]);
    const sources = (await sb.pbi('GET', `/v1.0/myorg/groups/${t.workspace.id}/datasets/${t.model.id}/datasources`)).json.value;
    expect(sources).toEqual([{ datasourceType: 'PostgreSql', connectionDetails: { server: 'db.acme.internal:5432', database: 'acme' }, datasourceId: expect.any(String), gatewayId: sb.world.cloudGatewayId() }]);
    const missing = await sb.pbi('GET', `/v1.0/myorg/groups/${t.workspace.id}/datasets/00000000-0000-4000-8000-000000000000`);
    expect(missing.json.error).toMatchObject({ code: 'ItemNotFound' });
  });

  it('keeps UpdateParameters to the owner, with its rules, and rejects UpdateDatasources for PostgreSQL', async () => {
    sb = await startSandbox();
    const t = seedTenant(sb, 'acme');
    const base = `/v1.0/myorg/groups/${t.workspace.id}/datasets/${t.model.id}`;
    const asProfile = await sb.pbi('POST', `${base}/Default.UpdateParameters`, { profileId: t.profileId, body: { updateDetails: [{ name: 'Database', newValue: 'x' }] } });
    expect(asProfile.status).toBe(400);
    expect(asProfile.json.error).toEqual({ code: 'InvalidRequest', message: 'This operation is only supported for the dataset owner' });
    for (const updateDetails of [[], [{ name: 'database', newValue: 'x' }], [{ name: 'Host', newValue: '' }], [{ name: 'Host', newValue: 'a' }, { name: 'Host', newValue: 'b' }]]) {
      expect((await sb.pbi('POST', `${base}/Default.UpdateParameters`, { body: { updateDetails } })).status, JSON.stringify(updateDetails)).toBe(400);
    }
    expect((await sb.pbi('POST', `${base}/Default.UpdateParameters`, { body: { updateDetails: [{ name: 'Database', newValue: 'acme_live' }] } })).status).toBe(200);
    const params = (await sb.pbi('GET', `${base}/parameters`)).json.value;
    expect(params.find((p: { name: string }) => p.name === 'Database').currentValue).toBe('acme_live');

    const update = await sb.pbi('POST', `${base}/Default.UpdateDatasources`, {
      body: { updateDetails: [{ datasourceSelector: { datasourceType: 'PostgreSql', connectionDetails: { server: 'template-db.invalid:5432', database: 'acme_live' } }, connectionDetails: { server: 'other:5432', database: 'other' } }] },
    });
    expect(update.status).toBe(400);
    expect(update.json.error.message).toMatch(/PostgreSql is not supported.*UpdateParameters/);
  });

  it('TakeOver by the profile makes it the owner and clears the credentials', async () => {
    sb = await startSandbox();
    const t = seedTenant(sb, 'acme');
    const base = `/v1.0/myorg/groups/${t.workspace.id}/datasets/${t.model.id}`;
    const ds = (await sb.pbi('GET', `${base}/datasources`)).json.value[0];
    const patch = (profileId?: string) => sb!.pbi('PATCH', `/v1.0/myorg/gateways/${ds.gatewayId}/datasources/${ds.datasourceId}`, {
      profileId, body: { credentialDetails: { credentialType: 'Basic', credentials: basic('acme_bi', 'synthetic-pw-1'), encryptedConnection: 'Encrypted', encryptionAlgorithm: 'None', privacyLevel: 'Organizational' } },
    });
    expect((await patch()).status).toBe(200);
    expect(sb.world.state.items.get(t.model.id)!.semanticModel!.credentials?.username).toBe('acme_bi');
    expect((await patch(t.profileId)).status).toBe(401);

    expect((await sb.pbi('POST', `${base}/Default.TakeOver`, { profileId: t.profileId })).status).toBe(200);
    expect((await sb.pbi('GET', base, { profileId: t.profileId })).json.configuredBy).toBe('acme');
    expect(sb.world.state.items.get(t.model.id)!.semanticModel!.credentials).toBeUndefined();
    expect((await patch()).status).toBe(401);
    expect((await patch(t.profileId)).status).toBe(200);
    // A second TakeOver by the owner changes nothing; credentials survive it.
    expect((await sb.pbi('POST', `${base}/Default.TakeOver`, { profileId: t.profileId })).status).toBe(200);
    expect(sb.world.state.items.get(t.model.id)!.semanticModel!.credentials?.username).toBe('acme_bi');
  });

  it.each([2048, 1024])('sets RSA-OAEP credentials encrypted with a %i-bit gateway public key, and refuses None there', async (bits) => {
    sb = await startSandbox();
    const t = seedTenant(sb, 'acme');
    const gateway = sb.world.createGateway({ name: 'on-prem', keyBits: bits });
    const base = `/v1.0/myorg/groups/${t.workspace.id}/datasets/${t.model.id}`;
    expect((await sb.pbi('POST', `${base}/Default.BindToGateway`, { body: { gatewayObjectId: gateway.id } })).status).toBe(200);
    const ds = (await sb.pbi('GET', `${base}/datasources`)).json.value[0];
    expect(ds.gatewayId).toBe(gateway.id);
    const { publicKey } = (await sb.pbi('GET', `/v1.0/myorg/gateways/${gateway.id}`)).json;
    expect(Buffer.from(publicKey.modulus, 'base64').length).toBe(bits / 8);
    const body = (credentials: string, encryptionAlgorithm: string) => ({ credentialDetails: { credentialType: 'Basic', credentials, encryptedConnection: 'Encrypted', encryptionAlgorithm, privacyLevel: 'Organizational' } });
    const path = `/v1.0/myorg/gateways/${gateway.id}/datasources/${ds.datasourceId}`;
    expect((await sb.pbi('PATCH', path, { body: body(basic('u', 'p'), 'None') })).status).toBe(400);
    expect((await sb.pbi('PATCH', path, { body: body('bm90IGVuY3J5cHRlZA==', 'RSA-OAEP') })).status).toBe(400);
    const ok = await sb.pbi('PATCH', path, { body: body(encryptForGateway(basic('acme_bi', 'synthetic-pw-2'), publicKey), 'RSA-OAEP') });
    expect(ok.status).toBe(200);
    expect(sb.world.state.items.get(t.model.id)!.semanticModel!.credentials).toMatchObject({ username: 'acme_bi', password: 'synthetic-pw-2', encryptionAlgorithm: 'RSA-OAEP' });
  });
});

describe('Power BI refreshes', () => {
  it('answers a plain refresh 202 without Location, and records CredentialsNotSpecified until credentials are set', async () => {
    sb = await startSandbox();
    const t = seedTenant(sb, 'acme');
    const base = `/v1.0/myorg/groups/${t.workspace.id}/datasets/${t.model.id}`;
    const first = await sb.pbi('POST', `${base}/refreshes`, { body: { notifyOption: 'NoNotification' } });
    expect(first.status).toBe(202);
    expect(first.headers.location).toBeUndefined();
    expect(first.headers['x-ms-request-id']).toBeUndefined();
    await sb.powerbi.settleRefreshes();
    const second = await sb.pbi('POST', `${base}/refreshes`);
    expect(second.status).toBe(202);
    await sb.powerbi.settleRefreshes();
    const history = (await sb.pbi('GET', `${base}/refreshes?$top=5`)).json.value;
    expect(history.map((r: { requestId: string }) => r.requestId)).toEqual([second.headers.requestid, first.headers.requestid]);
    expect(history[0]).toMatchObject({ refreshType: 'ViaApi', status: 'Failed', endTime: expect.any(String) });
    expect(JSON.parse(history[0].serviceExceptionJson).errorCode).toBe('ModelRefreshFailed_CredentialsNotSpecified');
    expect((await sb.pbi('GET', `${base}/refreshes?$top=1`)).json.value).toHaveLength(1);
  });

  it('answers an enhanced refresh with Location and x-ms-request-id, runs one refresh at a time, and cancels', async () => {
    // Refreshes last ~17 minutes of real time here; every route answers at once.
    sb = await startSandbox({ latency: { profile: 'realistic', scale: 1e-6, durations: { 'dataset.refresh': 1e12 } } });
    const t = seedTenant(sb, 'acme');
    const base = `/v1.0/myorg/groups/${t.workspace.id}/datasets/${t.model.id}`;
    expect((await sb.pbi('POST', `${base}/refreshes`, { body: { type: 'Full' } })).status).toBe(400); // shared capacity
    const capacity = sb.world.addCapacity({ displayName: 'F2' });
    sb.world.assignToCapacity(sb.actor(t.profileId), t.workspace.id, capacity.id, 0);

    const enhanced = await sb.pbi('POST', `${base}/refreshes`, { body: { type: 'Full', commitMode: 'Transactional', objects: [{ table: 'learners' }], retryCount: 1, timeout: '02:00:00' } });
    expect(enhanced.status).toBe(202);
    const id = enhanced.headers['x-ms-request-id'];
    expect(enhanced.headers.location).toBe(`${sb.powerbi.url}${base}/refreshes/${id}`);
    const again = await sb.pbi('POST', `${base}/refreshes`, { body: { type: 'Full' } });
    expect(again.status).toBe(409);
    const plainAgain = await sb.pbi('POST', `${base}/refreshes`);
    expect(plainAgain.status).toBe(400);
    expect(plainAgain.json.error.message).toContain('Another refresh request is already executing');
    expect((await sb.pbi('GET', `${base}/refreshes`)).json.value[0]).toMatchObject({ requestId: id, status: 'Unknown', refreshType: 'ViaEnhancedApi' });
    const details = await sb.pbi('GET', `${base}/refreshes/${id}`);
    expect(details.status).toBe(202);
    expect(details.json).toMatchObject({ type: 'Full', commitMode: 'Transactional', status: 'Unknown', extendedStatus: 'InProgress', objects: [{ table: 'learners', partition: 'learners', status: 'InProgress' }] });

    const whileRunning = await sb.pbi('POST', `${base}/Default.UpdateParameters`, { body: { updateDetails: [{ name: 'Database', newValue: 'other' }] } });
    expect(whileRunning.status).toBe(400);
    expect(whileRunning.json.error.message).toContain('refresh');

    expect((await sb.pbi('DELETE', `${base}/refreshes/${id}`)).status).toBe(200);
    await sb.powerbi.settleRefreshes();
    expect((await sb.pbi('GET', `${base}/refreshes/${id}`)).json).toMatchObject({ extendedStatus: 'Cancelled' });
    expect((await sb.pbi('POST', `${base}/refreshes`, { body: { objects: [{ table: 'nope' }] } })).status).toBe(400);
    expect((await sb.pbi('POST', `${base}/refreshes`, { body: { timeout: '30:00:00' } })).status).toBe(400);
  });

  it('allows 8 refreshes a day on shared capacity', async () => {
    sb = await startSandbox();
    const t = seedTenant(sb, 'acme');
    const base = `/v1.0/myorg/groups/${t.workspace.id}/datasets/${t.model.id}`;
    for (let i = 0; i < 8; i++) {
      expect((await sb.pbi('POST', `${base}/refreshes`)).status).toBe(202);
      await sb.powerbi.settleRefreshes();
    }
    const ninth = await sb.pbi('POST', `${base}/refreshes`);
    expect(ninth.status).toBe(400);
    expect(ninth.json.error.message).toContain('8 refreshes a day');
  });
});
