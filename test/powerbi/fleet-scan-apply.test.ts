// An apply of a fleet planned from the admin scanner's snapshot acts on the snapshot's reads only
// for updates the snapshot vouched for (src/plan/snapshot.ts): tenants that need only updates
// (a new model definition) are applied without their five reads again under the lock; a tenant
// whose plan creates something, whose snapshot had a gap, or that another run touched between the
// plan and the lock is read again with its own calls, and a snapshot that missed a report or a
// model's expressions makes no duplicate and no needless redeploy.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, type LockWait } from '../../src/plan/index.ts';
import { applyTenants, contextFactory, planOnline, tenantGraphs, type Inputs } from '../../src/run/index.ts';
import { APP, startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';
import { copyRepo, editFile } from '../support/repo.ts';

let h: Harness;
let root: string;
// 20 copies of acme-training: every plan of them reads through the scanner (the fleet threshold).
const FLEET = Array.from({ length: 20 }, (_, i) => `fleet-${String(i).padStart(2, '0')}`);
const [REPORT_DELETED, REPORT_MISSED, EXPRESSIONS_MISSED, TOUCHED] = FLEET;
const MODEL_FILE = 'templates/semantic-model/Tenant Analytics.SemanticModel/definition/model.tmdl';
/**
 * The reads of one tenant's plan that name its workspace, which the lock's re-read repeats; the
 * fifth, its identity's workspace list (`groups.list`), names none and is counted on its own.
 */
const WORKSPACE_READS = ['groups.users.list', 'datasets.list', 'reports.list', 'datasets.parameters'];

beforeAll(async () => {
  root = await copyRepo();
  const template = await readFile(path.join(root, 'tenants', 'acme-training.yaml'), 'utf8');
  for (const code of FLEET) await writeFile(path.join(root, 'tenants', `${code}.yaml`), template.replaceAll('acme-training', code));
  h = await startHarness({ root });
  h.inputs.platform.powerbi.fleetReads = 'scanner';
  for (const code of FLEET) await h.provisionData(code);
  const onboarded = await applyFleet();
  expect(onboarded.tenants.filter((t) => t.failed.length || t.skipped.length)).toEqual([]);
}, 600_000);
afterAll(async () => {
  await h?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

const fleetInputs = (): Inputs => ({ ...h.inputs, tenants: h.inputs.tenants.filter((t) => FLEET.includes(t.config.code)) });
/** The fleet applied as a rollout wave applies it: unbound, each tenant under its registry lock. */
const applyFleet = () => applyTenants(fleetInputs(), h.services(), { only: ['powerbi'], actor: 'test', tenantConcurrency: 4 });
const workspaceOf = (code: string) => tenantObjects(h, code).workspaces[0].id.toLowerCase();
/** Reads of a tenant's workspace among the calls since `from` (an index into the request log). */
const workspaceReads = (from = 0) =>
  h.powerbi.requests().slice(from).filter((r) => WORKSPACE_READS.includes(r.route ?? '') && !r.path.toLowerCase().includes(h.templateWorkspaceId.toLowerCase()));
const readsOf = (code: string, from = 0) => workspaceReads(from).filter((r) => r.path.toLowerCase().includes(workspaceOf(code))).map((r) => r.route).sort();
const routeCount = (route: string) => [...h.powerbi.requests(), ...h.fabric.requests()].filter((r) => r.route === route && r.status < 400).length;
const changeModelDefinition = async (description: string) => {
  await editFile(root, MODEL_FILE, (t) => t.replace(/culture: en-GB(\n\tdescription: .*)?/, `culture: en-GB\n\tdescription: ${description}`));
  await h.reload();
  h.inputs.platform.powerbi.fleetReads = 'scanner';
};
const pendingChanges = async (fleetReads: 'scanner' | 'per-tenant') => {
  h.inputs.platform.powerbi.fleetReads = fleetReads;
  try {
    const plan = await planOnline(fleetInputs(), h.services(), { only: ['powerbi'] });
    return plan.tenants.filter((t) => t.changes.length).map((t) => ({ tenant: t.tenant, changes: t.changes.map((c) => `${c.action} ${c.key}`) }));
  } finally {
    h.inputs.platform.powerbi.fleetReads = 'scanner';
  }
};

describe('an apply of a fleet planned from the scanner', () => {
  it('applies updates the snapshot vouched for without reading the tenants again under their locks', async () => {
    await changeModelDefinition('Tenant analytics v2');
    expect((await pendingChanges('scanner')).map((t) => t.changes)).toEqual(FLEET.map(() => ['update powerbi/model', 'update powerbi/refresh']));
    h.clearLogs();
    const result = await applyFleet();
    expect(result.tenants.filter((t) => t.failed.length || t.skipped.length)).toEqual([]);
    // The plan's reads were the scan's; nobody's five reads followed under the lock.
    expect(routeCount('admin.workspaces.getInfo')).toBe(1);
    expect(workspaceReads()).toEqual([]);
    // One workspace list, the principal's lookup of the template workspace the scan includes.
    expect(h.powerbi.requests().filter((r) => r.route === 'groups.list').map((r) => r.query?.$filter)).toEqual([`name eq '${h.inputs.platform.powerbi.templateWorkspace}'`]);
    expect(routeCount('semanticModels.updateDefinition')).toBe(FLEET.length);
    expect(routeCount('datasets.refresh')).toBe(FLEET.length);
    expect(await pendingChanges('per-tenant')).toEqual([]);
  });

  it('reads a tenant whose plan creates something again under its lock, and only that tenant', async () => {
    const report = tenantObjects(h, REPORT_DELETED).reports[0];
    h.world.deleteItem(h.world.resolveActor(APP.objectId), report.id);
    h.clearLogs();
    const result = await applyFleet();
    expect(result.tenants.find((t) => t.tenant === REPORT_DELETED)?.applied).toEqual([expect.stringMatching(/^powerbi\/report\//)]);
    // Its reads under the lock: the workspace list, then its users, models and reports, the model's parameters.
    expect(readsOf(REPORT_DELETED)).toEqual(['datasets.list', 'datasets.parameters', 'groups.users.list', 'reports.list']);
    expect(workspaceReads()).toHaveLength(4);
    expect(routeCount('groups.list')).toBe(2); // its workspace list, and the template workspace's lookup for the clone
    expect(routeCount('reports.clone')).toBe(1);
    expect(tenantObjects(h, REPORT_DELETED).reports).toHaveLength(42);
  });

  it('creates no duplicate and redeploys nothing when the snapshot missed a report or a model\'s expressions', async () => {
    const missedReport = tenantObjects(h, REPORT_MISSED).reports[0];
    const missedModel = tenantObjects(h, EXPRESSIONS_MISSED).models[0];
    h.powerbi.scanGaps.items.add(missedReport.id);
    h.powerbi.scanGaps.expressions.add(missedModel.id);
    try {
      // What the snapshot planned: a clone of a report that exists, a model update from parameters it did not show.
      expect(await pendingChanges('scanner')).toEqual([
        { tenant: REPORT_MISSED, changes: [expect.stringMatching(/^create powerbi\/report\//)] },
        { tenant: EXPRESSIONS_MISSED, changes: ['update powerbi/model'] },
      ]);
      h.clearLogs();
      h.log.lines.length = 0;
      const result = await applyFleet();
      expect(tenantObjects(h, REPORT_MISSED).reports.filter((r) => r.displayName === missedReport.displayName)).toHaveLength(1);
      expect(routeCount('reports.clone')).toBe(0);
      expect(routeCount('semanticModels.updateDefinition')).toBe(0);
      expect(result.tenants.filter((t) => t.applied.length || t.failed.length || t.skipped.length)).toEqual([]);
      // Both were read with their own calls under their locks, and said why nothing was left.
      expect(readsOf(REPORT_MISSED)).not.toEqual([]);
      expect(readsOf(EXPRESSIONS_MISSED)).toContain('datasets.parameters');
      for (const code of [REPORT_MISSED, EXPRESSIONS_MISSED]) {
        expect(h.log.lines.filter((l) => l.includes(`${code}: read with its own calls under its lock, the tenant already holds what the fleet-wide snapshot missed`))).toHaveLength(1);
      }
    } finally {
      h.powerbi.scanGaps.items.clear();
      h.powerbi.scanGaps.expressions.clear();
    }
    expect(await pendingChanges('per-tenant')).toEqual([]);
  });

  it('reads a tenant another run touched between the plan and the lock again, and does not apply its updates twice', async () => {
    await changeModelDefinition('Tenant analytics v3');
    const services = h.services();
    const inputs = fleetInputs();
    const tenants = tenantGraphs(inputs, { only: ['powerbi'] });
    let afterOtherRun = 0;
    // The registry's lock, as src/run/apply.ts derives it, stood in for: TOUCHED's other run applies the
    // same change after this run's plan, before its lock; every other tenant is untouched since.
    const lock = async <T>(tenant: string, fn: (wait?: LockWait) => Promise<T>): Promise<T> => {
      if (tenant !== TOUCHED) return fn({ waited: false, untouchedSincePlan: true });
      const other = await h.apply(TOUCHED);
      expect(other.tenants[0].applied).toEqual(['powerbi/model', 'powerbi/refresh']);
      afterOtherRun = h.powerbi.requests().length;
      return fn({ waited: false, untouchedSincePlan: false });
    };
    h.clearLogs();
    const result = await applyPlan(undefined, { tenants, createContext: contextFactory(services), lock, log: h.log, tenantConcurrency: 4 });
    expect(result.tenants.find((t) => t.tenant === TOUCHED)?.applied).toEqual([]);
    expect(result.tenants.filter((t) => t.tenant !== TOUCHED && t.applied.length === 2)).toHaveLength(FLEET.length - 1);
    // Read again after the other run: its lists and the model's parameters, with its own calls.
    expect(readsOf(TOUCHED, afterOtherRun)).toEqual(['datasets.list', 'datasets.parameters', 'groups.users.list', 'reports.list']);
    expect(routeCount('semanticModels.updateDefinition')).toBe(FLEET.length);
    // This apply journals nothing (the registry's records of the others stay behind); the other run did.
    expect((await pendingChanges('per-tenant')).map((t) => t.tenant)).not.toContain(TOUCHED);
  });
});
