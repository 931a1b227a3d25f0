// The local runner of GitHub Actions workflows: its public surface.
export { createRunner } from './runner.ts';
export type { DispatchResult, PlanResult, Runner, RunnerOptions, SkippedWorkflow } from './runner.ts';
export { createMemoryHost } from './memory-host.ts';
export type { MemoryEnvironment, MemoryHost, MemoryHostOptions, MemoryRun } from './memory-host.ts';
export type {
  ApprovalRequest, Artifact, ArtifactFile, ArtifactSummary, Conclusion, CreatedRun, DeliveredEvent, EnvironmentProtection,
  EventSink, GitHubHost, JobReport, Review, ReviewState, RunRequest, RunStatus,
} from './host.ts';
export type { RepositoryEvent } from './events.ts';
export { sampleEvents } from './events.ts';
export type { JobRecord, Result, RunRecord, StepRecord } from './record.ts';
export type { StartedRun } from './run-workflow.ts';
export type { Annotation, AnnotationLevel } from './workflow-commands.ts';
export type { ActionStandIn, StepCall, StepResult } from './step-context.ts';
export { renderPlan } from './plan.ts';
export type { PlannedJob, PlannedStep, PlannedWorkflow } from './plan.ts';
export { loadWorkflows, parseWorkflowText, WorkflowFileError } from './workflows.ts';
export type { LoadedWorkflow } from './workflows.ts';
export { DispatchInputError } from './triggers.ts';
export { MATRIX_JOB_LIMIT, MatrixError } from './matrix.ts';
export { MAX_PENDING_IN_QUEUE } from './concurrency.ts';
export { STEP_SUMMARY_LIMIT } from './file-commands.ts';
export { ANNOTATIONS_SHOWN_PER_LEVEL } from './workflow-commands.ts';
