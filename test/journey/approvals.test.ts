// Approvals are per tenant run, and fleet changes leave the per-tenant path: a PR that adds two
// tenants gets two provisioning runs, each with its own go-live gate, and approving one releases
// nothing of the other; a schema_changed repository_dispatch hands its client_payload over to the
// fleet rollout. Every workflow on the local runner over the emulated GitHub and a fresh sandbox.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../dev/runner/index.ts';
import { OWNER, PEOPLE, REPO, useJourney } from '../support/journey.ts';

const repo = { owner: OWNER, repo: REPO };

const journey = useJourney({ leaveOut: ['dashboard.yml'] });

/** A new tenant file: acme-training's shape under another code. */
function newTenant(code: string): string {
  return journey.tenantFile('acme-training').replaceAll('acme-training', code).replace('Acme Training Ltd', `${code} Ltd`);
}

const jobConclusions = (r: RunRecord) => Object.fromEntries(r.jobs.map((j) => [j.id, j.conclusion ?? j.status]));

describe('two tenants in one pull request', () => {
  it('get two provisioning runs, each stopped at its own gate; approving one does not release the other', async () => {
    const { pr } = await journey.openAndPlan('onboard-two', { 'tenants/kappa-college.yaml': newTenant('kappa-college'), 'tenants/lambda-skills.yaml': newTenant('lambda-skills') });
    const { provisions } = await journey.mergeToGate(pr);
    expect(provisions.map((r) => r.inputs?.tenant).sort()).toEqual(['kappa-college', 'lambda-skills']);
    for (const r of provisions) expect(r.jobs.find((j) => j.id === 'provision')?.conclusion, journey.explain([r])).toBe('success');
    const [kappa, lambda] = [...provisions].sort((a, b) => String(a.inputs?.tenant).localeCompare(String(b.inputs?.tenant)));

    // Each run asks for its own review: one pending deployment per run.
    for (const r of [kappa, lambda]) expect(await journey.pendingDeployments(r.id)).toMatchObject([{ environment: { name: 'go-live' } }]);

    await journey.review(kappa.id, 'approved');
    expect(jobConclusions(await journey.completed(kappa.id)), journey.explain([kappa])).toMatchObject({ provision: 'success', 'go-live': 'success' });

    // lambda-skills still waits: its deployment is pending, its run is not done, nothing approved it.
    const asOwner = journey.octokit(PEOPLE.maintainer);
    expect((await asOwner.rest.actions.getWorkflowRun({ ...repo, run_id: lambda.id })).data.status).toBe('waiting');
    expect(lambda.jobs.find((j) => j.id === 'go-live')?.status).toBe('waiting');
    expect(await journey.pendingDeployments(lambda.id)).toMatchObject([{ environment: { name: 'go-live' } }]);
    expect((await asOwner.rest.actions.getReviewsForRun({ ...repo, run_id: lambda.id })).data).toEqual([]);
    const approvals = await journey.registryRows<{ tenant: string; actor: string; github_run: string }>("SELECT tenant, actor, github_run FROM audit_log WHERE action = 'approve' ORDER BY tenant");
    expect(approvals).toEqual([{ tenant: 'kappa-college', actor: `github:${PEOPLE.qa}`, github_run: String(kappa.id) }]);

    // Its own approval releases it.
    await journey.review(lambda.id, 'approved');
    expect(jobConclusions(await journey.completed(lambda.id)), journey.explain([lambda])).toMatchObject({ provision: 'success', 'go-live': 'success' });
    expect((await asOwner.rest.actions.getReviewsForRun({ ...repo, run_id: lambda.id })).data).toMatchObject([{ state: 'approved', user: { login: PEOPLE.qa } }]);
  }, 400_000);
});

describe('repository_dispatch schema_changed', () => {
  it('hands over to the fleet rollout: fleet-rollout starts with the payload\'s revisions as its inputs', async () => {
    const known = new Set(journey.runsOf('fleet-rollout.yml').map((r) => r.id));
    await journey.octokit(PEOPLE.maintainer).rest.repos.createDispatchEvent({ ...repo, event_type: 'schema_changed', client_payload: { data_model_revision: 'dm-2026.12.1', templates_revision: 'tpl-41' } });
    const handOver = await journey.until('the schema-changed run', () => journey.runsOf('schema-changed.yml')[0]);
    expect(handOver.event).toBe('repository_dispatch');
    const done = await journey.completed(handOver.id);
    expect(done.conclusion, journey.explain([done])).toBe('success');
    const rollout = await journey.until('the fleet-rollout run', () => journey.runsOf('fleet-rollout.yml').find((r) => !known.has(r.id)));
    expect(rollout).toMatchObject({ event: 'workflow_dispatch', inputs: expect.objectContaining({ reason: 'schema_changed', 'data-model-revision': 'dm-2026.12.1', 'templates-revision': 'tpl-41' }) });
    expect(done.jobs[0].steps.at(-1)?.summary).toContain('dm-2026.12.1');
    // The rollout itself is the fleet work's; this journey only needs it started.
    journey.runner.cancel(rollout.id, 'the hand-over is what this test checks');
    await journey.completed(rollout.id);
  }, 120_000);

  it('without a data model revision stops with an error and starts nothing', async () => {
    const known = journey.runsOf('fleet-rollout.yml').length;
    const before = journey.runsOf('schema-changed.yml').length;
    await journey.octokit(PEOPLE.maintainer).rest.repos.createDispatchEvent({ ...repo, event_type: 'schema_changed', client_payload: { templates_revision: 'tpl-42' } });
    const run = await journey.until('the second schema-changed run', () => journey.runsOf('schema-changed.yml')[before]);
    const done = await journey.completed(run.id);
    expect(done.conclusion).toBe('failure');
    expect(done.jobs[0].steps.flatMap((s) => s.annotations.map((a) => a.message)).join('\n')).toContain('client_payload.data_model_revision is required');
    expect(journey.runsOf('fleet-rollout.yml')).toHaveLength(known);
  }, 120_000);
});
