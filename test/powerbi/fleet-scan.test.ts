// A plan of many tenants reads Power BI once for the fleet, through the admin scanner API, and
// plans exactly what reading every tenant on its own plans: the same changes, the same hash,
// drift found in exactly the drifted tenants (a report deleted, a model parameter edited). A
// failing scan fails the plan naming the call (no tenant: the scan is the pass's), the status
// and the request id.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorTenant, deleteResource, upsertResource } from '../../src/registry/index.ts';
import { planOnline } from '../../src/run/index.ts';
import { startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';
import { copyRepo } from '../support/repo.ts';

let h: Harness;
let root: string;
// 20 copies of acme-training beside the repository's tenants: a pass above the fleet threshold.
const FLEET = Array.from({ length: 20 }, (_, i) => `fleet-${String(i).padStart(2, '0')}`);
const ONBOARDED = FLEET.slice(0, 4);
const [REPORT_DELETED, PARAMETER_EDITED] = ONBOARDED;

beforeAll(async () => {
  root = await copyRepo();
  const template = await readFile(path.join(root, 'tenants', 'acme-training.yaml'), 'utf8');
  for (const code of FLEET) await writeFile(path.join(root, 'tenants', `${code}.yaml`), template.replaceAll('acme-training', code));
  h = await startHarness({ root });
  for (const code of ONBOARDED) {
    await h.provisionData(code);
    await h.apply(code);
  }
}, 600_000);
afterAll(async () => {
  await h?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

const planWith = async (fleetReads: 'auto' | 'scanner' | 'per-tenant') => {
  h.inputs.platform.powerbi.fleetReads = fleetReads;
  h.clearLogs();
  const plan = await planOnline(h.inputs, h.services(), { only: ['powerbi'] });
  return { plan, routes: h.powerbi.requests().map((r) => r.route ?? '?') };
};
const drifted = (plan: Awaited<ReturnType<typeof planWith>>['plan']) => plan.tenants.filter((t) => t.changes.length && ONBOARDED.includes(t.tenant)).map((t) => t.tenant);

describe('fleet reads through the scanner', () => {
  it('plan exactly what per-tenant reads plan, and find exactly the drifted tenants', async () => {
    const model = tenantObjects(h, PARAMETER_EDITED).models[0];
    h.world.updateParameters(model.semanticModel!.owner, model.id, [{ name: 'Host', newValue: 'elsewhere.example.net' }]);
    h.world.state.items.delete(tenantObjects(h, REPORT_DELETED).reports[0].id);

    const fleet = await planWith('scanner');
    const single = await planWith('per-tenant');

    expect(fleet.plan.tenants.length).toBeGreaterThanOrEqual(20);
    expect(fleet.plan.hash).toBe(single.plan.hash);
    expect(fleet.plan.tenants).toEqual(single.plan.tenants);
    expect(drifted(fleet.plan)).toEqual([REPORT_DELETED, PARAMETER_EDITED]);
    // The fleet plan asked no tenant's workspace anything: one listing, one scan, its result.
    const perTenant = ['groups.users.list', 'datasets.list', 'reports.list', 'datasets.parameters'];
    expect(fleet.routes.filter((r) => perTenant.includes(r))).toEqual([]);
    // The fleet plan's reads: the workspace ids, one scan (answered at once here), its result and
    // the principal's profiles. Per tenant: a profile lookup for each tenant not onboarded, five
    // reads for each onboarded one.
    expect([...fleet.routes].sort()).toEqual(['admin.workspaces.getInfo', 'admin.workspaces.modified', 'admin.workspaces.scanResult', 'profiles.list']);
    expect(single.routes.filter((r) => r === 'datasets.parameters')).toHaveLength(ONBOARDED.length);
    expect(single.routes.length).toBe(fleet.plan.tenants.length - ONBOARDED.length + 5 * ONBOARDED.length);
  });

  it('a failing scan fails the plan with the call, the status and the request id, and no tenant', async () => {
    h.powerbi.addFaults([{ route: 'admin.workspaces.getInfo', status: 403, code: 'PowerBINotAuthorizedException', message: 'read-only admin APIs are off for service principals' }]);
    try {
      const failed = await planWith('scanner').then(() => undefined, (e: Error) => e);
      expect(failed?.message).toMatch(/^step powerbi\/fleet-scan: powerbi POST \/v1\.0\/myorg\/admin\/workspaces\/getInfo failed with HTTP 403 PowerBINotAuthorizedException \(request id [\w-]+\)/);
      expect(failed?.message).not.toMatch(/tenant /);
    } finally {
      h.powerbi.clearFaults();
    }
  });

  it('auto reads per tenant, saying so once, when the admin APIs refuse the principal; scanner fails', async () => {
    const refused = { route: 'admin.workspaces.modified', status: 403, code: 'PowerBINotAuthorizedException', message: 'read-only admin APIs are off for service principals' };
    const single = await planWith('per-tenant');
    h.powerbi.addFaults([refused, refused]);
    try {
      const auto = await planWith('auto');
      expect(auto.plan.hash).toBe(single.plan.hash);
      expect(auto.routes.filter((r) => r.startsWith('admin.'))).toEqual(['admin.workspaces.modified']);
      expect(auto.routes.filter((r) => r === 'reports.list')).toHaveLength(ONBOARDED.length);
      expect(h.log.lines.filter((l) => /admin scanner API refused the principal \(403 PowerBINotAuthorizedException\)/.test(l))).toHaveLength(1);
      const failed = await planWith('scanner').then(() => undefined, (e: Error) => e);
      expect(failed?.message).toMatch(/^step powerbi\/fleet-scan: powerbi GET \/v1\.0\/myorg\/admin\/workspaces\/modified.* failed with HTTP 403/);
    } finally {
      h.powerbi.clearFaults();
    }
  });

  it('scans only the workspaces the registry records when every tenant of the pass has one, and plans the same', async () => {
    // A rollout's wave: every tenant recorded. Those never onboarded get a record of a workspace
    // that no longer exists, which the scan does not return: they plan its creation, as per tenant.
    const all = (await planWith('per-tenant')).plan.tenants.map((t) => t.tenant);
    const unrecorded = all.filter((t) => !ONBOARDED.includes(t));
    for (const tenant of unrecorded) {
      await anchorTenant(h.registry, { code: tenant, name: tenant, subdomain: tenant, isolation: 'schema', cluster: 'shared-eu' });
      await upsertResource(h.registry, { tenant, key: 'powerbi/workspace', kind: 'powerbi.workspace', externalId: `0000dead-0000-4000-8000-${String(all.indexOf(tenant)).padStart(12, '0')}` });
    }
    try {
      const fleet = await planWith('scanner');
      const single = await planWith('per-tenant');
      expect(fleet.plan.tenants).toEqual(single.plan.tenants);
      expect(fleet.plan.hash).toBe(single.plan.hash);
      expect(fleet.plan.tenants).toEqual(single.plan.tenants);
      expect(drifted(fleet.plan)).toEqual([REPORT_DELETED, PARAMETER_EDITED]);
      // No listing of the organisation's workspaces: one getInfo of the pass's own ids and the
      // template workspace's (found by one list call), its result and the profiles.
      expect([...fleet.routes].sort()).toEqual(['admin.workspaces.getInfo', 'admin.workspaces.scanResult', 'groups.list', 'profiles.list']);

      // scoped, the refusal comes from getInfo: auto still falls back to per-tenant reads.
      h.powerbi.addFaults([{ route: 'admin.workspaces.getInfo', status: 403, code: 'PowerBINotAuthorizedException', message: 'read-only admin APIs are off for service principals' }]);
      const auto = await planWith('auto');
      expect(auto.plan.hash).toBe(single.plan.hash);
      expect(auto.routes.filter((r) => r.startsWith('admin.'))).toEqual(['admin.workspaces.getInfo']);
    } finally {
      h.powerbi.clearFaults();
      for (const tenant of unrecorded) await deleteResource(h.registry, tenant, 'powerbi/workspace');
    }
  });
});
