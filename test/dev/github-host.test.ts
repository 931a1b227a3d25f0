// The local runner on the emulated GitHub (dev/github-host.ts): a small workflow runs through
// createRunner; its gated job waits for a pending deployment that GitHub's API shows and that a
// required reviewer approves through Octokit; the run, its jobs, the review and the artifact are
// read back through Octokit (the artifact as GitHub's zip); environment secrets reach only the
// gated job; a dispatch a step makes through the REST API starts another run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { readZip, startGithub, type GithubEmulator } from '@tenantops/emulators';
import { testTls } from '@tenantops/emulators/testing';
import { createEmulatedHost, type EmulatedHost } from '../../dev/github-host.ts';
import { createRunner, type Runner } from '../../dev/runner/index.ts';
import { createFixtureRepo, type FixtureRepo } from '../runner/fixture-repo.ts';

const OWNER = 'octo-org';
const REPO = 'octo-repo';
const repo = { owner: OWNER, repo: REPO };

/** Builds, uploads its plan, then deploys behind the `qa` gate and tells the fleet its schema changed. */
const GATED = `name: gated
on: workflow_dispatch
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - run: mkdir -p out && echo "plan for \${{ vars.WHERE }}" > out/plan.md
      - uses: actions/upload-artifact@v4
        with:
          name: plan
          path: out/
  deploy:
    needs: build
    runs-on: ubuntu-24.04
    environment: qa
    outputs:
      secret-length: \${{ steps.secret.outputs.length }}
    steps:
      - id: secret
        env:
          QA_ONLY: \${{ secrets.QA_ONLY }}
        run: echo "length=\${#QA_ONLY}" >> "$GITHUB_OUTPUT"
      - env:
          GH_TOKEN: \${{ github.token }}
          CA_FILE: \${{ vars.CA_FILE }}
        run: |
          curl -sS -f --cacert "$CA_FILE" -X POST "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/dispatches" \\
            -H "Authorization: Bearer $GH_TOKEN" -H 'content-type: application/json' \\
            -d '{"event_type":"schema_changed","client_payload":{"version":"42"}}'
  unguarded:
    runs-on: ubuntu-24.04
    outputs: { secret-length: "\${{ steps.secret.outputs.length }}" }
    steps:
      - { id: secret, env: { QA_ONLY: "\${{ secrets.QA_ONLY }}" }, run: 'echo "length=\${#QA_ONLY}" >> "$GITHUB_OUTPUT"' }
`;

interface Bench {
  github: GithubEmulator;
  host: EmulatedHost;
  runner: Runner;
  repo: FixtureRepo;
  octokit(login: string): Octokit;
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const b of open.splice(0)) await b.close();
});

