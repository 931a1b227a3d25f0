// The lifecycle after provisioning: the go-live gate (QA checklist, live), rollback and offboarding
// (tearing one tenant down through the ordinary plan engine).
export type { ExportManifest, ExportResult } from './export.ts';
export { offboardTenant, renderCertificateMarkdown, type DeletionCertificate, type OffboardOptions, type OffboardResult } from './offboard.ts';
export { rollbackTenant, type RollbackOptions, type RollbackResult } from './rollback.ts';
export { isLive, rollbackLiveTenant, type LiveRollbackOptions, type LiveRollbackResult, type RevertOutcome, type RevertRequest } from './rollback-live.ts';
export { TEARDOWN_ORDER } from './teardown.ts';
export { approveGoLive, goLiveTenant, recordQaChecklist, type GoLiveOptions, type GoLiveResult, type LifecycleOptions, type LifecycleResult } from './go-live.ts';
