// GitHub-facing output: action inputs and the one step runner the actions share, annotations,
// summaries, the sticky PR comment. The only module that imports @actions/core; the rest of the
// library logs through src/log.
export { annotateFindings, createActionsLogger, getBooleanInput, getChoiceInput, getCountInput, getIdToken, getListInput, getOptionalInput, getRequiredInput, runAction } from './action.ts';
export { readActionStepInputs, runActionStep, type ActionStepInputs, type ActionStepOutcome, type ActionStepSpec } from './step.ts';
export { COMMENT_LIMIT, fitComment, markerFor, pullRequestFromEnv, upsertStickyComment, type PullRequestRef, type StickyCommentOptions } from './comment.ts';
export { setOutputs, writeJobSummary } from './summary.ts';
