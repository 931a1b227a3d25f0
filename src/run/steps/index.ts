// The library calls the actions (and the CLI's equivalents) run: one per action.yml.
export { provisionDb, type ProvisionDbOptions, type ProvisionDbResult } from './provision-db.ts';
export { deployPowerBi, renderSummaryMarkdown, type DeployPowerBiOptions, type DeployPowerBiResult, type PowerBiTenantSummary } from './powerbi-deploy.ts';
export { runDnsStep, type DnsStepOptions, type DnsStepResult } from './dns.ts';
export type { StepOptions } from './step.ts';
export { planForReview, renderReviewDetails, renderReviewLine, reviewHashes, tenantSubPlan, type ReviewPlanOptions, type TenantReview } from './review-plan.ts';
export { checkProvisionGate, parseAcceptedHashes, type CapabilityCheck, type ProvisionGateOptions, type ProvisionGateResult } from './provision-gate.ts';
