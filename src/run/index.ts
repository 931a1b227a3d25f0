// The run layer, the only one that composes capabilities: loading a repository's inputs, opening
// and closing a run, each tenant's context and resource graph from the capabilities, planning and
// applying them, and the steps the actions call. Commands, actions and the sandbox all go through here.
export { loadInputs, type Inputs, type LoadInputsOptions } from './inputs.ts';
export { checkDerivedNameCollisions } from './name-collisions.ts';
export { loadValidInputs, withRun, type Run, type WithRunOptions } from './with-run.ts';
export { CAPABILITY_NAMES, KIND_LABELS, tenantContext, tenantResources, type CapabilityName } from './resources.ts';
export { offlinePlanOf, planOnline, planTenants, selectTenants, tenantGraphs, type PlanTenantsOptions, type RunScope } from './plan.ts';
export { applyTenants, type ApplyTenantsOptions } from './apply.ts';
export { contextFactory, createServices, maskConnectionString, type CreateServicesOptions, type Services } from './services.ts';
export { parseSandboxInfo, SANDBOX_FILE_VARIABLE, SANDBOX_INFO_VERSION, sandboxRun, sandboxTarget, type SandboxInfo, type SandboxTarget } from './sandbox-target.ts';
export { deliverGoLiveMail, deliverMailAfterApply, deliverPendingMail, type MailDelivery, type MailRunOptions } from './mail.ts';
export * from './steps/index.ts';
export { renderRolloutMarkdown, resumeRollout, retryRollout, rolloutStatus, startRollout, type RolloutReport, type RolloutRunOptions, type StartRolloutOptions } from './rollout.ts';
export { listOperationHistory, loadSequence, operationContext, operationFindings, planSequence, runOperation, type RunOperationOptions } from './ops.ts';
export { CHECKLIST_IDS, renderChecklistMarkdown, renderChecklistText, runChecklist, type ChecklistHooks, type ChecklistId, type ChecklistItem, type TenantChecklist } from './checklist.ts';
export { rebuildRegistry, REBUILD_PLAN_HASH, type RebuildOptions, type RebuildResult, type RebuildTenantResult } from './rebuild.ts';
export * from './lifecycle/index.ts';
