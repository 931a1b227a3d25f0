// The shapes of an operations file after validation (defaults applied) and of a run's results.
// They mirror operations/operation.schema.json.
import type { Lifecycle } from '../config/index.ts';

export const OPERATION_ACTIONS = ['refresh-dataflows', 'refresh-models', 'migrate', 'verify', 'redeploy-templates', 'discover'] as const;
export type OperationAction = (typeof OPERATION_ACTIONS)[number];

export type FailurePolicy = 'stop' | 'continue';

/** Which tenants a step works on; every field given must match (absent: every active tenant). */
export interface StepTargets {
  tenants?: string[];
  capacity?: string;
  cluster?: string;
  module?: string;
  lifecycle?: Lifecycle;
}

export interface OperationStep {
  id: string;
  action: OperationAction;
  targets?: StepTargets;
  needs?: string[];
  parallelism?: number;
  onFailure?: FailurePolicy;
  retries?: number;
}

export interface OperationSequence {
  name: string;
  description?: string;
  /** Five-field cron, UTC. */
  schedule?: string;
  parallelism: number;
  onFailure: FailurePolicy;
  retries: number;
  steps: OperationStep[];
}

/** A validated operations file. */
export interface LoadedOperation {
  /** Path relative to the repository root, forward slashes. */
  file: string;
  sequence: OperationSequence;
}

/** One step of a planned run: the policies resolved and its tenants chosen. */
export interface PlannedStep {
  id: string;
  action: OperationAction;
  needs: string[];
  parallelism: number;
  onFailure: FailurePolicy;
  retries: number;
  tenants: string[];
}

export interface OperationPlan {
  name: string;
  steps: PlannedStep[];
}

export type TenantOutcome = 'succeeded' | 'failed' | 'skipped';

/** What one step did for one tenant: each refreshed item (a model, a dataflow) as a line. */
export interface TenantStepResult {
  tenant: string;
  status: TenantOutcome;
  /** Tries made (1 + retries used); 0 when skipped without trying. */
  attempts: number;
  detail?: string;
  items?: { target: string; status: string; requestId?: string; detail?: string }[];
  durationMs: number;
}

export type StepOutcome = 'succeeded' | 'failed' | 'not-run';

export interface StepResult {
  id: string;
  action: OperationAction;
  status: StepOutcome;
  /** Why a step did not run (an earlier step failed and stops the sequence). */
  detail?: string;
  tenants: TenantStepResult[];
  durationMs: number;
}

export interface OperationRunResult {
  /** The registry's id of the run; absent for a dry run. */
  id?: string;
  name: string;
  actor: string;
  githubRun?: string;
  startedAt: string;
  /** Empty while it runs (or when it died without finishing). */
  finishedAt: string;
  status: 'running' | 'succeeded' | 'failed';
  steps: StepResult[];
  durationMs: number;
}
