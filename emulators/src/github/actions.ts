// GitHub Actions' side of a run, as a runner reports it: workflows, runs and their jobs, the
// deployments jobs make to environments, deployments waiting for a required reviewer (one
// review per environment per run releases every job waiting on it) and the reviews given,
// and the run's artifacts (stored as files, served as a zip).
// https://docs.github.com/en/actions/how-tos/deploy/configure-and-manage-deployments/review-deployments
// https://docs.github.com/en/rest/actions/workflow-runs#review-pending-deployments-for-a-workflow-run

import { createHash } from 'node:crypto';
import { addDeploymentStatus, createDeployment } from './deployments.ts';
import { validationFailed, GithubError } from './errors.ts';
import {
  ensureEnvironment, ensureUser, type ArtifactFile, type ArtifactRecord, type Conclusion, type DeploymentRecord, type DeploymentState,
  type EnvironmentRecord, type GithubStore, type JobRecord, type RepoRecord, type ReviewRecord, type RunStatus, type UserRecord,
  type WorkflowRunRecord,
} from './model.ts';
import { branchOf } from './render-actions.ts';
import { createZip } from './zip.ts';

/** The bot that acts for workflows (creates their deployments, owns their tokens). */
export const ACTIONS_BOT = 'github-actions[bot]';

/** Artifacts are kept 90 days unless the repository says otherwise. */
export const ARTIFACT_RETENTION_DAYS = 90;

/** A run as an event starts it. */
export interface RunInput {
  /** The workflow file (`.github/workflows/ci.yml`) and its `name:`. */
  workflow: { path: string; name: string };
  event: string;
  headSha: string;
  /** Full ref, `refs/heads/main`. */
  ref: string;
  /** Login of whoever caused the run. */
  actor: string;
  /** Default the workflow's name. */
  displayTitle?: string;
}

export interface JobReportInput {
  name: string;
  status: RunStatus;
  conclusion?: Conclusion;
  environment?: string;
  steps?: { name: string; status: string; conclusion?: Conclusion }[];
}

export function createRun(store: GithubStore, repo: RepoRecord, input: RunInput): WorkflowRunRecord {
  const now = store.now();
  const { path, name } = input.workflow;
  let workflow = repo.workflows.get(path);
  if (!workflow) repo.workflows.set(path, (workflow = { id: store.nextId(), path, name, createdAt: now, updatedAt: now, runCount: 0 }));
  workflow.name = name;
  workflow.runCount++;
  const branch = branchOf(input.ref);
  if (branch) repo.branches.set(branch, input.headSha);
  const run: WorkflowRunRecord = {
    id: store.nextId(), workflow, runNumber: workflow.runCount, event: input.event, headSha: input.headSha, ref: input.ref,
    actor: ensureUser(store, input.actor), status: 'queued', conclusion: null, displayTitle: input.displayTitle ?? name,
    createdAt: now, updatedAt: now, startedAt: now, jobs: new Map(),
  };
  repo.runs.set(run.id, run);
  return run;
}

export function setRunStatus(store: GithubStore, run: WorkflowRunRecord, status: RunStatus, conclusion?: Conclusion): void {
  run.status = status;
  run.conclusion = status === 'completed' ? (conclusion ?? null) : null;
  run.updatedAt = store.now();
}

/** A job's deployment follows the job: queued while it waits for a review, in progress while it runs, then its outcome. */
const DEPLOYMENT_STATE: Partial<Record<RunStatus, DeploymentState>> = { waiting: 'queued', pending: 'queued', queued: 'queued', in_progress: 'in_progress' };

export function reportJob(store: GithubStore, repo: RepoRecord, run: WorkflowRunRecord, report: JobReportInput): JobRecord {
  const now = store.now();
  let job = run.jobs.get(report.name);
  if (!job) {
    job = { id: store.nextId(), runId: run.id, name: report.name, status: report.status, conclusion: null, createdAt: now, startedAt: null, completedAt: null, steps: [] };
    run.jobs.set(report.name, job);
  }
  if (report.status === 'in_progress' && job.startedAt === null) job.startedAt = now;
  if (report.status === 'completed' && job.completedAt === null) job.completedAt = now;
  job.status = report.status;
  job.conclusion = report.status === 'completed' ? (report.conclusion ?? null) : null;
  job.steps = (report.steps ?? []).map((s, i) => {
    const before = job.steps[i];
    return {
      name: s.name, status: s.status, conclusion: s.status === 'completed' ? (s.conclusion ?? null) : null, number: i + 1,
      startedAt: before?.startedAt ?? (s.status === 'queued' ? null : now), completedAt: before?.completedAt ?? (s.status === 'completed' ? now : null),
    };
  });
  if (report.environment) {
    job.environment = report.environment;
    ensureEnvironment(store, repo, report.environment);
    followDeployment(store, repo, run, job);
  }
  run.updatedAt = now;
  return job;
}

