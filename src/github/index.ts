// GitHub-facing output: action inputs, annotations, summaries. The only module that imports
// @actions/core; the rest of the library logs through src/log.
export { annotateFindings, createActionsLogger, getChoiceInput, getIdToken, getOptionalInput, getRequiredInput, runAction } from './action.ts';
export { COMMENT_LIMIT, fitComment, markerFor, pullRequestFromEnv, upsertStickyComment, type PullRequestRef, type StickyCommentOptions } from './comment.ts';
export { setOutputs, writeJobSummary } from './summary.ts';
