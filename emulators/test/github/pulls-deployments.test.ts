// Pull requests (opened in-process: the emulator keeps no git), the pull requests of a commit,
// commit statuses, deployments and their statuses, and environments with required reviewers,
// all read and written through the real Octokit.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FULL_NAME, OWNER, REPO, SHA, startTestGithub, type TestGithub } from './support/harness.ts';

const repo = { owner: OWNER, repo: REPO };
const HEAD = 'b'.repeat(40);
const MERGE = 'c'.repeat(40);
let gh: TestGithub;
beforeEach(async () => {
  gh = await startTestGithub();
});
afterEach(async () => gh.stop());

function openTenantPull(title = 'Add tenant acme'): number {
  return gh.github.openPullRequest(FULL_NAME, {
    title, user: 'hubot', head: { ref: 'tenant/acme', sha: HEAD }, base: { ref: 'main' },
    files: [{ filename: 'tenants/acme.yaml', status: 'added', additions: 12, deletions: 0, patch: '@@ -0,0 +1,12 @@' }, { filename: 'README.md', status: 'modified', additions: 1, deletions: 1 }],
  });
}

describe('pull requests', () => {
  it('reads a pull request, its files, and finds it by head sha and, once merged, by merge commit', async () => {
    const octokit = gh.octokit();
    const number = openTenantPull();
    const pr = (await octokit.rest.pulls.get({ ...repo, pull_number: number })).data;
    expect(pr).toMatchObject({ number: 1, state: 'open', merged: false, title: 'Add tenant acme', user: { login: 'hubot' }, changed_files: 2, additions: 13, deletions: 1 });
    expect(pr.head).toMatchObject({ ref: 'tenant/acme', sha: HEAD, label: `${OWNER}:tenant/acme`, repo: { full_name: FULL_NAME } });
    expect(pr.base).toMatchObject({ ref: 'main', sha: SHA });
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...repo, pull_number: number, per_page: 1 });
    expect(files.map((f) => [f.filename, f.status, f.changes])).toEqual([['tenants/acme.yaml', 'added', 12], ['README.md', 'modified', 2]]);
    expect((await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: HEAD })).data.map((p) => p.number)).toEqual([1]);

    // A pull request is an issue too: comments on it are issue comments, and it is listed among issues.
    await octokit.rest.issues.createComment({ ...repo, issue_number: number, body: '<!-- tenantops:plan -->\nplan' });
    const issue = (await octokit.rest.issues.get({ ...repo, issue_number: number })).data;
    expect(issue.pull_request?.url).toBe(`${gh.github.url}/repos/${FULL_NAME}/pulls/1`);
    expect(issue.comments).toBe(1);

    gh.github.mergePullRequest(FULL_NAME, number, { mergeCommitSha: MERGE });
    expect((await octokit.rest.pulls.get({ ...repo, pull_number: number })).data).toMatchObject({ state: 'closed', merged: true, merge_commit_sha: MERGE, merged_by: { login: OWNER } });
    expect((await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: MERGE })).data.map((p) => p.number)).toEqual([1]);
    expect((await octokit.rest.pulls.list(repo)).data).toEqual([]);
    expect((await octokit.rest.pulls.list({ ...repo, state: 'closed', head: `${OWNER}:tenant/acme`, base: 'main' })).data.map((p) => p.number)).toEqual([1]);
    const missing = await octokit.rest.pulls.get({ ...repo, pull_number: 99 }).catch((e) => e);
    expect(missing.status).toBe(404);
  });

  it('creates commit statuses and combines the latest of each context', async () => {
    const octokit = gh.octokit();
    await octokit.rest.repos.createCommitStatus({ ...repo, sha: HEAD, state: 'pending', context: 'tenantops/plan' });
    await octokit.rest.repos.createCommitStatus({ ...repo, sha: HEAD, state: 'success', context: 'tenantops/plan', description: 'planned' });
    await octokit.rest.repos.createCommitStatus({ ...repo, sha: HEAD, state: 'failure', context: 'ci' });
    expect((await octokit.rest.repos.listCommitStatusesForRef({ ...repo, ref: HEAD })).data.map((s) => s.state)).toEqual(['failure', 'success', 'pending']);
    const combined = (await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: HEAD })).data;
    expect(combined).toMatchObject({ state: 'failure', sha: HEAD, total_count: 2 });
    const bad = await octokit.rest.repos.createCommitStatus({ ...repo, sha: HEAD, state: 'great' as 'success' }).catch((e) => e);
    expect(bad.status).toBe(422);
  });
});

describe('deployments and environments', () => {
  it('creates a deployment of a branch, records statuses newest first, and marks the earlier success inactive', async () => {
    const octokit = gh.octokit();
    const first = (await octokit.rest.repos.createDeployment({ ...repo, ref: 'main', environment: 'qa', payload: { tenant: 'acme' }, auto_merge: false })).data as { id: number; sha: string };
    expect(first.sha).toBe(SHA);
    await octokit.rest.repos.createDeploymentStatus({ ...repo, deployment_id: first.id, state: 'in_progress' });
    await octokit.rest.repos.createDeploymentStatus({ ...repo, deployment_id: first.id, state: 'success', environment_url: 'https://acme.example.com' });
    const second = (await octokit.rest.repos.createDeployment({ ...repo, ref: HEAD, environment: 'qa', auto_merge: false })).data as { id: number };
    await octokit.rest.repos.createDeploymentStatus({ ...repo, deployment_id: second.id, state: 'success' });
    expect((await octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: first.id })).data.map((s) => s.state)).toEqual(['inactive', 'success', 'in_progress']);
    expect((await octokit.rest.repos.listDeployments({ ...repo, environment: 'qa' })).data.map((d) => d.id)).toEqual([second.id, first.id]);
    expect((await octokit.rest.repos.listDeployments({ ...repo, sha: SHA })).data.map((d) => d.id)).toEqual([first.id]);
    expect((await octokit.rest.repos.getDeployment({ ...repo, deployment_id: first.id })).data.payload).toEqual({ tenant: 'acme' });
    const unknownRef = await octokit.rest.repos.createDeployment({ ...repo, ref: 'nowhere' }).catch((e) => e);
    expect(unknownRef.status).toBe(422);
    expect(unknownRef.response.data.message).toBe('No ref found for: nowhere');
  });

  it('lists and reads environments with their required reviewers, and updates them', async () => {
    const octokit = gh.octokit();
    const qa = (await octokit.rest.repos.getEnvironment({ ...repo, environment_name: 'qa' })).data;
    expect(qa.protection_rules).toMatchObject([{ type: 'required_reviewers', reviewers: [{ type: 'User', reviewer: { login: 'qa-lead' } }] }]);
    const octocatId = (await octokit.rest.issues.create({ ...repo, title: 'who am i' })).data.user?.id as number;
    await octokit.rest.repos.createOrUpdateEnvironment({ ...repo, environment_name: 'production', wait_timer: 5, reviewers: [{ type: 'User', id: octocatId }] });
    const all = (await octokit.rest.repos.getAllEnvironments(repo)).data;
    expect(all.total_count).toBe(2);
    expect(all.environments?.map((e) => [e.name, e.protection_rules?.map((r) => r.type)])).toEqual([['production', ['wait_timer', 'required_reviewers']], ['qa', ['required_reviewers']]]);
    expect(gh.github.environmentReviewers(FULL_NAME, 'production')).toEqual(['octocat']);
    expect((await octokit.rest.repos.getEnvironment({ ...repo, environment_name: 'nowhere' }).catch((e) => e)).status).toBe(404);
  });
});
