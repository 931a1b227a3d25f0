// What every kind of step (script, local node action, stand-in) gets from the job running it,
// and what it gives back.
import type { GitHubHost } from './host.ts';
import type { NormalizedEvent } from './events.ts';
import type { Annotation, SecretMasker } from './workflow-commands.ts';
import type { StepFiles } from './file-commands.ts';

/** The machine side of a job: its folders, its changing environment, its cancellation. */
export interface JobMachine {
  runId: number;
  /** `GITHUB_JOB`: the job's key. */
  jobId: string;
  /** The repository checkout the run was started from. */
  repoDir: string;
  /** `GITHUB_WORKSPACE`, empty until a checkout step fills it. */
  workspace: string;
  /** `RUNNER_TEMP`. */
  temp: string;
  /** Where actions run from, away from any `node_modules` of the checkout. */
  actionsDir: string;
  /** Node 24 binary the runner runs node24 actions with and setup-node puts on PATH. */
  nodeBinary: string;
  event: NormalizedEvent;
  host: GitHubHost;
  masker: SecretMasker;
  /** Directories GITHUB_PATH (and setup-node) added, most recent first. */
  pathPrepend: string[];
  /** Where the checkout stand-in lists the bins of the packages it checked out, for the job's `npx` shim. */
  ownBinsFile: string;
}

/** One step about to run. */
export interface StepCall {
  machine: JobMachine;
  /** `GITHUB_ACTION`. */
  stepId: string;
  /** Display name, for messages. */
  stepName: string;
  /** The full environment of the process (machine, GITHUB_* variables, workflow/job/step env). */
  env: Record<string, string>;
  /** Evaluated `with:`. */
  inputs: Record<string, string>;
  files: StepFiles;
  workingDirectory: string;
  timeoutMs?: number;
  signal: AbortSignal;
  /** A line of the step's output (workflow commands applied by the caller). */
  onLine(line: string): void;
  annotate(annotation: Omit<Annotation, 'shown'>): void;
}

export interface StepResult {
  /** success, failure, or cancelled (the step was stopped because the run or job was). */
  outcome: 'success' | 'failure' | 'cancelled';
  /** Outputs a stand-in sets directly (scripts and node actions use GITHUB_OUTPUT). */
  outputs?: Record<string, string>;
}

/** A stand-in for a third-party action, registered by `owner/name`. */
export type ActionStandIn = (call: StepCall) => Promise<StepResult>;

export class StepFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailure';
  }
}
