// A tenant's onboarding as GitHub would run it, every workflow on the local runner over the
// emulated GitHub and the sandbox: its pull request gets one sticky plan comment and writes
// nothing; the merge dispatches one tenant-provision run that provisions it and stops at the
// go-live gate; an approval through GitHub's API takes it live with the approver on record; a
// rejection of another tenant's gate takes nothing live; a fork's PR gets the offline plan.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../dev/runner/index.ts';
import { listSandboxMail } from '../../dev/sandbox-smtp.ts';
import { OWNER, PEOPLE, REPO, useJourney, type Journey, type PullRequest } from '../support/journey.ts';

const repo = { owner: OWNER, repo: REPO };
const MARKER = /<!-- tenantops-plan (\{.*?\}) -->/s;

const journey = useJourney({ leaveOut: ['dashboard.yml'] });

/** A new tenant file: acme-training's shape under another code. */
function tenantFile(code: string): string {
  return journey.tenantFile('acme-training').replaceAll('acme-training', code).replace('Acme Training Ltd', `${code} Ltd`);
}

const registryRows: Journey['registryRows'] = (sql, params) => journey.registryRows(sql, params);
const pendingDeployments = (runId: number) => journey.pendingDeployments(runId);
const explain = (runs: RunRecord[]) => journey.explain(runs);
const completed = (runId: number) => journey.completed(runId);
/** What the sandbox's SMTP server captured for a tenant's super users (their addresses carry its code). */
const mailsTo = async (code: string) => (await listSandboxMail(journey.sandbox.info.smtp!.mailbox)).filter((m) => m.recipient.endsWith(`@${code}.example`)).map((m) => m.subject);

/** Opens a PR adding tenant `code` and runs tenant-plan on it (tenant-plan-comment follows). */
const openAndPlan = (code: string) => journey.openAndPlan(`onboard-${code}`, { [`tenants/${code}.yaml`]: tenantFile(code) });

/** Merges the PR: tenant-merge runs, and the tenant-provision runs it dispatched get to their gate (or done). */
async function mergeToGate(pr: PullRequest): Promise<{ sha: string; provisions: RunRecord[] }> {
  const { sha, provisions } = await journey.mergeToGate(pr);
  for (const r of provisions) expect(r.jobs.find((j) => j.id === 'provision')?.conclusion, explain([r])).toBe('success');
  return { sha, provisions };
}

describe('onboarding a tenant through its pull request', () => {
  let pr: PullRequest;
  let provisionRunId: number;

  it('a PR adding a tenant gets exactly one sticky plan comment with the marker, and writes nothing anywhere', async () => {
    const before = await journey.footprint();
    const writesBefore = journey.writes().length;
    let plan: RunRecord;
    ({ pr, plan } = await openAndPlan('delta-learning'));
    expect(Object.fromEntries(plan.jobs.map((j) => [j.id, j.conclusion]))).toEqual({ validate: 'success', plan: 'success', 'plan-offline': 'skipped' });
    const commentRuns = journey.runsOf('tenant-plan-comment.yml').filter((r) => r.conclusion !== 'skipped');
    expect(commentRuns.map((r) => r.conclusion), explain(commentRuns)).toContain('success');

    const comments = (await journey.octokit(PEOPLE.author).rest.issues.listComments({ ...repo, issue_number: pr.number })).data;
    expect(comments).toHaveLength(1);
    const marker = JSON.parse(MARKER.exec(comments[0].body ?? '')![1]);
    expect(marker).toMatchObject({ version: 1, sha: pr.head, tenants: { 'delta-learning': { db: expect.stringMatching(/^[0-9a-f]{64}$/), powerbi: expect.stringMatching(/^[0-9a-f]{64}$/), dns: expect.stringMatching(/^[0-9a-f]{64}$/) } } });
    expect(Object.keys(marker.tenants)).toEqual(['delta-learning']);
    // The plan artifact is in GitHub, beside the run that made it.
    const artifacts = (await journey.octokit(PEOPLE.author).rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: plan.id })).data.artifacts;
    expect(artifacts.map((a) => a.name)).toEqual(['plan']);

    // Zero writes: no POST/PUT/PATCH/DELETE on Power BI, Fabric or GoDaddy, nothing new in the registry or the clusters.
    expect(journey.writes().slice(writesBefore)).toEqual([]);
    expect(await journey.footprint()).toEqual(before);
  }, 240_000);

  it('the merge dispatches exactly one tenant-provision run, which provisions the tenant and stops at its go-live gate', async () => {
    const { sha, provisions } = await mergeToGate(pr);
    expect(provisions.map((r) => r.inputs)).toEqual([expect.objectContaining({ tenant: 'delta-learning', sha, pr: String(pr.number), 'merged-by': PEOPLE.maintainer })]);
    provisionRunId = provisions[0].id;
    const [pending] = await pendingDeployments(provisionRunId);
    expect(pending).toMatchObject({ environment: { name: 'go-live' }, current_user_can_approve: true, reviewers: [{ reviewer: { login: PEOPLE.qa } }] });
    const asOwner = journey.octokit(PEOPLE.maintainer);
    expect((await asOwner.rest.actions.getWorkflowRun({ ...repo, run_id: provisionRunId })).data).toMatchObject({ status: 'waiting', event: 'workflow_dispatch', head_sha: sha });

    // Provisioned: its deployments carry the run, the actor and the reviewed hashes; not live.
    const deployments = await registryRows<{ actor: string; github_run_id: string; plan_hash: string; status: string }>('SELECT * FROM deployments WHERE tenant = $1', ['delta-learning']);
    expect(deployments.length).toBeGreaterThan(0);
    for (const d of deployments) {
      expect(d).toMatchObject({ github_run_id: String(provisionRunId), actor: expect.stringMatching(/^github:/), plan_hash: expect.stringMatching(/^[0-9a-f]{64}$/), status: 'succeeded' });
    }
    // Not live before the gate: the QA checklist passed and recorded it provisioned.
    expect(await registryRows('SELECT status FROM tenants WHERE code = $1', ['delta-learning'])).toEqual([{ status: 'provisioned' }]);
    const world = journey.sandbox.world.state;
    expect([...world.workspaces.values()].filter((w) => w.displayName === 'tenant-delta-learning')).toHaveLength(1);
  }, 300_000);

  it('an approval through GitHub\'s API runs go-live, and the approver is recorded', async () => {
    const [pending] = await pendingDeployments(provisionRunId);
    await journey.octokit(PEOPLE.qa).rest.actions.reviewPendingDeploymentsForRun({ ...repo, run_id: provisionRunId, environment_ids: [pending.environment.id as number], state: 'approved', comment: 'QA passed' });
    const record = await completed(provisionRunId);
    expect(record.conclusion, explain([record])).toBe('success');
    expect(record.jobs.find((j) => j.id === 'go-live')?.conclusion).toBe('success');
    expect(record.jobs.find((j) => j.id === 'rollback')?.conclusion).toBe('skipped');
    const audit = await registryRows<{ actor: string; action: string; github_run: string }>("SELECT * FROM audit_log WHERE tenant = $1 AND action = 'approve'", ['delta-learning']);
    expect(audit).toMatchObject([{ actor: `github:${PEOPLE.qa}`, github_run: String(provisionRunId) }]);
    expect(await registryRows('SELECT status, approved_by FROM tenants WHERE code = $1', ['delta-learning'])).toEqual([{ status: 'live', approved_by: PEOPLE.qa }]);
    expect((await journey.octokit(PEOPLE.maintainer).rest.actions.getReviewsForRun({ ...repo, run_id: provisionRunId })).data).toMatchObject([{ state: 'approved', user: { login: PEOPLE.qa }, environments: [{ name: 'go-live' }] }]);
    // Live with its mails sent: each super user's welcome (with the invitation) and the go-live notification.
    expect((await mailsTo('delta-learning')).sort()).toEqual([expect.stringMatching(/welcome/i), expect.stringMatching(/ready/i)].sort());
  }, 240_000);
});

