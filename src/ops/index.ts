// ops: operations as code — operations/<name>.yaml validated with positioned findings, and the plan
// of a run (steps in order, their policies and tenants). Pure but for reading the files; the run
// layer (src/run/ops.ts) executes a plan against the capabilities.
export { OPERATION_ACTIONS } from './types.ts';
export type * from './types.ts';
export { validateOperationText, type OperationContext } from './validate.ts';
export { loadOperation, loadOperations, OPERATIONS_DIR } from './load.ts';
export { matches, planOperation, type PlanOperationOptions } from './plan.ts';
export { renderOperationHistory, renderOperationPlan, renderOperationRun } from './render.ts';
