import { afterEach, describe, expect, it } from 'vitest';
import { seedTenant, startSandbox, type Sandbox } from '../support/powerbi-sandbox.ts';
import { templateFor } from '../support/definitions.ts';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

/** A template workspace of the principal with one model and two versions of a report. */
function seedTemplates(s: Sandbox) {
  const ws = s.world.createWorkspace(s.actor(), { displayName: 'templates' });
  const model = s.world.createItem(s.actor(), ws.id, { type: 'SemanticModel', displayName: 'Template model', definition: { parts: templateFor({}) } });
  const v1 = s.world.createItem(s.actor(), ws.id, { type: 'Report', displayName: 'APTEM-BKSB-HUBSPOT - Operations Leader v1.2', datasetId: model.id });
  const v2 = s.world.createItem(s.actor(), ws.id, { type: 'Report', displayName: 'APTEM-BKSB-HUBSPOT - Operations Leader v1.3', datasetId: model.id });
  return { ws, model, v1, v2 };
}

describe('Power BI reports', () => {
  it('Clone with targetWorkspaceId + targetModelId binds the clone to the target model; without a target model it stays bound to the source', async () => {
    sb = await startSandbox();
    const tpl = seedTemplates(sb);
    const tenant = seedTenant(sb, 'acme');
    const bound = await sb.pbi('POST', `/v1.0/myorg/groups/${tpl.ws.id}/reports/${tpl.v1.id}/Clone`, {
      body: { name: 'Operations Leader', targetWorkspaceId: tenant.workspace.id, targetModelId: tenant.model.id },
    });
    expect(bound.status).toBe(200);
    expect(bound.json).toMatchObject({ name: 'Operations Leader', datasetId: tenant.model.id, reportType: 'PowerBIReport' });
    expect(bound.json.id).not.toBe(tpl.v1.id);
    const unbound = await sb.pbi('POST', `/v1.0/myorg/groups/${tpl.ws.id}/reports/${tpl.v1.id}/Clone`, { body: { name: 'Unbound', targetWorkspaceId: tenant.workspace.id } });
    expect(unbound.json.datasetId).toBe(tpl.model.id);

    const listed = await sb.pbi('GET', `/v1.0/myorg/groups/${tenant.workspace.id}/reports`, { profileId: tenant.profileId });
    expect(listed.json.value.map((r: { name: string; datasetId: string }) => [r.name, r.datasetId])).toEqual([
      ['Operations Leader', tenant.model.id], ['Unbound', tpl.model.id],
    ]);
    // The profile cannot see the template workspace.
    expect((await sb.pbi('GET', `/v1.0/myorg/groups/${tpl.ws.id}/reports/${tpl.v1.id}`, { profileId: tenant.profileId })).status).toBe(404);
  });

  it('UpdateReportContent keeps the report id and binding; Rebind moves the binding; delete removes it', async () => {
    sb = await startSandbox();
    const tpl = seedTemplates(sb);
    const tenant = seedTenant(sb, 'acme');
    const clone = (await sb.pbi('POST', `/v1.0/myorg/groups/${tpl.ws.id}/reports/${tpl.v1.id}/Clone`, {
      body: { name: 'Ops', targetWorkspaceId: tenant.workspace.id, targetModelId: tenant.model.id },
    })).json;
    const updated = await sb.pbi('POST', `/v1.0/myorg/groups/${tenant.workspace.id}/reports/${clone.id}/UpdateReportContent`, {
      body: { sourceType: 'ExistingReport', sourceReport: { sourceReportId: tpl.v2.id, sourceWorkspaceId: tpl.ws.id } },
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id: clone.id, datasetId: tenant.model.id, name: 'Ops' });
    expect(sb.world.state.items.get(clone.id)!.report!.contentVersion).toBe(2);

    const rebind = await sb.pbi('POST', `/v1.0/myorg/groups/${tenant.workspace.id}/reports/${clone.id}/Rebind`, { body: { datasetId: tpl.model.id } });
    expect(rebind.status).toBe(200);
    expect((await sb.pbi('GET', `/v1.0/myorg/groups/${tenant.workspace.id}/reports/${clone.id}`)).json.datasetId).toBe(tpl.model.id);
    const badSource = await sb.pbi('POST', `/v1.0/myorg/groups/${tenant.workspace.id}/reports/${clone.id}/UpdateReportContent`, { body: { sourceType: 'File' } });
    expect(badSource.status).toBe(400);
    expect((await sb.pbi('DELETE', `/v1.0/myorg/groups/${tenant.workspace.id}/reports/${clone.id}`)).status).toBe(200);
    expect((await sb.pbi('GET', `/v1.0/myorg/groups/${tenant.workspace.id}/reports/${clone.id}`)).status).toBe(404);
  });

  it('generates embed tokens for a report and for several resources, and changes nothing', async () => {
    sb = await startSandbox();
    const tenant = seedTenant(sb, 'acme');
    const report = (await sb.pbi('POST', `/v1.0/myorg/groups/${seedTemplates(sb).ws.id}/reports/${[...sb.world.state.items.values()].find((i) => i.type === 'Report')!.id}/Clone`, {
      body: { name: 'Ops', targetWorkspaceId: tenant.workspace.id, targetModelId: tenant.model.id },
    })).json;
    const before = JSON.stringify(sb.world.dump());
    const single = await sb.pbi('POST', `/v1.0/myorg/groups/${tenant.workspace.id}/reports/${report.id}/GenerateToken`, { body: { accessLevel: 'View' }, profileId: tenant.profileId });
    expect(single.status).toBe(200);
    expect(single.json).toMatchObject({ token: expect.any(String), tokenId: expect.any(String), expiration: expect.any(String) });
    const multi = await sb.pbi('POST', '/v1.0/myorg/GenerateToken', {
      body: { datasets: [{ id: tenant.model.id }], reports: [{ id: report.id }], targetWorkspaces: [{ id: tenant.workspace.id }] }, profileId: tenant.profileId,
    });
    expect(multi.status).toBe(200);
    const missingModel = await sb.pbi('POST', '/v1.0/myorg/GenerateToken', { body: { reports: [{ id: report.id }] }, profileId: tenant.profileId });
    expect(missingModel.status).toBe(400);
    expect(JSON.stringify(sb.world.dump())).toBe(before);
  });
});
