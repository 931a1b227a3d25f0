// GitHub's JSON for deployments and their statuses, environments, workflows, workflow runs,
// jobs, artifacts, pending deployments and deployment reviews, shaped after the schemas of the
// same names in GitHub's OpenAPI description.

import type {
  ArtifactRecord, DeploymentRecord, DeploymentStatusRecord, EnvironmentRecord, IssueRecord, JobRecord, RepoRecord, ReviewRecord, UserRecord,
  WorkflowRecord, WorkflowRunRecord,
} from './model.ts';
import { iso, nodeId, renderRepository, renderUser, repoApiUrl, repoWebUrl, type Site } from './render-common.ts';
import { renderPullMinimal } from './render-issues.ts';

export function renderDeployment(site: Site, repo: RepoRecord, d: DeploymentRecord): Record<string, unknown> {
  const url = `${repoApiUrl(site, repo)}/deployments/${d.id}`;
  return {
    url, id: d.id, node_id: nodeId('Deployment', d.id), sha: d.sha, ref: d.ref, task: d.task, payload: d.payload,
    original_environment: d.originalEnvironment, environment: d.environment, description: d.description, creator: renderUser(site, d.creator),
    created_at: iso(d.createdAt), updated_at: iso(d.updatedAt), statuses_url: `${url}/statuses`, repository_url: repoApiUrl(site, repo),
    transient_environment: d.transient, production_environment: d.production, performed_via_github_app: null,
  };
}

export function renderDeploymentStatus(site: Site, repo: RepoRecord, d: DeploymentRecord, s: DeploymentStatusRecord): Record<string, unknown> {
  const deploymentUrl = `${repoApiUrl(site, repo)}/deployments/${d.id}`;
  // A run's deployments point at their job by a path on the repository's pages.
  const page = (url: string) => (url.startsWith('/') ? `${repoWebUrl(site, repo)}${url}` : url);
  return {
    url: `${deploymentUrl}/statuses/${s.id}`, id: s.id, node_id: nodeId('DeploymentStatus', s.id), state: s.state, creator: renderUser(site, s.creator),
    description: s.description, environment: s.environment, target_url: page(s.targetUrl), log_url: page(s.logUrl), environment_url: s.environmentUrl,
    created_at: iso(s.createdAt), updated_at: iso(s.updatedAt), deployment_url: deploymentUrl, repository_url: repoApiUrl(site, repo),
    performed_via_github_app: null,
  };
}

function environmentRef(site: Site, repo: RepoRecord, e: EnvironmentRecord): Record<string, unknown> {
  return {
    id: e.id, node_id: nodeId('Environment', e.id), name: e.name, url: `${repoApiUrl(site, repo)}/environments/${encodeURIComponent(e.name)}`,
    html_url: `${repoWebUrl(site, repo)}/deployments/activity_log?environments_filter=${encodeURIComponent(e.name)}`,
  };
}

function reviewers(site: Site, users: UserRecord[]): Record<string, unknown>[] {
  return users.map((u) => ({ type: 'User', reviewer: renderUser(site, u) }));
}

export function renderEnvironment(site: Site, repo: RepoRecord, e: EnvironmentRecord): Record<string, unknown> {
  const rules: Record<string, unknown>[] = [];
  if (e.waitTimer > 0) rules.push({ id: e.reviewersRuleId + 1, node_id: nodeId('Gate', e.reviewersRuleId + 1), type: 'wait_timer', wait_timer: e.waitTimer });
  if (e.reviewers.length) {
    rules.push({
      id: e.reviewersRuleId, node_id: nodeId('Gate', e.reviewersRuleId), type: 'required_reviewers', prevent_self_review: e.preventSelfReview,
      reviewers: reviewers(site, e.reviewers),
    });
  }
  return {
    ...environmentRef(site, repo, e), created_at: iso(e.createdAt), updated_at: iso(e.updatedAt), protection_rules: rules,
    deployment_branch_policy: null,
  };
}

export function renderPendingDeployment(site: Site, repo: RepoRecord, e: EnvironmentRecord, caller: UserRecord): Record<string, unknown> {
  return {
    environment: environmentRef(site, repo, e), wait_timer: e.waitTimer, wait_timer_started_at: null,
    current_user_can_approve: e.reviewers.some((r) => r.id === caller.id), reviewers: reviewers(site, e.reviewers),
  };
}

export function renderReview(site: Site, repo: RepoRecord, r: ReviewRecord): Record<string, unknown> {
  return {
    environments: r.environments.map((e) => ({ ...environmentRef(site, repo, e), created_at: iso(e.createdAt), updated_at: iso(e.updatedAt) })),
    state: r.state, user: renderUser(site, r.user), comment: r.comment,
  };
}

