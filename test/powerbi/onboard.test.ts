// Onboarding against the sandbox over real HTTPS: acme-training gets one profile, one workspace,
// one model bound to its own database, its 42 reports bound to that model; a second apply makes
// no write call at all, and discovery stays within five reads (four lists and the model's parameters).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveNames } from '../../src/naming/index.ts';
import { listReportMappings } from '../../src/registry/index.ts';
import { startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.provisionData('acme-training');
});
afterAll(async () => h?.stop());

describe('onboarding acme-training', () => {
  it('creates one profile, one workspace, one model bound to its database and 42 reports bound to the model', async () => {
    const result = await h.apply('acme-training');
    expect(result.tenants[0].failed).toEqual([]);
    const objects = tenantObjects(h, 'acme-training');
    expect(objects.profiles).toHaveLength(1);
    expect(objects.workspaces).toHaveLength(1);
    expect(objects.models).toHaveLength(1);
    expect(objects.reports).toHaveLength(42);
    const model = objects.models[0];
    const profileActor = { kind: 'profile' as const, principalId: objects.profiles[0].principalId, profileId: objects.profiles[0].id };
    expect(model.semanticModel!.owner).toEqual(profileActor);
    const names = deriveNames('acme-training');
    expect(model.semanticModel!.parameterValues).toMatchObject({ Schema: names.schema, Database: expect.stringMatching(/^pbishared_/) });
    for (const r of objects.reports) expect(r.report!.datasetId).toBe(model.id);
    // The refresh really read the tenant's rows with the BI role's credentials.
    expect(model.semanticModel!.data?.loadedAs).toBe(names.roles.bi);
    expect(model.semanticModel!.data?.tables.learners.columns.tenant_marker).toEqual(['acme-training']);
    const mappings = await listReportMappings(h.registry, 'acme-training');
    expect(mappings).toHaveLength(42);
    expect(new Set(mappings.map((m) => m.tenantReportId))).toEqual(new Set(objects.reports.map((r) => r.id)));
    expect(h.log.lines.some((l) => l.includes('cloning reports 42/42'))).toBe(true);
  });

  it('re-runs with zero write calls and at most five reads', async () => {
    h.clearLogs();
    const result = await h.apply('acme-training');
    expect(result.tenants[0].applied).toEqual([]);
    expect(h.writes()).toEqual([]);
    // Groups, users, datasets, reports, and the model's parameters (a drift only the service knows).
    expect(h.reads().length).toBeLessThanOrEqual(5);
  });
});
