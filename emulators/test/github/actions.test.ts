// GitHub Actions as a local runner drives it in-process (runs, job reports, waits for review,
// artifacts) and as clients see it through the real Octokit: runs and jobs, pending deployments
// approved or rejected per environment, the reviews of a run, dispatches delivered to a
// listener, and artifacts listed and downloaded as a zip through GitHub's redirect.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readZip } from '../../src/github/index.ts';
import { createVirtualClock } from '../../src/http/index.ts';
import { call } from '../support/https.ts';
import { FULL_NAME, OWNER, REPO, SHA, startTestGithub, type TestGithub } from './support/harness.ts';

const repo = { owner: OWNER, repo: REPO };
let gh: TestGithub;
beforeEach(async () => {
  gh = await startTestGithub();
});
afterEach(async () => gh.stop());

function startRun(workflowPath = '.github/workflows/provision.yml') {
  return gh.github.createRun(FULL_NAME, { workflow: { path: workflowPath, name: 'provision' }, event: 'workflow_dispatch', headSha: SHA, ref: 'refs/heads/main', actor: 'octocat' });
}

describe('workflow runs and jobs', () => {
  it('shows a run and its jobs as the runner reports them', async () => {
    const octokit = gh.octokit();
    const run = startRun();
    gh.github.updateRun(FULL_NAME, run.id, 'in_progress');
    gh.github.reportJob(FULL_NAME, run.id, { name: 'plan', status: 'in_progress', steps: [{ name: 'Run plan', status: 'in_progress' }] });
    gh.github.reportJob(FULL_NAME, run.id, { name: 'plan', status: 'completed', conclusion: 'success', steps: [{ name: 'Run plan', status: 'completed', conclusion: 'success' }] });
    gh.github.reportJob(FULL_NAME, run.id, { name: 'apply', status: 'queued' });

    const got = (await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: run.id })).data;
    expect(got).toMatchObject({ id: run.id, run_number: 1, name: 'provision', event: 'workflow_dispatch', status: 'in_progress', conclusion: null, head_sha: SHA, head_branch: 'main', path: '.github/workflows/provision.yml@refs/heads/main' });
    expect(got.html_url).toBe(run.htmlUrl);
    const jobs = (await octokit.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: run.id })).data;
    expect(jobs.total_count).toBe(2);
    expect(jobs.jobs.map((j) => [j.name, j.status, j.conclusion])).toEqual([['plan', 'completed', 'success'], ['apply', 'queued', null]]);
    expect(jobs.jobs[0].steps).toMatchObject([{ name: 'Run plan', number: 1, status: 'completed', conclusion: 'success' }]);
    expect((await octokit.rest.actions.getJobForWorkflowRun({ ...repo, job_id: jobs.jobs[1].id })).data.name).toBe('apply');

    gh.github.updateRun(FULL_NAME, run.id, 'completed', 'success');
    const second = startRun();
    expect(second.runNumber).toBe(2);
    const runs = (await octokit.rest.actions.listWorkflowRunsForRepo({ ...repo, status: 'success' })).data;
    expect(runs.workflow_runs.map((r) => r.id)).toEqual([run.id]);
    const workflows = (await octokit.rest.actions.listRepoWorkflows(repo)).data.workflows;
    expect(workflows.map((w) => w.path)).toEqual(['.github/workflows/provision.yml']);
    expect((await octokit.rest.actions.getWorkflow({ ...repo, workflow_id: 'provision.yml' })).data.id).toBe(workflows[0].id);
    expect((await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 1 }).catch((e) => e)).status).toBe(404);
  });
});

