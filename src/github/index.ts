// GitHub-facing output: action inputs and the one step runner the actions share, annotations,
// summaries, the sticky PR comment and its plan marker, the REST calls workflows make (pull
// requests, dispatches, approvals, drift issues). The only module that imports @actions/core;
// the rest of the library logs through src/log.
export { annotateFindings, createActionsLogger, getBooleanInput, getChoiceInput, getCountInput, getIdToken, getListInput, getOptionalInput, getRequiredInput, runAction } from './action.ts';
export { readActionStepInputs, runActionStep, type ActionStepInputs, type ActionStepOutcome, type ActionStepSpec } from './step.ts';
export { COMMENT_LIMIT, fitComment, markerFor, pullRequestFromEnv, upsertStickyComment, type PullRequestRef, type StickyCommentOptions } from './comment.ts';
export { setOutputs, writeJobSummary } from './summary.ts';
export { apiOptionsFromEnv, createOctokit, readGitHubRun, repositoryFromEnv, type GitHubApiOptions, type GitHubRun, type RepositoryRef } from './api.ts';
export { PLAN_MARKER_READABLE_LIMIT, PLAN_MARKER_VERSION, parsePlanMarker, renderPlanMarker, type PlanMarker } from './plan-marker.ts';
export { renderPlanComment, type PlanCommentOptions, type TenantPlanSection } from './plan-comment.ts';
export { findMergedPullRequest, findReviewedPlan, type MergedPullRequest, type ReviewedPlan } from './pulls.ts';
export { dispatchWorkflow, readApprovals, type Approval } from './workflow-runs.ts';
export { DRIFT_LABEL, decideDriftIssues, driftIssueTitle, syncDriftIssues, type DriftAction, type DriftIssue, type DriftReport } from './drift-issues.ts';
export { openRevertPullRequest, rollbackBranchPrefix, type RevertPullRequest, type RevertPullRequestOptions } from './revert-pr.ts';
