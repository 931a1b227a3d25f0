// An in-memory GitHubHost for tests and developer runs: secrets, variables and environments given
// up front, runs and artifacts kept in maps, approvals answered by calling review(), and (after
// listen()) a loopback API that turns a step's dispatch request into a runner event.
import { randomBytes } from 'node:crypto';
import type {
  ApprovalRequest, Artifact, ArtifactFile, ArtifactSummary, Conclusion, CreatedRun, EnvironmentProtection,
  EventSink, GitHubHost, JobReport, Review, ReviewState, RunRequest, RunStatus,
} from './host.ts';
import { startDispatchApi, type DispatchApi } from './memory-host-api.ts';

export interface MemoryEnvironment {
  secrets?: Record<string, string>;
  variables?: Record<string, string>;
  requiredReviewers?: string[];
}

export interface MemoryHostOptions {
  /** Default `octo-org/octo-repo`. */
  repository?: string;
  /** Default https://github.com. */
  serverUrl?: string;
  secrets?: Record<string, string>;
  variables?: Record<string, string>;
  environments?: Record<string, MemoryEnvironment>;
}

export interface MemoryRun extends RunRequest, CreatedRun {
  status: RunStatus;
  conclusion?: Conclusion;
  permissions: Record<string, string> | string | undefined;
  /** The latest report of each job, by display name. */
  jobs: Map<string, JobReport>;
}

interface PendingApproval {
  request: ApprovalRequest;
  resolve(review: Review): void;
}

export interface MemoryHost extends GitHubHost {
  readonly runs: ReadonlyMap<number, MemoryRun>;
  /** Approvals waiting for a review, oldest first. */
  pendingApprovals(): ApprovalRequest[];
  /** Resolves with the first pending approval matching (now or later). */
  waitForApproval(match?: { runId?: number; environment?: string }): Promise<ApprovalRequest>;
  /** Answers the run's pending approval for the environment, releasing (or failing) every job waiting on it. */
  review(runId: number, environment: string, state: ReviewState, reviewer: string, comment?: string): void;
  /** Starts the loopback REST API (dispatch endpoints); apiUrl points to it afterwards. */
  listen(): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryHost(options: MemoryHostOptions = {}): MemoryHost {
  const repository = options.repository ?? 'octo-org/octo-repo';
  const environments = options.environments ?? {};
  const runs = new Map<number, MemoryRun>();
  const artifacts: Artifact[] = [];
  const tokens = new Set<string>();
  const pending: PendingApproval[] = [];
  const approvalWaiters: { match: { runId?: number; environment?: string }; resolve(r: ApprovalRequest): void }[] = [];
  let sink: EventSink | undefined;
  let api: DispatchApi | undefined;
  let nextRunId = 1000;
  let nextArtifactId = 1;
  const runNumbers = new Map<string, number>();
  const serverUrl = options.serverUrl ?? 'https://github.com';

  const matches = (request: ApprovalRequest, match: { runId?: number; environment?: string }): boolean =>
    (match.runId === undefined || match.runId === request.runId) && (match.environment === undefined || match.environment === request.environment);

  return {
    repository,
    serverUrl,
    get apiUrl() {
      return api?.url ?? 'https://api.github.com';
    },
    runs,

    async getSecrets(environment) {
      return { ...(environment === undefined ? options.secrets : environments[environment]?.secrets) };
    },
    async getVariables(environment) {
      return { ...(environment === undefined ? options.variables : environments[environment]?.variables) };
    },
    async getProtection(environment): Promise<EnvironmentProtection | undefined> {
      const reviewers = environments[environment]?.requiredReviewers ?? [];
      return reviewers.length ? { requiredReviewers: [...reviewers] } : undefined;
    },

    async createRun(request) {
      const id = nextRunId++;
      const runNumber = (runNumbers.get(request.workflowPath) ?? 0) + 1;
      runNumbers.set(request.workflowPath, runNumber);
      const run: MemoryRun = { ...request, id, runNumber, url: `${serverUrl}/${repository}/actions/runs/${id}`, status: 'queued', permissions: undefined, jobs: new Map() };
      runs.set(id, run);
      return { id, runNumber, url: run.url };
    },
    async updateRun(runId, status, conclusion) {
      const run = runs.get(runId);
      if (!run) throw new Error(`no run ${runId}`);
      run.status = status;
      run.conclusion = conclusion;
    },
    reportJob(runId, job) {
      runs.get(runId)?.jobs.set(job.name, { ...job, steps: job.steps.map(({ name, status, conclusion }) => ({ name, status, conclusion })) });
    },
    async createToken(runId, permissions) {
      const run = runs.get(runId);
      if (run) run.permissions = permissions;
      const token = `ghs_${randomBytes(18).toString('hex')}`;
      tokens.add(token);
      return token;
    },

    requestApproval(request, signal) {
      return new Promise<Review>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        const entry: PendingApproval = { request, resolve };
        pending.push(entry);
        signal.addEventListener('abort', () => {
          const i = pending.indexOf(entry);
          if (i >= 0) pending.splice(i, 1);
          reject(signal.reason);
        }, { once: true });
        for (let i = approvalWaiters.length - 1; i >= 0; i--) {
          if (!matches(request, approvalWaiters[i].match)) continue;
          approvalWaiters[i].resolve(request);
          approvalWaiters.splice(i, 1);
        }
      });
    },
    pendingApprovals: () => pending.map((p) => p.request),
    waitForApproval(match = {}) {
      const found = pending.find((p) => matches(p.request, match));
      if (found) return Promise.resolve(found.request);
      return new Promise((resolve) => approvalWaiters.push({ match, resolve }));
    },
    review(runId, environment, state, reviewer, comment) {
      const i = pending.findIndex((p) => p.request.runId === runId && p.request.environment === environment);
      if (i < 0) throw new Error(`run ${runId} has no deployment waiting for environment '${environment}'`);
      // Only a required reviewer may answer, as GitHub's review API refuses anyone else.
      // https://docs.github.com/en/actions/how-tos/deploy/configure-and-manage-deployments/review-deployments
      const reviewers = environments[environment]?.requiredReviewers ?? [];
      if (!reviewers.includes(reviewer)) throw new Error(`${reviewer} is not a required reviewer of environment '${environment}' (${reviewers.join(', ')})`);
      const [entry] = pending.splice(i, 1);
      entry.resolve({ state, reviewer, comment });
    },

    async uploadArtifact(runId, name, files: ArtifactFile[]) {
      if (artifacts.some((a) => a.runId === runId && a.name === name)) {
        // Artifacts are immutable per run since upload-artifact v4: a second upload of a name conflicts.
        throw new Error(`Failed to CreateArtifact: an artifact with this name already exists on the workflow run (${name})`);
      }
      const artifact: Artifact = { id: nextArtifactId++, runId, name, files, size: files.reduce((n, f) => n + f.content.length, 0) };
      artifacts.push(artifact);
      return artifact;
    },
    async downloadArtifact(runId, name) {
      return artifacts.find((a) => a.runId === runId && a.name === name);
    },
    async listArtifacts(runId): Promise<ArtifactSummary[]> {
      return artifacts.filter((a) => a.runId === runId).map(({ files: _files, ...summary }) => summary);
    },

    attach(next) {
      sink = next;
    },
    async listen() {
      api ??= await startDispatchApi({ repository, isToken: (t) => tokens.has(t), sink: () => sink });
    },
    async close() {
      await api?.close();
      api = undefined;
    },
  };
}
