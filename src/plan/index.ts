// The plan engine: per-tenant resource graphs, the Plan (canonical JSON, versioned, hashed), its
// renderings, the safety rules, and the apply executor. It knows nothing of Power BI, PostgreSQL
// or DNS: everything goes through the Resource interface.

export type { Change, ChangeAction, FieldChange, Journal, ReadPass, Resource, ResourceContext, SafetyGroup, SnapshotRead } from './types.ts';
export { recordSnapshotRead } from './snapshot.ts';
export { buildGraph, reverseOrder, type ResourceGraph } from './graph.ts';
export {
  buildPlan,
  type BuildPlanOptions,
  type ContextFactory,
  type Phase,
  type TenantResources,
} from './build.ts';
export {
  PLAN_VERSION,
  countChanges,
  isUnsafe,
  type Plan,
  type PlanCounts,
  type PlannedChange,
  type PlannedField,
  type TenantPlan,
  type UnsafeReason,
} from './model.ts';
export { canonicalJson, createPlanHasher, hashPlan, matchesPlanHash, parsePlanHash, shortHash, type HashablePlan, type PlanHasher } from './hash.ts';
export {
  renderChunks,
  viewOfPlan,
  withOfflinePlan,
  type OfflinePlanOptions,
  type PlanHeader,
  type PlanRendering,
  type PlanView,
  type SpilledPlan,
  type TenantSummary,
} from './stream.ts';
export {
  assertSafe,
  checkThreshold,
  findGroupUnsafe,
  type GroupedChange,
  type SafetyOptions,
  type ThresholdInput,
  type ThresholdOptions,
} from './safety.ts';
export { markdownRendering, renderPlanMarkdown, type KindLabel, type RenderMarkdownOptions } from './render-markdown.ts';
export { formatChangeLine, renderPlanText, textRendering, type RenderTextOptions } from './render-text.ts';
export { jsonRendering } from './render-json.ts';
export { applyPlan, ChangedWhileWaitingError, SnapshotMismatchError, type ApplyPlanOptions, type ApplyResult, type LockWait, type TenantApplyResult } from './apply.ts';
export { mapLimit } from './concurrency.ts';
export { verifyPlan, type TenantVerifyResult, type VerifyPlanOptions, type VerifyResult } from './verify.ts';
export { ApplyResultError } from './result.ts';
export { diffFields, type DiffFieldsOptions } from './diff-fields.ts';
export type { Capability } from './capability.ts';