describe('deployments waiting for review', () => {
  it('shows the pending deployment, lets only a required reviewer approve it, and records the review', async () => {
    const run = startRun();
    gh.github.reportJob(FULL_NAME, run.id, { name: 'deploy (acme)', status: 'waiting', environment: 'qa' });
    gh.github.reportJob(FULL_NAME, run.id, { name: 'deploy (globex)', status: 'waiting', environment: 'qa' });
    const review = gh.github.waitForReview(FULL_NAME, run.id, 'qa');

    const asOwner = gh.octokit();
    const pending = (await asOwner.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: run.id })).data;
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ environment: { name: 'qa' }, wait_timer: 0, wait_timer_started_at: null, current_user_can_approve: false, reviewers: [{ type: 'User', reviewer: { login: 'qa-lead' } }] });
    const environmentId = pending[0].environment.id as number;
    const refused = await asOwner.rest.actions.reviewPendingDeploymentsForRun({ ...repo, run_id: run.id, environment_ids: [environmentId], state: 'approved', comment: 'me' }).catch((e) => e);
    expect(refused.status).toBe(422);

    const asReviewer = gh.octokit('qa-lead');
    expect((await asReviewer.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: run.id })).data[0].current_user_can_approve).toBe(true);
    const approved = await asReviewer.rest.actions.reviewPendingDeploymentsForRun({ ...repo, run_id: run.id, environment_ids: [environmentId], state: 'approved', comment: 'Ship it!' });
    expect(approved.data.map((d) => d.environment)).toEqual(['qa', 'qa']);
    await expect(review).resolves.toEqual({ state: 'approved', reviewer: 'qa-lead', comment: 'Ship it!' });
    expect((await asReviewer.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: run.id })).data).toEqual([]);
    const approvals = (await asOwner.rest.actions.getReviewsForRun({ ...repo, run_id: run.id })).data;
    expect(approvals).toMatchObject([{ state: 'approved', comment: 'Ship it!', user: { login: 'qa-lead' }, environments: [{ name: 'qa' }] }]);
    const again = await asReviewer.rest.actions.reviewPendingDeploymentsForRun({ ...repo, run_id: run.id, environment_ids: [environmentId], state: 'approved', comment: 'twice' }).catch((e) => e);
    expect(again.status).toBe(422);

    // The jobs' deployments follow them: queued while waiting, then their outcome.
    gh.github.reportJob(FULL_NAME, run.id, { name: 'deploy (acme)', status: 'in_progress', environment: 'qa' });
    gh.github.reportJob(FULL_NAME, run.id, { name: 'deploy (acme)', status: 'completed', conclusion: 'success', environment: 'qa' });
    const statuses = (await asOwner.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: approved.data[0].id })).data;
    expect(statuses.map((s) => s.state)).toEqual(['success', 'in_progress', 'queued']);
    expect(statuses[0].creator?.login).toBe('github-actions[bot]');
  });

  it('rejects, and abandons a wait when the run is cancelled', async () => {
    const run = startRun();
    const review = gh.github.waitForReview(FULL_NAME, run.id, 'qa');
    const asReviewer = gh.octokit('qa-lead');
    const [pending] = (await asReviewer.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: run.id })).data;
    await asReviewer.rest.actions.reviewPendingDeploymentsForRun({ ...repo, run_id: run.id, environment_ids: [pending.environment.id as number], state: 'rejected', comment: 'not today' });
    await expect(review).resolves.toMatchObject({ state: 'rejected', comment: 'not today' });

    const controller = new AbortController();
    const abandoned = gh.github.waitForReview(FULL_NAME, run.id, 'qa', controller.signal);
    expect(gh.github.pendingReviews(FULL_NAME, run.id)).toEqual(['qa']);
    controller.abort(new Error('run cancelled'));
    await expect(abandoned).rejects.toThrow('run cancelled');
    expect(gh.github.pendingReviews(FULL_NAME, run.id)).toEqual([]);
  });
});

describe('dispatches', () => {
  it('delivers repository_dispatch and workflow_dispatch to the listener, 204, and 422 with its reason when refused', async () => {
    const heard: unknown[] = [];
    const run = startRun('.github/workflows/refresh.yml');
    gh.github.onDispatch(FULL_NAME, (request) => {
      heard.push(request);
      if (request.inputs?.what === 'nothing') throw new Error("Provided value 'nothing' for input 'what' not in the list of allowed values");
      return { runIds: [run.id] };
    });
    const asRun = gh.octokit('', { token: gh.github.issueRunToken(FULL_NAME, run.id) });
    expect((await asRun.rest.repos.createDispatchEvent({ ...repo, event_type: 'schema_changed', client_payload: { version: '42' } })).status).toBe(204);
    expect((await asRun.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'refresh.yml', ref: 'main', inputs: { what: 'both' } })).status).toBe(204);
    const workflowId = (await asRun.rest.actions.getWorkflow({ ...repo, workflow_id: 'refresh.yml' })).data.id;
    const withDetails = await asRun.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', { ...repo, workflow_id: workflowId, ref: 'main', return_run_details: true });
    expect(withDetails.status).toBe(200);
    expect(withDetails.data).toMatchObject({ workflow_run_id: run.id, run_url: `${gh.github.url}/repos/${FULL_NAME}/actions/runs/${run.id}` });
    expect(heard).toEqual([
      { event: 'repository_dispatch', repository: FULL_NAME, sender: 'github-actions[bot]', eventType: 'schema_changed', clientPayload: { version: '42' } },
      { event: 'workflow_dispatch', repository: FULL_NAME, sender: 'github-actions[bot]', workflow: 'refresh.yml', ref: 'main', inputs: { what: 'both' } },
      { event: 'workflow_dispatch', repository: FULL_NAME, sender: 'github-actions[bot]', workflow: '.github/workflows/refresh.yml', ref: 'main', inputs: {} },
    ]);
    const refused = await asRun.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'refresh.yml', ref: 'main', inputs: { what: 'nothing' } }).catch((e) => e);
    expect(refused.status).toBe(422);
    expect(refused.response.data.message).toBe("Provided value 'nothing' for input 'what' not in the list of allowed values");
    expect((await asRun.rest.repos.createDispatchEvent({ ...repo, event_type: '' }).catch((e) => e)).status).toBe(422);
    const tooMany = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
    expect((await asRun.rest.repos.createDispatchEvent({ ...repo, event_type: 'x', client_payload: tooMany }).catch((e) => e)).status).toBe(422);
    expect((await asRun.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 999, ref: 'main' }).catch((e) => e)).status).toBe(404);
  });
});