export function renderWorkflow(site: Site, repo: RepoRecord, w: WorkflowRecord): Record<string, unknown> {
  return {
    id: w.id, node_id: nodeId('Workflow', w.id), name: w.name, path: w.path, state: 'active', created_at: iso(w.createdAt), updated_at: iso(w.updatedAt),
    url: `${repoApiUrl(site, repo)}/actions/workflows/${w.id}`, html_url: `${repoWebUrl(site, repo)}/blob/${repo.defaultBranch}/${w.path}`,
    badge_url: `${repoWebUrl(site, repo)}/workflows/${encodeURIComponent(w.name)}/badge.svg`,
  };
}

export function branchOf(ref: string): string | null {
  const m = /^refs\/heads\/(.+)$/.exec(ref);
  return m ? m[1] : /^refs\//.test(ref) ? null : ref;
}

export function renderRun(site: Site, repo: RepoRecord, run: WorkflowRunRecord): Record<string, unknown> {
  const url = `${repoApiUrl(site, repo)}/actions/runs/${run.id}`;
  const pulls = [...repo.issues.values()].filter((i): i is IssueRecord & { pull: NonNullable<IssueRecord['pull']> } => !!i.pull && i.state === 'open' && i.pull.head.sha === run.headSha);
  const repository = renderRepository(site, repo);
  return {
    id: run.id, name: run.workflow.name, node_id: nodeId('WorkflowRun', run.id), check_suite_id: run.id, check_suite_node_id: nodeId('CheckSuite', run.id),
    head_branch: branchOf(run.ref), head_sha: run.headSha, path: `${run.workflow.path}@${run.ref}`, display_title: run.displayTitle,
    run_number: run.runNumber, run_attempt: 1, referenced_workflows: [], event: run.event, status: run.status, conclusion: run.conclusion,
    workflow_id: run.workflow.id, url, html_url: `${repoWebUrl(site, repo)}/actions/runs/${run.id}`,
    pull_requests: pulls.map((i) => renderPullMinimal(site, repo, i)), created_at: iso(run.createdAt), updated_at: iso(run.updatedAt),
    actor: renderUser(site, run.actor), triggering_actor: renderUser(site, run.actor), run_started_at: iso(run.startedAt),
    jobs_url: `${url}/jobs`, logs_url: `${url}/logs`, check_suite_url: `${repoApiUrl(site, repo)}/check-suites/${run.id}`, artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`, rerun_url: `${url}/rerun`, previous_attempt_url: null, workflow_url: `${repoApiUrl(site, repo)}/actions/workflows/${run.workflow.id}`,
    head_commit: null, repository, head_repository: repository, head_repository_id: repo.id,
  };
}

export function renderJob(site: Site, repo: RepoRecord, run: WorkflowRunRecord, j: JobRecord): Record<string, unknown> {
  const api = repoApiUrl(site, repo);
  return {
    id: j.id, run_id: run.id, run_url: `${api}/actions/runs/${run.id}`, run_attempt: 1, node_id: nodeId('CheckRun', j.id), head_sha: run.headSha,
    url: `${api}/actions/jobs/${j.id}`, html_url: `${repoWebUrl(site, repo)}/actions/runs/${run.id}/job/${j.id}`, status: j.status,
    conclusion: j.conclusion, created_at: iso(j.createdAt), started_at: iso(j.startedAt ?? j.createdAt), completed_at: iso(j.completedAt), name: j.name,
    steps: j.steps.map((s) => ({
      name: s.name, status: s.status, conclusion: s.conclusion, number: s.number, started_at: iso(s.startedAt), completed_at: iso(s.completedAt),
    })),
    check_run_url: `${api}/check-runs/${j.id}`, labels: [], runner_id: null, runner_name: null, runner_group_id: null, runner_group_name: null,
    workflow_name: run.workflow.name, head_branch: branchOf(run.ref),
  };
}

export function renderArtifact(site: Site, repo: RepoRecord, a: ArtifactRecord): Record<string, unknown> {
  const url = `${repoApiUrl(site, repo)}/actions/artifacts/${a.id}`;
  const run = repo.runs.get(a.runId);
  return {
    id: a.id, node_id: nodeId('Artifact', a.id), name: a.name, size_in_bytes: a.zip.length, url, archive_download_url: `${url}/zip`,
    expired: false, created_at: iso(a.createdAt), updated_at: iso(a.createdAt), expires_at: iso(a.expiresAt), digest: `sha256:${a.digest}`,
    workflow_run: run ? { id: run.id, repository_id: repo.id, head_repository_id: repo.id, head_branch: branchOf(run.ref), head_sha: run.headSha } : null,
  };
}
