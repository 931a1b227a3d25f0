// A tenant over time: a new template version updates the existing report in place (same id);
// a changed template model is redeployed with the tenant's parameters written in again, its
// credentials set again and its data refreshed; plan mode reads only; suspension stops refreshes
// and marks reports inactive; decommissioning with `delete` removes everything in reverse order.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOnline } from '../../src/run/index.ts';
import { listReportMappings, listResources } from '../../src/registry/index.ts';
import { startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';
import { copyRepo } from '../support/repo.ts';

let h: Harness;
let root: string;
const CODE = 'acme-training';

beforeAll(async () => {
  root = await copyRepo();
  // A Fabric capacity, so the tenant may ask for Fabric items.
  const platformFile = join(root, 'platform.yaml');
  writeFileSync(platformFile, readFileSync(platformFile, 'utf8').replace('sku: A1', 'sku: F2'));
  h = await startHarness({ root });
  await h.provisionData(CODE);
  await h.apply(CODE);
});
afterAll(async () => {
  await h?.stop();
  rmSync(root, { recursive: true, force: true });
});

const setTenantField = async (pattern: RegExp, replacement: string) => {
  const file = join(root, 'tenants', `${CODE}.yaml`);
  writeFileSync(file, readFileSync(file, 'utf8').replace(pattern, replacement));
  await h.reload();
};

describe('a tenant over time', () => {
  it('plans with GET calls only', async () => {
    await setTenantField(/^lifecycle: .*$/m, 'lifecycle: suspended');
    h.clearLogs();
    const plan = await planOnline(h.inputs, h.services(), { tenant: CODE, only: ['powerbi'] });
    expect(plan.tenants[0].changes.filter((c) => c.kind === 'powerbi.report')).toHaveLength(42);
    expect(h.writes()).toEqual([]);
    await setTenantField(/^lifecycle: .*$/m, 'lifecycle: active');
  });

  /** Publishes the next minor version of a template (catalog entry + report in the template workspace). */
  async function publishNextVersion(templateName: string) {
    const reportsYaml = join(root, 'templates/reports.yaml');
    const target = (await listReportMappings(h.registry, CODE)).find((m) => m.templateName === templateName)!;
    const [major, minor] = target.templateVersion.split('.').map(Number);
    const newName = `${target.templateName} v${major}.${minor + 1}`;
    const text = readFileSync(reportsYaml, 'utf8');
    const oldName = `${target.templateName} v${target.templateVersion}`;
    const at = text.indexOf(oldName);
    expect(at).toBeGreaterThan(-1);
    const lineStart = text.lastIndexOf('\n', at) + 1;
    // An entry is two lines: `- name: ...` and `module: ...`.
    const entryEnd = text.indexOf('\n', text.indexOf('\n', at) + 1);
    const entry = text.slice(lineStart, entryEnd);
    writeFileSync(reportsYaml, text.slice(0, entryEnd + 1) + entry.replace(oldName, newName) + '\n' + text.slice(entryEnd + 1));
    await h.reload();
    const principal = h.world.resolveActor('9e8d7c6b-0000-4000-8000-0000000000b1');
    h.world.createItem(principal, h.templateWorkspaceId, { type: 'Report', displayName: newName, datasetId: h.templateModel.id });
    return { target, version: `${major}.${minor + 1}` };
  }

  it('updates an existing report in place for a new template version', async () => {
    const { target, version } = await publishNextVersion('APTEM-BKSB-HUBSPOT - Operations Leader');
    const report = tenantObjects(h, CODE).reports.find((r) => r.id === target.tenantReportId)!;
    const contentBefore = report.report!.contentVersion;
    h.clearLogs();
    await h.apply(CODE);
    expect(h.writes().map((w) => w.route)).toEqual(['reports.updateContent']);
    const after = tenantObjects(h, CODE);
    expect(after.reports).toHaveLength(42);
    expect(after.reports.find((r) => r.id === target.tenantReportId)!.report!.contentVersion).toBeGreaterThan(contentBefore);
    const mapping = (await listReportMappings(h.registry, CODE)).find((m) => m.templateName === target.templateName)!;
    expect(mapping).toMatchObject({ tenantReportId: target.tenantReportId, templateVersion: version });
  });

  it('rebinds a report whose content update dropped its binding (a service that does not keep it)', async () => {
    const { target } = await publishNextVersion('APTEM-BKSB-HUBSPOT - Operations Leader');
    h.world.state.updateContentKeepsBinding = false;
    try {
      h.clearLogs();
      await h.apply(CODE);
      // Two writes for this report: the update, then the rebind its answer called for.
      expect(h.writes().map((w) => w.route)).toEqual(['reports.updateContent', 'reports.rebind']);
      const objects = tenantObjects(h, CODE);
      const report = objects.reports.find((r) => r.id === target.tenantReportId)!;
      expect(objects.models).toHaveLength(1);
      expect(report.report!.datasetId).toBe(objects.models[0].id);
      h.clearLogs();
      await h.apply(CODE);
      expect(h.writes()).toEqual([]);
    } finally {
      h.world.state.updateContentKeepsBinding = true;
    }
  });

  it('rolls a named group back to an earlier template version (templates/pins.yaml), keeping the report id', async () => {
    const name = 'APTEM-BKSB-HUBSPOT - Operations Leader';
    const before = (await listReportMappings(h.registry, CODE)).find((m) => m.templateName === name)!;
    const earlier = readFileSync(join(root, 'templates/reports.yaml'), 'utf8').match(new RegExp(`${name} v(\\d+\\.\\d+)`))![1];
    expect(earlier).not.toBe(before.templateVersion);
    const pins = join(root, 'templates/pins.yaml');
    writeFileSync(pins, `pins:\n  - name: ops-leader-rollback\n    tenants: [${CODE}]\n    reports: ["${name} v${earlier}"]\n`);
    await h.reload();
    h.clearLogs();
    await h.apply(CODE);
    expect(h.writes().map((w) => w.route)).toEqual(['reports.updateContent']);
    expect((await listReportMappings(h.registry, CODE)).find((m) => m.templateName === name)).toMatchObject({ tenantReportId: before.tenantReportId, templateVersion: earlier });
    // Lifting the pin rolls forward the same way.
    rmSync(pins);
    await h.reload();
    h.clearLogs();
    await h.apply(CODE);
    expect(h.writes().map((w) => w.route)).toEqual(['reports.updateContent']);
    expect((await listReportMappings(h.registry, CODE)).find((m) => m.templateName === name)).toMatchObject({ tenantReportId: before.tenantReportId, templateVersion: before.templateVersion });
  });

  it('redeploys a changed template model with the tenant parameters, credentials set again, then refreshes', async () => {
    const tables = join(root, 'templates/semantic-model/Tenant Analytics.SemanticModel/definition/model.tmdl');
    writeFileSync(tables, readFileSync(tables, 'utf8').replace('culture: en-GB', 'culture: en-GB\n\tdescription: Tenant analytics v2'));
    await h.reload();
    const model = tenantObjects(h, CODE).models[0];
    const paramsBefore = { ...model.semanticModel!.parameterValues };
    h.clearLogs();
    await h.apply(CODE);
    const routes = h.writes().map((w) => w.route);
    expect(routes).toEqual(expect.arrayContaining(['semanticModels.updateDefinition', 'gateways.updateDatasource', 'datasets.refresh']));
    expect(routes).not.toContain('datasets.takeOver');
    expect(routes.indexOf('gateways.updateDatasource')).toBeLessThan(routes.indexOf('datasets.refresh'));
    const after = tenantObjects(h, CODE).models[0];
    expect(after.id).toBe(model.id);
    expect(after.semanticModel!.parameterValues).toEqual(paramsBefore);
    expect(after.semanticModel!.data?.tables.learners.columns.tenant_marker).toEqual([CODE]);
    // The connection did not change, so the service kept the datasource whose id onboarding
    // recorded: credentials go to it without listing the model's datasources again.
    expect(h.reads().map((r) => r.route)).not.toContain('datasets.datasources');
    expect(routes.filter((r) => r === 'gateways.updateDatasource')).toHaveLength(1);
  });

  it('lists the datasources again when the recorded one is gone, and sets credentials on the one the model has', async () => {
    // As if the service had made the model a new datasource since the record was written.
    await h.registry.query(
      `UPDATE resources SET state = jsonb_set(state, '{datasources,ids,0,datasourceId}', '"00000000-0000-4000-8000-00000000dead"') WHERE tenant = $1 AND key = 'powerbi/model'`,
      [CODE],
    );
    const tables = join(root, 'templates/semantic-model/Tenant Analytics.SemanticModel/definition/model.tmdl');
    writeFileSync(tables, readFileSync(tables, 'utf8').replace('description: Tenant analytics v2', 'description: Tenant analytics v3'));
    await h.reload();
    h.clearLogs();
    const result = await h.apply(CODE);
    expect(result.tenants[0].failed).toEqual([]);
    expect(h.reads().map((r) => r.route)).toContain('datasets.datasources');
    const model = tenantObjects(h, CODE).models[0];
    expect(model.semanticModel!.credentials).toBeDefined();
    expect(model.semanticModel!.data?.tables.learners.columns.tenant_marker).toEqual([CODE]);
    const recorded = (await listResources(h.registry, CODE)).find((r) => r.key === 'powerbi/model')!.state as { datasources: { ids: { datasourceId: string }[] } };
    expect(recorded.datasources.ids[0].datasourceId).toBe(model.semanticModel!.datasource!.datasourceId);
  });

  it('adds a Fabric lakehouse the tenant file asks for, then leaves it alone', async () => {
    await setTenantField(/^  capacity: sandbox-a1$/m, '  capacity: sandbox-a1\n  fabric:\n    lakehouse: {}');
    h.clearLogs();
    await h.apply(CODE);
    expect(h.writes().map((w) => w.route)).toEqual(['lakehouses.create']);
    const ws = tenantObjects(h, CODE).workspaces[0];
    const lakes = [...h.world.state.items.values()].filter((i) => i.workspaceId === ws.id && i.type === 'Lakehouse');
    expect(lakes.map((l) => l.displayName)).toEqual(['tenant-acme-training-lakehouse']);
    const record = (await listResources(h.registry, CODE)).find((r) => r.key === 'fabric/lakehouse');
    expect(record?.externalId).toBe(lakes[0].id);
    h.clearLogs();
    await h.apply(CODE);
    expect(h.writes()).toEqual([]);
  });

  it('suspends: no refresh, reports marked inactive, no write to Power BI', async () => {
    await setTenantField(/^lifecycle: .*$/m, 'lifecycle: suspended');
    h.clearLogs();
    await h.apply(CODE);
    expect(h.writes()).toEqual([]);
    const mappings = await listReportMappings(h.registry, CODE);
    expect(mappings.every((m) => m.status === 'inactive')).toBe(true);
  });

  it('decommissions with deletionPolicy delete: reports, model, workspace and profile go, in reverse order', async () => {
    await setTenantField(/^lifecycle: .*$/m, 'lifecycle: decommissioned');
    await setTenantField(/^deletionPolicy: .*$/m, 'deletionPolicy: delete');
    h.clearLogs();
    const err = await h.apply(CODE).then(() => undefined, (e: unknown) => e);
    expect((err as Error).message).toMatch(/destroy|force/i);
    expect(tenantObjects(h, CODE).reports).toHaveLength(42);
    const services = h.services();
    const { applyTenants } = await import('../../src/run/index.ts');
    await applyTenants(h.inputs, services, { tenant: CODE, only: ['powerbi'], actor: 'test', force: true });
    const gone = tenantObjects(h, CODE);
    expect(gone).toMatchObject({ profiles: [], workspaces: [], models: [], reports: [] });
    const order = h.writes().map((w) => w.route);
    expect(order.lastIndexOf('reports.delete')).toBeLessThan(order.indexOf('semanticModels.delete'));
    expect(order.indexOf('semanticModels.delete')).toBeLessThan(order.indexOf('groups.delete'));
    expect(order.indexOf('groups.delete')).toBeLessThan(order.indexOf('profiles.delete'));
    expect(await listReportMappings(h.registry, CODE)).toEqual([]);
    expect((await listResources(h.registry, CODE)).filter((r) => r.key.startsWith('powerbi/'))).toEqual([]);
  });
});
