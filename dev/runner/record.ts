// What a run leaves behind, shaped after what GitHub shows of it: the run, its jobs (one per
// matrix combination), their steps with outcome and conclusion, masked logs, annotations and
// summaries, and the run's artifacts.
import type { ArtifactSummary, Conclusion, RunStatus } from './host.ts';
import type { ConcurrencySetting } from './concurrency.ts';
import type { Annotation } from './workflow-commands.ts';

/** `needs.<job>.result` and a step's outcome: GitHub's four results. */
export type Result = Conclusion;

export interface StepRecord {
  /** The step's `id`, or the one GitHub generates (`__run`, `__actions_checkout`, …). */
  id: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  /** Before continue-on-error. */
  outcome?: Result;
  /** After continue-on-error: a failed step that may fail is a success. */
  conclusion?: Result;
  outputs: Record<string, string>;
  /** Masked, workflow commands already applied. */
  log: string[];
  annotations: Annotation[];
  summary?: string;
  /** Epoch milliseconds, as GitHub's `started_at` / `completed_at` of a step (unset for a skipped step). */
  startedAt?: number;
  completedAt?: number;
}

export interface JobRecord {
  /** The job's key in `jobs:`. */
  id: string;
  /** Display name: `name:`, or the key, with the matrix values for a matrix job. */
  name: string;
  matrix?: Record<string, unknown>;
  environment?: string;
  status: RunStatus;
  /** Before the job's continue-on-error (set only when it differs from the conclusion). */
  outcome?: Result;
  conclusion?: Result;
  outputs: Record<string, string>;
  steps: StepRecord[];
  /** Job-level errors: an expression that failed, a matrix refused, a rejected deployment, a timeout. */
  annotations: Annotation[];
  /** Recorded as declared; this runner does not restrict the token. */
  permissions?: unknown;
  runsOn?: unknown;
  concurrency?: ConcurrencySetting;
}

export interface RunRecord {
  id: number;
  runNumber: number;
  url: string;
  workflow: { path: string; name: string };
  event: string;
  ref: string;
  sha: string;
  actor: string;
  status: RunStatus;
  conclusion?: Conclusion;
  jobs: JobRecord[];
  annotations: Annotation[];
  artifacts: ArtifactSummary[];
  permissions?: unknown;
  concurrency?: ConcurrencySetting;
  /** `inputs` of a workflow_dispatch, typed. */
  inputs?: Record<string, unknown>;
}
