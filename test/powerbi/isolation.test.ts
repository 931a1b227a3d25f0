// Two tenants side by side: beta-corp (its own database) gets its 35 reports; neither tenant's
// profile can reach anything of the other; each model's data, read through executeQueries, holds
// only its own tenant's marker rows; verify passes for both and counts its calls apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteApiError } from '../../src/errors/index.ts';
import { verifyPowerBiTenant } from '../../src/powerbi/verify.ts';
import { listResources } from '../../src/registry/index.ts';
import { startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';

let h: Harness;
const config = (code: string) => h.inputs.tenants.find((t) => t.config.code === code)!.config;

beforeAll(async () => {
  h = await startHarness();
  await h.provisionData('acme-training');
  await h.provisionData('beta-corp');
  await h.apply('acme-training');
  await h.apply('beta-corp');
});
afterAll(async () => h?.stop());

async function idsOf(code: string) {
  const records = new Map((await listResources(h.registry, code)).map((r) => [r.key, r.externalId!]));
  return { profile: records.get('powerbi/profile')!, workspace: records.get('powerbi/workspace')!, model: records.get('powerbi/model')! };
}

describe('two tenants', () => {
  it('gives beta-corp its 35 reports bound to its own model', () => {
    const beta = tenantObjects(h, 'beta-corp');
    expect(beta.reports).toHaveLength(35);
    expect(beta.models).toHaveLength(1);
    for (const r of beta.reports) expect(r.report!.datasetId).toBe(beta.models[0].id);
    expect(beta.models[0].semanticModel!.parameterValues.Schema).toBe('tenant_beta_corp');
    expect(beta.models[0].semanticModel!.data?.tables.learners.columns.tenant_marker).toEqual(['beta-corp']);
  });

  it("reaches nothing of one tenant with the other's profile", async () => {
    const services = h.services();
    const acme = await idsOf('acme-training');
    const beta = await idsOf('beta-corp');
    const asAcme = services.powerbi().asProfile(acme.profile);
    const visible = (await asAcme.listGroups()).map((g) => g.id);
    expect(visible).toContain(acme.workspace);
    expect(visible).not.toContain(beta.workspace);
    for (const call of [() => asAcme.listReports(beta.workspace), () => asAcme.getParameters(beta.workspace, beta.model), () => asAcme.executeQuery(beta.workspace, beta.model, "EVALUATE VALUES('learners'[tenant_marker])")]) {
      const err = await call().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(RemoteApiError);
      expect((err as RemoteApiError).details.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('verifies each tenant: bound reports, own parameters, own marker rows, embed token; counted apart', async () => {
    const services = h.services();
    h.clearLogs();
    for (const code of ['acme-training', 'beta-corp']) {
      const result = await verifyPowerBiTenant(services, config(code));
      expect(result.checks.filter((c) => !c.ok)).toEqual([]);
      expect(result.checks.map((c) => c.name)).toEqual(['isolation', 'model', 'reports bound', 'parameters', 'data', 'embed token']);
      expect(result.calls.writes).toBeGreaterThan(0);
    }
    expect(services.powerbi().counts.deploy).toEqual({ reads: 0, writes: 0 });
    // The only POSTs were queries and embed tokens: nothing changed.
    expect(new Set(h.writes().map((w) => w.route))).toEqual(new Set(['datasets.executeQueries', 'embedToken.generate']));
  });

  it('fails verification when a report is bound to another model', async () => {
    const acme = tenantObjects(h, 'acme-training');
    const report = acme.reports[0];
    const original = report.report!.datasetId;
    report.report!.datasetId = h.templateModel.id;
    try {
      const result = await verifyPowerBiTenant(h.services(), config('acme-training'));
      const bound = result.checks.find((c) => c.name === 'reports bound')!;
      expect(bound.ok).toBe(false);
      expect(bound.detail).toContain('bound to another model');
      expect(result.ok).toBe(false);
    } finally {
      report.report!.datasetId = original;
    }
  });
});