describe('a rejected gate', () => {
  it('takes nothing live: go-live fails before any step, no approval is recorded, the tenant is not live', async () => {
    const { pr } = await openAndPlan('epsilon-skills');
    const { provisions } = await mergeToGate(pr);
    expect(provisions).toHaveLength(1);
    const runId = provisions[0].id;
    const [pending] = await pendingDeployments(runId);
    await journey.octokit(PEOPLE.qa).rest.actions.reviewPendingDeploymentsForRun({ ...repo, run_id: runId, environment_ids: [pending.environment.id as number], state: 'rejected', comment: 'reports look wrong' });
    const record = await completed(runId);
    expect(record.conclusion).toBe('failure');
    expect(Object.fromEntries(record.jobs.map((j) => [j.id, j.conclusion]))).toEqual({ provision: 'success', 'go-live': 'failure', rollback: 'success' });
    expect(record.jobs.find((j) => j.id === 'go-live')?.steps.filter((s) => s.conclusion === 'success')).toEqual([]);
    expect(await registryRows("SELECT * FROM audit_log WHERE tenant = $1 AND action = 'approve'", ['epsilon-skills'])).toEqual([]);
    expect(await registryRows('SELECT status FROM tenants WHERE code = $1', ['epsilon-skills'])).toEqual([{ status: expect.not.stringMatching(/^live$/) }]);
    expect((await journey.octokit(PEOPLE.maintainer).rest.actions.getReviewsForRun({ ...repo, run_id: runId })).data).toMatchObject([{ state: 'rejected', user: { login: PEOPLE.qa } }]);
    // Rolled back, and nothing was sent.
    expect(await mailsTo('epsilon-skills')).toEqual([]);
  }, 300_000);
});

describe('a pull request from a fork', () => {
  it('gets the offline plan under its banner, posted by tenant-plan-comment through workflow_run, with no hashes', async () => {
    const pr = journey.openPullRequest('fork-onboard-zeta', { 'tenants/zeta-college.yaml': tenantFile('zeta-college') }, { title: 'Onboard zeta-college' });
    const { runs } = await journey.runner.dispatch(journey.pullRequestEvent(pr, 'outsider/tenants'));
    const plan = await runs[0].done;
    await journey.runner.waitForIdle();
    expect(Object.fromEntries(plan.jobs.map((j) => [j.id, j.conclusion])), explain([plan])).toEqual({ validate: 'success', plan: 'skipped', 'plan-offline': 'success' });
    const comments = (await journey.octokit(PEOPLE.author).rest.issues.listComments({ ...repo, issue_number: pr.number })).data;
    expect(comments, explain(journey.runsOf('tenant-plan-comment.yml'))).toHaveLength(1);
    expect(comments[0].body).toContain('**Offline plan.**');
    expect(JSON.parse(MARKER.exec(comments[0].body ?? '')![1])).toEqual({ version: 1, sha: pr.head, tenants: {}, offline: true });
  }, 180_000);
});

