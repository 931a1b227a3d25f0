// The admin scanner API answers from the world as it was when the scan was requested: the
// workspaces, their users, reports bound to their models, and the models' parameters as M
// expressions with their current values; it is the principal's, never a profile's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../../src/http/index.ts';
import { seedTenant, startSandbox, type Sandbox } from '../support/powerbi-sandbox.ts';

let sb: Sandbox;
beforeAll(async () => {
  // Route latencies scaled to nothing, the scan's duration to 5 s of the virtual clock.
  sb = await startSandbox({ virtualClock: true, latency: { profile: 'realistic', scale: 1e-6, durations: { 'admin.scan': 5e9 } } });
});
afterAll(async () => {
  await sb?.stop();
});

describe('admin scanner', () => {
  it('lists every workspace and scans them with users, reports and parameter expressions', async () => {
    const t = seedTenant(sb, 'scanned');
    const report = sb.world.createItem(sb.actor(t.profileId), t.workspace.id, { type: 'Report', displayName: 'Ops', datasetId: t.model.id });
    const ids = (await sb.pbi('GET', '/v1.0/myorg/admin/workspaces/modified?excludePersonalWorkspaces=True')).json.map((w: { id: string }) => w.id);
    expect(ids).toContain(t.workspace.id);

    const started = await sb.pbi('POST', '/v1.0/myorg/admin/workspaces/getInfo?getArtifactUsers=True&datasetExpressions=True', { body: { workspaces: [t.workspace.id] } });
    expect(started.status).toBe(202);
    expect((await sb.pbi('GET', `/v1.0/myorg/admin/workspaces/scanStatus/${started.json.id}`)).json.status).toBe('Running');
    // Edited after the scan was requested: the result is the world as the scan saw it.
    const before = sb.world.listParameters(t.model.semanticModel!.owner, t.model.id).find((p) => p.name === 'Host')!.currentValue;
    sb.world.updateParameters(t.model.semanticModel!.owner, t.model.id, [{ name: 'Host', newValue: 'later.example' }]);
    expect((await sb.pbi('GET', `/v1.0/myorg/admin/workspaces/scanResult/${started.json.id}`)).status).toBe(400);
    (sb.clock as VirtualClock).advance(5_000);
    expect((await sb.pbi('GET', `/v1.0/myorg/admin/workspaces/scanStatus/${started.json.id}`)).json.status).toBe('Succeeded');

    const [ws] = (await sb.pbi('GET', `/v1.0/myorg/admin/workspaces/scanResult/${started.json.id}`)).json.workspaces;
    expect(ws.id).toBe(t.workspace.id);
    expect(ws.reports).toEqual([expect.objectContaining({ id: report.id, name: 'Ops', datasetId: t.model.id })]);
    expect(ws.users).toEqual((await sb.pbi('GET', `/v1.0/myorg/groups/${t.workspace.id}/users`)).json.value);
    const host = ws.datasets[0].expressions.find((e: { name: string }) => e.name === 'Host');
    expect(host.expression).toBe(`"${before}" meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]`);
  });

  it('refuses a profile, and more than 100 workspaces', async () => {
    const t = seedTenant(sb, 'refused');
    expect((await sb.pbi('GET', '/v1.0/myorg/admin/workspaces/modified', { profileId: t.profileId })).status).toBe(401);
    const many = Array.from({ length: 101 }, () => t.workspace.id);
    expect((await sb.pbi('POST', '/v1.0/myorg/admin/workspaces/getInfo', { body: { workspaces: many } })).status).toBe(400);
    expect((await sb.pbi('GET', '/v1.0/myorg/admin/workspaces/scanStatus/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