function followDeployment(store: GithubStore, repo: RepoRecord, run: WorkflowRunRecord, job: JobRecord): void {
  const bot = ensureUser(store, ACTIONS_BOT, 'Bot');
  const state: DeploymentState | undefined =
    job.status === 'completed' ? (job.conclusion === 'success' ? 'success' : job.conclusion === 'failure' ? 'failure' : job.conclusion === 'cancelled' ? 'error' : undefined) : DEPLOYMENT_STATE[job.status];
  if (!state) return;
  let deployment = job.deploymentId === undefined ? undefined : repo.deployments.get(job.deploymentId);
  if (!deployment) {
    if (job.status === 'completed') return; // a job that never started deploys nothing
    deployment = createDeployment(store, repo, { sha: run.headSha, ref: branchOf(run.ref) ?? run.ref, environment: job.environment, creator: bot, runId: run.id });
    job.deploymentId = deployment.id;
  }
  if (deployment.statuses[0]?.state === state) return;
  const logUrl = `/actions/runs/${run.id}/job/${job.id}`;
  addDeploymentStatus(store, repo, deployment, { state, creator: bot, logUrl });
}

/**
 * Opens a deployment of the run waiting for the environment's reviewers; resolves with the
 * review that answers it, rejects with the signal's reason when the wait is abandoned.
 */
export function waitForReview(repo: RepoRecord, run: WorkflowRunRecord, environment: EnvironmentRecord, now: number, signal?: AbortSignal): Promise<ReviewRecord> {
  return new Promise<ReviewRecord>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const record = { runId: run.id, environment, since: now, resolve: (review: ReviewRecord) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(review);
    } };
    const onAbort = () => {
      repo.pending = repo.pending.filter((p) => p !== record);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    repo.pending.push(record);
  });
}

export function pendingFor(repo: RepoRecord, runId: number): EnvironmentRecord[] {
  return repo.pending.filter((p) => p.runId === runId).map((p) => p.environment);
}

/** Approves or rejects the run's deployments waiting for the environments; answers the deployments reviewed. */
export function reviewPending(
  store: GithubStore, repo: RepoRecord, run: WorkflowRunRecord, reviewer: UserRecord, input: { environmentIds: number[]; state: 'approved' | 'rejected'; comment: string },
): DeploymentRecord[] {
  const waiting = repo.pending.filter((p) => p.runId === run.id);
  const chosen = input.environmentIds.map((id) => {
    const entry = waiting.find((p) => p.environment.id === id);
    if (!entry) throw validationFailed([{ resource: 'DeploymentReview', field: 'environment_ids', code: 'invalid', message: `No pending deployment for environment id ${id} in run ${run.id}` }]);
    return entry;
  });
  for (const { environment } of chosen) {
    if (!environment.reviewers.some((r) => r.id === reviewer.id)) {
      throw new GithubError(422, `${reviewer.login} is not a required reviewer of environment '${environment.name}' and cannot review its deployments`);
    }
    if (environment.preventSelfReview && run.actor.id === reviewer.id) {
      throw new GithubError(422, `Environment '${environment.name}' does not allow the user who triggered the run to approve its deployments`);
    }
  }
  const review: ReviewRecord = { environments: chosen.map((c) => c.environment), state: input.state, user: reviewer, comment: input.comment };
  repo.reviews.set(run.id, [...(repo.reviews.get(run.id) ?? []), review]);
  repo.pending = repo.pending.filter((p) => !chosen.includes(p));
  const reviewed = review.environments.flatMap((env) => deploymentsWaitingFor(store, repo, run, env, input.state));
  for (const entry of chosen) entry.resolve(review);
  return reviewed;
}

/** The deployments of the run's jobs waiting for `env`; one for the run when no job reported any. */
function deploymentsWaitingFor(store: GithubStore, repo: RepoRecord, run: WorkflowRunRecord, env: EnvironmentRecord, state: 'approved' | 'rejected'): DeploymentRecord[] {
  const bot = ensureUser(store, ACTIONS_BOT, 'Bot');
  const jobs = [...run.jobs.values()].filter((j) => j.environment?.toLowerCase() === env.name.toLowerCase() && j.status === 'waiting');
  let deployments = jobs.map((j) => j.deploymentId).filter((id): id is number => id !== undefined).map((id) => repo.deployments.get(id) as DeploymentRecord);
  if (!deployments.length) deployments = [createDeployment(store, repo, { sha: run.headSha, ref: branchOf(run.ref) ?? run.ref, environment: env.name, creator: bot, runId: run.id })];
  if (state === 'rejected') for (const d of deployments) addDeploymentStatus(store, repo, d, { state: 'failure', creator: bot, description: 'Rejected by a required reviewer' });
  return deployments;
}

export function storeArtifact(store: GithubStore, repo: RepoRecord, run: WorkflowRunRecord, name: string, files: ArtifactFile[]): ArtifactRecord {
  if ([...repo.artifacts.values()].some((a) => a.runId === run.id && a.name === name)) {
    // Artifacts are immutable per run since upload-artifact v4: a second upload of a name conflicts.
    throw new GithubError(409, `an artifact with this name already exists on the workflow run: ${name}`);
  }
  const zip = createZip(files.map((f) => ({ path: f.path, content: f.content })));
  const now = store.now();
  const artifact: ArtifactRecord = {
    id: store.nextId(), runId: run.id, name, files: files.map((f) => ({ path: f.path, content: Buffer.from(f.content) })), zip,
    digest: createHash('sha256').update(zip).digest('hex'), createdAt: now, expiresAt: now + ARTIFACT_RETENTION_DAYS * 24 * 3600 * 1000,
  };
  repo.artifacts.set(artifact.id, artifact);
  return artifact;
}