describe('artifacts', () => {
  it('lists a run\'s artifacts and downloads one as a zip through a one-minute redirect', async () => {
    const octokit = gh.octokit();
    const run = startRun();
    const stored = gh.github.storeArtifact(FULL_NAME, run.id, 'plan', [{ path: 'plan.md', content: Buffer.from('# plan\n') }, { path: 'nested/plan.json', content: Buffer.from('{}') }]);
    gh.github.storeArtifact(FULL_NAME, run.id, 'logs', [{ path: 'log.txt', content: Buffer.from('log') }]);
    expect(() => gh.github.storeArtifact(FULL_NAME, run.id, 'plan', [])).toThrow(/already exists/);

    const listed = (await octokit.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: run.id })).data;
    expect(listed.total_count).toBe(2);
    expect(listed.artifacts.map((a) => a.name)).toEqual(['logs', 'plan']);
    expect((await octokit.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: run.id, name: 'plan' })).data.artifacts.map((a) => a.id)).toEqual([stored.id]);
    const artifact = (await octokit.rest.actions.getArtifact({ ...repo, artifact_id: stored.id })).data;
    expect(artifact).toMatchObject({ name: 'plan', size_in_bytes: stored.size, expired: false, archive_download_url: `${gh.github.url}/repos/${FULL_NAME}/actions/artifacts/${stored.id}/zip`, workflow_run: { id: run.id, head_sha: SHA } });
    expect(artifact.digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const download = await octokit.rest.actions.downloadArtifact({ ...repo, artifact_id: stored.id, archive_format: 'zip' });
    expect(download.status).toBe(200);
    const files = readZip(Buffer.from(download.data as ArrayBuffer));
    expect(files.map((f) => [f.path, f.content.toString()])).toEqual([['plan.md', '# plan\n'], ['nested/plan.json', '{}']]);

    // The redirect itself, and its link expiring after a minute.
    const token = gh.github.issueToken('octocat');
    const redirect = await call(`${gh.github.url}/repos/${FULL_NAME}/actions/artifacts/${stored.id}/zip`, 'GET', { headers: { authorization: `token ${token}` } });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.location;
    expect((await call(location, 'GET')).status).toBe(200);
    const tampered = await call(location.replace(/sig=[^&]+/, 'sig=forged'), 'GET');
    expect(tampered.status).toBe(403);
    expect((await octokit.rest.actions.downloadArtifact({ ...repo, artifact_id: stored.id, archive_format: 'tar' }).catch((e) => e)).status).toBe(404);

    await gh.stop();
    const clock = createVirtualClock(Date.UTC(2026, 0, 5, 9));
    gh = await startTestGithub({ clock });
    const later = gh.github.storeArtifact(FULL_NAME, startRun().id, 'plan', [{ path: 'plan.md', content: Buffer.from('x') }]);
    const link = (await call(`${gh.github.url}/repos/${FULL_NAME}/actions/artifacts/${later.id}/zip`, 'GET', { headers: { authorization: `token ${gh.github.issueToken('octocat')}` } })).headers.location;
    clock.advance(61_000);
    expect((await call(link, 'GET')).status).toBe(403);
  });
});
