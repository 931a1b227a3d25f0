// Operation sequences against the sandbox (Entra, Power BI and Fabric emulators, real PostgreSQL):
// a dataflow then the model that reads it, in that order and waited on; a failed refresh stops
// or continues the sequence as its policy says; a retry succeeds after an injected failure; each
// run recorded in the registry; a tenant over the shared capacity's daily allowance skipped with
// its reason; and a dry run that contacts nothing (the emulators' request logs say so).
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refreshTenants } from '../../src/powerbi/index.ts';
import { listOperationHistory, loadSequence, runOperation, type Inputs } from '../../src/run/index.ts';
import { cli } from '../support/cli.ts';
import { APP, TENANT_ID, startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';
import { copyRepo, repoRoot } from '../support/repo.ts';

const CODE = 'acme-training';
let h: Harness;
let root: string;

/** Sequences of this test, beside the shipped ones in the copy's operations/. */
const SEQUENCES: Record<string, string> = {
  'flow-then-model': `name: flow-then-model
onFailure: stop
steps:
  - id: dataflows
    action: refresh-dataflows
    targets: { tenants: [${CODE}] }
  - id: models
    action: refresh-models
    needs: [dataflows]
    targets: { tenants: [${CODE}] }
`,
  'flow-retried': `name: flow-retried
retries: 1
steps:
  - id: dataflows
    action: refresh-dataflows
    targets: { tenants: [${CODE}] }
  - id: models
    action: refresh-models
    needs: [dataflows]
    targets: { tenants: [${CODE}] }
`,
  'flow-continue': `name: flow-continue
onFailure: continue
steps:
  - id: dataflows
    action: refresh-dataflows
    targets: { tenants: [${CODE}] }
  - id: models
    action: refresh-models
    needs: [dataflows]
    targets: { tenants: [${CODE}] }
  - id: verify
    action: verify
    targets: { tenants: [${CODE}] }
`,
  'templates-then-discover': `name: templates-then-discover
steps:
  - id: templates
    action: redeploy-templates
    targets: { tenants: [${CODE}] }
  - id: discover
    action: discover
    needs: [templates]
    targets: { tenants: [${CODE}] }
`,
};

beforeAll(async () => {
  root = await copyRepo();
  cpSync(join(repoRoot, 'operations'), join(root, 'operations'), { recursive: true });
  for (const [name, text] of Object.entries(SEQUENCES)) writeFileSync(join(root, 'operations', `${name}.yaml`), text);
  h = await startHarness({ root });
  const file = join(root, 'platform.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/tenantId: .*/, `tenantId: ${TENANT_ID}`).replace(/clientId: .*/, `clientId: ${APP.clientId}`));
  writeFileSync(join(root, 'ca.pem'), h.caPem);
  await h.provisionData(CODE);
  await h.apply(CODE);
  const objects = tenantObjects(h, CODE);
  h.world.createItem(h.world.resolveActor(APP.objectId, objects.profiles[0].id), objects.workspaces[0].id, { type: 'Dataflow', displayName: 'learner feed' });
});
afterAll(async () => {
  await h?.stop();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  h.powerbi.clearFaults();
  h.clearLogs();
});

async function run(name: string, inputs: Inputs = h.inputs) {
  const { sequence } = await loadSequence(inputs, name);
  return runOperation(inputs, h.services(), sequence, { actor: 'test', now: () => h.clock.now() });
}

/** The refresh calls the Power BI emulator answered, in order. */
const refreshCalls = () => h.powerbi.requests().filter((r) => ['dataflows.refresh', 'dataflows.transactions', 'datasets.refresh'].includes(r.route ?? '')).map((r) => `${r.route} ${r.status}`);

describe('a dataflow, then the model that reads it', () => {
  it('refreshes the dataflow, waits for its transaction to succeed, then refreshes the model and waits for it', async () => {
    const result = await run('flow-then-model');
    expect(result.status).toBe('succeeded');
    expect(result.steps.map((s) => [s.id, s.status, s.tenants.map((t) => t.status)])).toEqual([['dataflows', 'succeeded', ['succeeded']], ['models', 'succeeded', ['succeeded']]]);
    expect(result.steps[0].tenants[0].items).toEqual([expect.objectContaining({ target: 'dataflow learner feed', status: 'Completed', detail: 'transaction Success' })]);
    expect(result.steps[1].tenants[0].items).toEqual([expect.objectContaining({ target: 'model', status: 'Completed' })]);
    const calls = refreshCalls();
    const modelRefresh = calls.indexOf('datasets.refresh 202');
    expect(calls.indexOf('dataflows.refresh 200')).toBeGreaterThanOrEqual(0);
    // The model starts only after the last look at the dataflow's transactions (the one that saw it succeed).
    expect(modelRefresh).toBeGreaterThan(calls.lastIndexOf('dataflows.transactions 200'));
    const model = tenantObjects(h, CODE).models[0];
    expect(model.semanticModel!.refreshes.find((r) => r.requestId === result.steps[1].tenants[0].items![0].requestId)?.status).toBe('Completed');
  });

  it('stops after a failed dataflow refresh when its policy is stop: the model is not refreshed', async () => {
    h.powerbi.addFaults([{ route: 'dataflows.refresh', nth: 1, status: 500 }]);
    const result = await run('flow-then-model');
    expect(result.status).toBe('failed');
    expect(result.steps[0]).toMatchObject({ id: 'dataflows', status: 'failed', tenants: [{ tenant: CODE, status: 'failed', attempts: 1 }] });
    expect(result.steps[0].tenants[0].items![0].detail).toMatch(/tenant acme-training.*POST .*dataflows.*HTTP 500.*request id/);
    expect(result.steps[1]).toMatchObject({ id: 'models', status: 'not-run', detail: 'not run: step "dataflows" failed and its policy is stop', tenants: [] });
    expect(refreshCalls().filter((c) => c.startsWith('datasets.refresh'))).toEqual([]);
  });

  it('continues after a failed dataflow refresh when its policy is continue: the model that needs it is skipped, the next step runs', async () => {
    h.powerbi.addFaults([{ route: 'dataflows.refresh', nth: 1, status: 500 }]);
    const result = await run('flow-continue');
    expect(result.status).toBe('failed');
    expect(result.steps.map((s) => [s.id, s.status])).toEqual([['dataflows', 'failed'], ['models', 'succeeded'], ['verify', 'succeeded']]);
    expect(result.steps[1].tenants[0]).toMatchObject({ status: 'skipped', attempts: 0, detail: 'needs step "dataflows", which failed for this tenant' });
    expect(result.steps[2].tenants[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(refreshCalls().filter((c) => c.startsWith('datasets.refresh'))).toEqual([]);
  });

  it('retries a failed refresh: the second try succeeds and the model follows', async () => {
    h.powerbi.addFaults([{ route: 'dataflows.refresh', nth: 1, status: 500 }]);
    const result = await run('flow-retried');
    expect(result.status).toBe('succeeded');
    expect(result.steps[0].tenants[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(result.steps[1].tenants[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(refreshCalls().filter((c) => c.startsWith('dataflows.refresh'))).toEqual(['dataflows.refresh 500', 'dataflows.refresh 200']);
  });
});

describe('the other actions go through the same library functions as their commands', () => {
  it('redeploy-templates applies nothing on an unchanged tenant (no write call), and discover finds it matching the registry', async () => {
    const result = await run('templates-then-discover');
    expect(result.steps.map((s) => [s.id, s.status, s.tenants[0]?.detail])).toEqual([['templates', 'succeeded', 'nothing to change'], ['discover', 'succeeded', 'matches the registry']]);
    expect(h.writes()).toEqual([]);
  });
});

describe('history', () => {
  it('records who ran each sequence, when, every step with its per-tenant results and durations; ops history lists them', async () => {
    const done = await run('flow-then-model');
    const [latest] = await listOperationHistory(h.services(), { limit: 1 });
    expect(latest).toEqual({ ...done, finishedAt: done.finishedAt, startedAt: done.startedAt });
    const cliRun = await cliOnSandbox(['ops', 'history', '--json', '--limit', '5']);
    expect(cliRun.code, cliRun.stderr).toBe(0);
    const runs = JSON.parse(cliRun.stdout).runs as { id: string; name: string; actor: string; status: string; steps: { id: string; tenants: { tenant: string; durationMs: number }[] }[] }[];
    expect(runs.length).toBe(5);
    expect(runs[0]).toMatchObject({ id: done.id, name: 'flow-then-model', actor: 'test', status: 'succeeded' });
    expect(runs.map((r) => r.name)).toEqual(['flow-then-model', 'templates-then-discover', 'flow-retried', 'flow-continue', 'flow-then-model']);
    expect(runs[0].steps[1].tenants[0]).toMatchObject({ tenant: CODE, durationMs: expect.any(Number) });
  });
});

describe('the shared capacity allowance', () => {
  it('skips a tenant whose model had its 8 refreshes today, with the reason, and starts no refresh', async () => {
    const shared: Inputs = {
      ...h.inputs,
      tenants: h.inputs.tenants.map((t) => (t.config.code === CODE ? { ...t, config: { ...t.config, powerbi: { ...t.config.powerbi, capacity: 'shared' } } } : t)),
    };
    const config = shared.tenants.find((t) => t.config.code === CODE)!.config;
    for (let i = 0; i < 10 && (await refreshTenants(h.services(), { tenants: [config], wait: true }))[0].status !== 'Skipped'; i++);
    h.clearLogs();
    const result = await run('flow-then-model', shared);
    expect(result.steps[1].tenants[0]).toMatchObject({ tenant: CODE, status: 'skipped', detail: 'the daily budget of 8 refreshes on shared capacity is used' });
    expect(refreshCalls().filter((c) => c.startsWith('datasets.refresh'))).toEqual([]);
  });
});

describe('--dry-run', () => {
  it('shows the steps, their order and tenants, and contacts nothing', async () => {
    const before = (await listOperationHistory(h.services())).length;
    h.clearLogs();
    const out = await cliOnSandbox(['ops', 'run', 'flow-then-model', '--dry-run', '--json']);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout).plan.steps.map((s: { id: string; tenants: string[] }) => [s.id, s.tenants])).toEqual([['dataflows', [CODE]], ['models', [CODE]]]);
    expect(h.writes()).toEqual([]);
    expect(h.reads()).toEqual([]);
    expect(h.powerbi.requests()).toEqual([]);
    expect((await listOperationHistory(h.services())).length).toBe(before);
  });
});

/** The CLI on the copy, pointed at the sandbox as a user's environment would point it. */
function cliOnSandbox(argv: string[]) {
  return cli([...argv, '--root', root], root, {
    ...h.env,
    TENANTOPS_POWERBI_URL: h.powerbi.url,
    TENANTOPS_FABRIC_URL: h.fabric.url,
    TENANTOPS_AUTHORITY_HOST: h.entra.authorityHost,
    TENANTOPS_CA_FILE: join(root, 'ca.pem'),
  });
}
