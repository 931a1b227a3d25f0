// GitHub-facing output: action inputs, annotations, summaries. The only module that imports
// @actions/core; the rest of the library logs through src/log.
export { annotateFindings, createActionsLogger, getChoiceInput, getOptionalInput, getRequiredInput, runAction } from './action.ts';
