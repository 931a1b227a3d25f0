// Deployment environments: their secrets and variables reach only jobs that name them; required
// reviewers gate jobs, one review per environment per run releasing every job waiting on it.
import { describe, expect, it } from 'vitest';
import { setupBenches } from './fixture-repo.ts';
import { waitFor } from './wait.ts';

const openBench = setupBenches();

const hostOptions = {
  secrets: { REPO_WIDE: 'repo-secret-value' },
  variables: { WHERE: 'repository' },
  environments: {
    staging: { secrets: { STAGING_ONLY: 'staging-secret-value' }, variables: { WHERE: 'staging' } },
    qa: { requiredReviewers: ['qa-lead'] },
  },
};

describe('environment secrets and variables', () => {
  it('gives environment secrets only to the job naming the environment, repository secrets to all', async () => {
    const bench = openBench({ host: hostOptions });
    const { runs } = await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'environments.yml' });
    const run = await runs[0].done;
    expect(run.conclusion).toBe('success');
    const plain = run.jobs.find((j) => j.id === 'plain')!;
    const scoped = run.jobs.find((j) => j.id === 'scoped')!;
    expect(plain.outputs).toEqual({ 'env-secret': '0', 'repo-secret': String('repo-secret-value'.length), var: 'repository' });
    expect(scoped.environment).toBe('staging');
    expect(scoped.outputs).toEqual({ 'env-secret': String('staging-secret-value'.length), 'repo-secret': String('repo-secret-value'.length), var: 'staging' });
    // An output carrying a secret is dropped, and the secret is masked in the log.
    expect(scoped.annotations.map((a) => a.message)).toEqual(["Skip output 'leaked' since it may contain secret."]);
    expect(scoped.steps[0].log).toContain('the secret is ***');
  });
});

describe('required reviewers', () => {
  it('releases both waiting matrix jobs of a run with one review; a second run needs its own', async () => {
    const bench = openBench({ host: hostOptions });
    const first = (await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'approval.yml' })).runs[0];
    const request = await bench.host.waitForApproval({ runId: first.record.id, environment: 'qa' });
    await waitFor(() => first.record.jobs.filter((j) => j.id === 'deploy' && j.status === 'waiting').length === 2, 'both deploy jobs waiting');
    expect(request.jobs.sort()).toEqual(['deploy (acme)', 'deploy (globex)']);
    expect(bench.host.pendingApprovals()).toHaveLength(1);
    expect(() => bench.host.review(first.record.id, 'qa', 'approved', 'someone-else')).toThrow(/not a required reviewer/);

    const second = (await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'approval.yml' })).runs[0];
    await bench.host.waitForApproval({ runId: second.record.id, environment: 'qa' });

    // The host saw the run and its jobs wait.
    expect(bench.host.runs.get(first.record.id)?.status).toBe('waiting');
    expect(bench.host.runs.get(first.record.id)?.jobs.get('deploy (acme)')?.status).toBe('waiting');
    bench.host.review(first.record.id, 'qa', 'approved', 'qa-lead');
    const done = await first.done;
    expect(bench.host.runs.get(first.record.id)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(bench.host.runs.get(first.record.id)?.jobs.get('deploy (acme)')).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(done.conclusion).toBe('success');
    expect(done.jobs.filter((j) => j.id === 'deploy').map((j) => j.conclusion)).toEqual(['success', 'success']);
    expect(second.record.status).not.toBe('completed');
    expect(bench.host.pendingApprovals().map((p) => p.runId)).toEqual([second.record.id]);

    bench.host.review(second.record.id, 'qa', 'approved', 'qa-lead');
    expect((await second.done).conclusion).toBe('success');
  });

  it('fails the gated jobs on rejection and skips their dependents', async () => {
    const bench = openBench({ host: hostOptions });
    const run = (await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'approval.yml' })).runs[0];
    await bench.host.waitForApproval({ runId: run.record.id });
    await waitFor(() => run.record.jobs.filter((j) => j.status === 'waiting').length === 2, 'both deploy jobs waiting');
    bench.host.review(run.record.id, 'qa', 'rejected', 'qa-lead', 'not today');
    const done = await run.done;
    expect(done.conclusion).toBe('failure');
    const deploys = done.jobs.filter((j) => j.id === 'deploy');
    expect(deploys.map((j) => j.conclusion)).toEqual(['failure', 'failure']);
    expect(deploys[0].steps).toEqual([]);
    expect(deploys[0].annotations[0].message).toMatch(/^The deployment was rejected or didn't satisfy other protection rules\./);
    expect(done.jobs.find((j) => j.id === 'announce')?.conclusion).toBe('skipped');
  });
});