async function openBench(): Promise<Bench> {
  const tls = testTls();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'github-host-'));
  const caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, tls.caPem);
  const github = await startGithub({
    tls,
    users: [{ login: 'octocat' }, { login: 'qa-lead' }],
    repositories: [{
      fullName: `${OWNER}/${REPO}`, secrets: { REPO_WIDE: 'repo-secret' }, variables: { WHERE: 'the repository', CA_FILE: caFile },
      environments: { qa: { reviewers: ['qa-lead'], secrets: { QA_ONLY: 'qa-secret-value' } } },
    }],
  });
  const host = createEmulatedHost({ github, repository: `${OWNER}/${REPO}` });
  const fixture = createFixtureRepo(['approval.yml', 'dispatched.yml']);
  fixture.commit({ '.github/workflows/gated.yml': GATED });
  const runner = createRunner({ repoDir: fixture.dir, host, parallelism: 4 });
  const agent = new Agent({ connect: { ca: tls.caPem } });
  const fetch = ((url: string, init: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const octokits = new Map<string, Octokit>();
  open.push({
    async close() {
      await runner.close();
      host.detach();
      await github.stop();
      fixture.remove();
      rmSync(dir, { recursive: true, force: true });
    },
  });
  return {
    github, host, runner, repo: fixture,
    octokit(login) {
      let o = octokits.get(login);
      if (!o) octokits.set(login, (o = new Octokit({ auth: github.issueToken(login), baseUrl: github.url, request: { fetch }, log: quiet })));
      return o;
    },
  };
}

/** Polls GitHub's API until the run has a deployment waiting for review. */
async function pendingDeployments(octokit: Octokit, runId: number) {
  const until = Date.now() + 30_000;
  for (;;) {
    const { data } = await octokit.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: runId });
    if (data.length) return data;
    if (Date.now() > until) throw new Error(`run ${runId} has no pending deployment after 30 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the local runner on the emulated GitHub', () => {
  it('runs a gated workflow approved through Octokit, with its run, jobs, review and artifact in the REST API', async () => {
    const bench = await openBench();
    const { runs } = await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'gated.yml' });
    const runId = runs[0].record.id;
    const reviewer = bench.octokit('qa-lead');
    const [pending] = await pendingDeployments(reviewer, runId);
    expect(pending).toMatchObject({ environment: { name: 'qa' }, current_user_can_approve: true, reviewers: [{ type: 'User', reviewer: { login: 'qa-lead' } }] });

    const asOwner = bench.octokit('octocat');
    expect((await asOwner.rest.actions.getWorkflowRun({ ...repo, run_id: runId })).data).toMatchObject({ status: 'waiting', name: 'gated', event: 'workflow_dispatch', path: '.github/workflows/gated.yml@refs/heads/main' });
    const waiting = (await asOwner.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: runId })).data.jobs;
    expect(Object.fromEntries(waiting.map((j) => [j.name, j.status]))).toMatchObject({ build: 'completed', deploy: 'waiting' });
    const refused = await asOwner.rest.actions.reviewPendingDeploymentsForRun({ ...repo, run_id: runId, environment_ids: [pending.environment.id as number], state: 'approved', comment: 'me' }).catch((e) => e);
    expect(refused.status).toBe(422);

    await reviewer.rest.actions.reviewPendingDeploymentsForRun({ ...repo, run_id: runId, environment_ids: [pending.environment.id as number], state: 'approved', comment: 'QA passed' });
    const record = await runs[0].done;
    expect(record.conclusion).toBe('success');
    // The environment's secret reached the gated job only.
    expect(record.jobs.find((j) => j.id === 'deploy')?.outputs).toEqual({ 'secret-length': String('qa-secret-value'.length) });
    expect(record.jobs.find((j) => j.id === 'unguarded')?.outputs).toEqual({ 'secret-length': '0' });

    expect((await asOwner.rest.actions.getWorkflowRun({ ...repo, run_id: runId })).data).toMatchObject({ status: 'completed', conclusion: 'success' });
    const jobs = (await asOwner.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: runId })).data.jobs;
    expect(jobs.map((j) => [j.name, j.status, j.conclusion]).sort()).toEqual([['build', 'completed', 'success'], ['deploy', 'completed', 'success'], ['unguarded', 'completed', 'success']]);
    expect((await asOwner.rest.actions.getReviewsForRun({ ...repo, run_id: runId })).data).toMatchObject([{ state: 'approved', comment: 'QA passed', user: { login: 'qa-lead' }, environments: [{ name: 'qa' }] }]);
    const deployments = (await asOwner.rest.repos.listDeployments({ ...repo, environment: 'qa' })).data;
    expect(deployments).toHaveLength(1);
    expect((await asOwner.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: deployments[0].id })).data.map((s) => s.state)).toEqual(['success', 'in_progress', 'queued']);

    const artifacts = (await asOwner.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: runId })).data.artifacts;
    expect(artifacts.map((a) => a.name)).toEqual(['plan']);
    expect(record.artifacts.map((a) => a.id)).toEqual([artifacts[0].id]);
    const zip = await asOwner.rest.actions.downloadArtifact({ ...repo, artifact_id: artifacts[0].id, archive_format: 'zip' });
    expect(readZip(Buffer.from(zip.data as ArrayBuffer)).map((f) => [f.path, f.content.toString()])).toEqual([['plan.md', 'plan for the repository\n']]);

    // The step's repository_dispatch, made with the run's GITHUB_TOKEN, started dispatched.yml.
    await bench.runner.waitForIdle();
    const dispatched = bench.runner.runs.find((r) => r.event === 'repository_dispatch');
    expect(dispatched).toMatchObject({ conclusion: 'success', actor: 'github-actions[bot]', workflow: { path: '.github/workflows/dispatched.yml' } });
    expect(dispatched?.jobs[0].outputs).toEqual({ got: 'repository_dispatch:42:' });
    const listed = (await asOwner.rest.actions.listWorkflowRunsForRepo(repo)).data.workflow_runs;
    expect(listed.map((r) => [r.name, r.event, r.conclusion])).toEqual([['dispatched', 'repository_dispatch', 'success'], ['gated', 'workflow_dispatch', 'success']]);
  });

  it('releases both waiting matrix jobs with one rejection and skips their dependents; a workflow_dispatch through the API starts a run', async () => {
    const bench = await openBench();
    const { runs } = await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'approval.yml' });
    const runId = runs[0].record.id;
    const reviewer = bench.octokit('qa-lead');
    const [pending] = await pendingDeployments(reviewer, runId);
    // Both matrix jobs wait for the one pending deployment of the run.
    const until = Date.now() + 20_000;
    while (runs[0].record.jobs.filter((j) => j.status === 'waiting').length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect((await reviewer.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: runId })).data).toHaveLength(1);
    await reviewer.rest.actions.reviewPendingDeploymentsForRun({ ...repo, run_id: runId, environment_ids: [pending.environment.id as number], state: 'rejected', comment: 'not today' });
    const record = await runs[0].done;
    expect(record.conclusion).toBe('failure');
    expect(record.jobs.filter((j) => j.id === 'deploy').map((j) => j.conclusion)).toEqual(['failure', 'failure']);
    expect(record.jobs.find((j) => j.id === 'announce')?.conclusion).toBe('skipped');
    expect((await reviewer.rest.actions.getWorkflowRun({ ...repo, run_id: runId })).data.conclusion).toBe('failure');

    const dispatch = await bench.octokit('octocat').rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'dispatched.yml', ref: 'main', inputs: { what: 'both' } });
    expect(dispatch.status).toBe(204);
    const refused = await bench.octokit('octocat').rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'dispatched.yml', ref: 'main', inputs: { what: 'nothing' } }).catch((e) => e);
    expect(refused.status).toBe(422);
    await bench.runner.waitForIdle();
    const started = bench.runner.runs.find((r) => r.event === 'workflow_dispatch' && r.workflow.path.endsWith('dispatched.yml'));
    expect(started?.jobs[0].outputs).toEqual({ got: 'workflow_dispatch:both:true' });
  });
});
