// The GitHub side of a local run: what the runner asks of "GitHub" (secrets, variables,
// environments and their reviewers, run ids, tokens, artifacts) and the way GitHub hands events
// back to it. createMemoryHost() implements it for tests; the GitHub emulator implements it over
// its own state so that runs show up in its REST API.

/** A run as GitHub creates it when an event triggers a workflow. */
export interface RunRequest {
  /** Path of the workflow file in the repository, e.g. `.github/workflows/ci.yml`. */
  workflowPath: string;
  workflowName: string;
  event: string;
  headSha: string;
  /** Full ref, e.g. `refs/heads/main`. */
  ref: string;
  actor: string;
}

export interface CreatedRun {
  id: number;
  /** Per-workflow counter, `github.run_number`. */
  runNumber: number;
  /** The run's page, `<server>/<owner>/<repo>/actions/runs/<id>`. */
  url: string;
}

export type RunStatus = 'queued' | 'pending' | 'waiting' | 'in_progress' | 'completed';
export type Conclusion = 'success' | 'failure' | 'cancelled' | 'skipped';

/** Protection rules of a deployment environment the runner honours (the rest are recorded nowhere). */
export interface EnvironmentProtection {
  /** Users or teams of whom one must approve; empty means the environment does not gate. */
  requiredReviewers: string[];
}

export type ReviewState = 'approved' | 'rejected';

export interface Review {
  state: ReviewState;
  reviewer: string;
  comment?: string;
}

/**
 * Jobs of one run waiting for one environment. The runner adds jobs to `jobs` while the request
 * is pending (they all wait for the same review), as GitHub lists every waiting job of the run
 * under one pending deployment.
 */
export interface ApprovalRequest {
  runId: number;
  environment: string;
  jobs: string[];
}

export interface ArtifactFile {
  /** Path inside the artifact, `/`-separated. */
  path: string;
  content: Buffer;
}

export interface Artifact {
  id: number;
  runId: number;
  name: string;
  size: number;
  files: ArtifactFile[];
}

export type ArtifactSummary = Omit<Artifact, 'files'>;

/** A job as the host may show it (`GET /actions/runs/{id}/jobs`); the runner's JobRecord fits it. */
export interface JobReport {
  id: string;
  name: string;
  status: RunStatus;
  conclusion?: Conclusion;
  environment?: string;
  steps: { name: string; status: string; conclusion?: Conclusion }[];
}

/** An event GitHub delivers to the runner: a dispatch a step made through the REST API, or any other. */
export interface DeliveredEvent {
  name: string;
  payload: Record<string, unknown>;
  /** workflow_dispatch: the workflow file name or path the dispatch names. */
  workflow?: string;
  ref?: string;
  sha?: string;
  actor?: string;
}

/** What the host needs of the runner to deliver events: the runner's dispatch entry. */
export interface EventSink {
  /** Rejects (with the reason GitHub's API would give, e.g. a missing required input) when the event is refused. */
  dispatch(event: DeliveredEvent): Promise<unknown>;
}

export interface GitHubHost {
  /** `owner/name`. */
  readonly repository: string;
  /** `GITHUB_SERVER_URL`, e.g. https://github.com. */
  readonly serverUrl: string;
  /** `GITHUB_API_URL` the steps talk to. */
  readonly apiUrl: string;

  /** Repository secrets when `environment` is undefined, else that environment's own secrets. */
  getSecrets(environment?: string): Promise<Record<string, string>>;
  /** Repository variables when `environment` is undefined, else that environment's own variables. */
  getVariables(environment?: string): Promise<Record<string, string>>;
  /** The environment's protection; undefined when it has none (GitHub creates unknown environments unprotected). */
  getProtection(environment: string): Promise<EnvironmentProtection | undefined>;

  createRun(request: RunRequest): Promise<CreatedRun>;
  updateRun(runId: number, status: RunStatus, conclusion?: Conclusion): Promise<void>;
  /** Optional: told each time a job changes status (queued, waiting, pending, in_progress, completed). */
  reportJob?(runId: number, job: JobReport): Promise<void> | void;
  /** The run's `GITHUB_TOKEN`; `permissions` is what the workflow and job declare (recorded, not enforced). */
  createToken(runId: number, permissions: Record<string, string> | string | undefined): Promise<string>;

  /** Resolves with the review once someone allowed to approves or rejects; `signal` aborts the wait (run cancelled). */
  requestApproval(request: ApprovalRequest, signal: AbortSignal): Promise<Review>;

  uploadArtifact(runId: number, name: string, files: ArtifactFile[]): Promise<Artifact>;
  downloadArtifact(runId: number, name: string): Promise<Artifact | undefined>;
  listArtifacts(runId: number): Promise<ArtifactSummary[]>;

  /** The runner registers itself so the host can deliver the events steps cause (dispatches). */
  attach(sink: EventSink): void;
}
