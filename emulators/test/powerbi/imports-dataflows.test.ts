import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../../src/http/index.ts';
import { seedTenant, startSandbox, type Sandbox } from '../support/powerbi-sandbox.ts';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

function multipart(field: string, filename: string, content: string) {
  const boundary = `b${field.length}x`;
  return {
    body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n--${boundary}--\r\n`),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('Power BI imports', () => {
  it('publishes then succeeds on the clock, takes the first part whatever its name, and applies nameConflict', async () => {
    sb = await startSandbox({ virtualClock: true, latency: { profile: 'realistic', routes: {}, scale: 1 } });
    const ws = (await sb.pbi('POST', '/v1.0/myorg/groups', { body: { name: 'imports' } })).json;
    const post = (conflict: string, field = 'file0') =>
      sb!.pbi('POST', `/v1.0/myorg/groups/${ws.id}/imports?datasetDisplayName=Sales.pbix&nameConflict=${conflict}`, multipart(field, 'Sales.pbix', 'PK-synthetic'));
    const first = await post('Abort', 'anything-at-all');
    expect(first.status).toBe(202);
    const state = async (id: string) => (await sb!.pbi('GET', `/v1.0/myorg/groups/${ws.id}/imports/${id}`)).json;
    expect((await state(first.json.id)).importState).toBe('Publishing');
    (sb.clock as VirtualClock).advance(20_000);
    const done = await state(first.json.id);
    expect(done).toMatchObject({ importState: 'Succeeded', datasets: [{ name: 'Sales' }], reports: [{ name: 'Sales' }] });
    expect(done.reports[0].datasetId).toBe(done.datasets[0].id);

    expect((await post('Abort')).status).toBe(409);
    const overwrite = (await post('CreateOrOverwrite')).json;
    (sb.clock as VirtualClock).advance(20_000);
    expect((await state(overwrite.id)).datasets[0].id).toBe(done.datasets[0].id);
    const unique = (await post('GenerateUniqueName')).json;
    (sb.clock as VirtualClock).advance(20_000);
    expect((await state(unique.id)).datasets[0].name).toBe('Sales (2)');
    await post('Ignore');
    expect((await post('Overwrite')).status).toBe(400); // two datasets named Sales now: Overwrite cannot choose
    expect((await sb.pbi('POST', `/v1.0/myorg/groups/${ws.id}/imports?datasetDisplayName=x.pbix`, { body: 'not multipart', headers: { 'content-type': 'text/plain' } })).status).toBe(400);
  });
});

describe('Power BI Gen1 dataflows', () => {
  it('refreshes a dataflow and reports its transactions newest first', async () => {
    sb = await startSandbox({ virtualClock: true, latency: { profile: 'realistic', scale: 1 } });
    const t = seedTenant(sb, 'acme');
    const flow = sb.world.createItem(sb.actor(t.profileId), t.workspace.id, { type: 'Dataflow', displayName: 'Learner feed' });
    const base = `/v1.0/myorg/groups/${t.workspace.id}/dataflows`;
    expect((await sb.pbi('GET', base, { profileId: t.profileId })).json.value).toEqual([expect.objectContaining({ objectId: flow.id, name: 'Learner feed' })]);
    expect((await sb.pbi('POST', `${base}/${flow.id}/refreshes`, { profileId: t.profileId, body: { notifyOption: 'NoNotification' } })).status).toBe(200);
    expect((await sb.pbi('POST', `${base}/${flow.id}/refreshes`, { profileId: t.profileId, body: { notifyOption: 'NoNotification' } })).status).toBe(400);
    const running = (await sb.pbi('GET', `${base}/${flow.id}/transactions`, { profileId: t.profileId })).json.value;
    expect(running).toEqual([expect.objectContaining({ status: 'InProgress', refreshType: 'ViaApi' })]);
    (sb.clock as VirtualClock).advance(120_000);
    expect((await sb.pbi('POST', `${base}/${flow.id}/refreshes`, { profileId: t.profileId, body: { notifyOption: 'NoNotification' } })).status).toBe(200);
    const history = (await sb.pbi('GET', `${base}/${flow.id}/transactions`, { profileId: t.profileId })).json.value;
    expect(history.map((x: { status: string }) => x.status)).toEqual(['InProgress', 'Success']);
    expect((await sb.pbi('POST', `${base}/transactions/${history[0].id}/cancel`, { profileId: t.profileId })).json.status).toBe('Cancelled');
    expect((await sb.pbi('GET', base)).status).toBe(200); // the principal is a member too
    expect((await sb.pbi('GET', `${base}/${flow.id}/transactions`, { profileId: sb.world.createProfile(sb.actor().principalId, 'other').id })).status).toBe(404);
  });
});
