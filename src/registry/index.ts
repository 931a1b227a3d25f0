// The registry: the platform's application database (PostgreSQL). Tenants and their lifecycle
// status (the one table of allowed moves), the ids of what was provisioned for them, report
// mappings, users, modules with their features and report links, data stores, encrypted secrets,
// the deployment journal, an append-only audit log, super users' invitations and the mail outbox;
// its own migrations in templates/registry; and the `registry` capability, which plans the
// registry's record of a tenant like any resource; fleet rollouts and the identities' shared rate
// budgets; each tenant's last drift check and its model refreshes' and capacity assignments' durations.

export { openRegistry, REGISTRY_URL_VARIABLE, registryUrlFromEnv } from './pool.ts';
export type { OpenRegistryOptions } from './pool.ts';
// The connection shapes are pg's; re-exported because every registry function takes them.
export type { Pool, PoolClient, Queryable } from '../pg/index.ts';

export { migrateRegistry, MIGRATIONS_TABLE, REGISTRY_MIGRATIONS_DIR } from './migrate.ts';
export type { MigrateOptions, MigrateResult } from './migrate.ts';

export {
  getDataStore,
  getTenant,
  listModules,
  listTenants,
  listUsers,
  replaceModules,
  replaceUsers,
  anchorTenant,
  upsertDataStore,
  upsertTenant,
} from './tenants.ts';
export type { DataStoreRecord, DataStoreStatus, Isolation, Lifecycle, TenantInput, TenantRecord, TenantStatus, UserRecord } from './tenants.ts';

export { deleteReportMapping, deleteResource, getResource, listReportMappings, listResources, recordedIds, upsertReportMapping, upsertResource } from './resources.ts';
export type { ReportMappingRecord, ResourceInput, ResourceRecord } from './resources.ts';

export {
  CHAOS_KILL_AFTER_STEP_VARIABLE,
  createRegistryJournal,
  finishDeployment,
  getDeployment,
  journalDone,
  journalFailed,
  journalIntent,
  tenantTouchedSince,
  listDeployments,
  listOpenIntents,
  listSteps,
  startDeployment,
} from './journal.ts';
export type { DeploymentInput, DeploymentRecord, DeploymentStatus, StepInput, StepRecord } from './journal.ts';
export {
  abandonDeadDeployments,
  DEPLOYMENT_LOCK_NAMESPACE,
  describeAbandoned,
  findDeadDeployments,
  listAbandonedDeployments,
  startLiveDeployment,
} from './deployment-liveness.ts';
export type { AbandonedDeployment, LiveDeployment } from './deployment-liveness.ts';

export { actorFromEnv, appendAudit, assertNoSecret, AUDIT_APPEND_ONLY_SQLSTATE, findSecretLike, listAudit } from './audit.ts';
export type { AuditEntry, AuditRecord } from './audit.ts';

export { createRollout, finishRolloutTenant, getRollout, listRolloutTenants, setRolloutStatus, startRolloutTenants } from './rollouts.ts';
export type { RolloutInput, RolloutRecord, RolloutStatus, RolloutTenantRecord, RolloutTenantState } from './rollouts.ts';

export { createRegistryRateBudget } from './rate-budget.ts';

export { describeHolder, findTenantLockHolder, TENANT_LOCK_NAMESPACE, TenantBusyError, tryTenantLock, withTenantLock } from './locks.ts';
export type { LockHolder, LockOptions, TenantLockWait, TryLockResult } from './locks.ts';

export {
  ENCRYPTION_KEY_VARIABLE,
  getSecret,
  OLD_ENCRYPTION_KEYS_VARIABLE,
  open,
  parseEncryptionKey,
  parseKeyring,
  putSecret,
  readSecret,
  rotateSecrets,
  seal,
  secretAad,
  storeSecret,
} from './envelope.ts';
export type { EncryptionKey, Envelope, Keyring, RotationResult } from './envelope.ts';

export { createInvitation, getInvitation, INVITATION_APP_ROLE, listInvitations, redeemInvitation } from './invitations.ts';
export type { InvitationInput, InvitationRecord } from './invitations.ts';

export {
  cancelPendingMail,
  enqueueMail,
  hasOutboxEntry,
  listOutbox,
  listPendingMail,
  markMailAttempt,
  markMailFailed,
  markMailSent,
  outboxAad,
  replacePendingMessage,
} from './outbox.ts';
export type { OutboxInput, OutboxKind, OutboxRecord } from './outbox.ts';

export { finishOperationRun, listOperationRuns, startOperationRun } from './operation-runs.ts';
export type { OperationRunRecord, OperationRunStatus } from './operation-runs.ts';

export { canTransition, STATUS_TRANSITIONS, StatusTransitionError, TENANT_STATUSES, transitionTenant } from './status.ts';
export type { TransitionOptions, TransitionResult } from './status.ts';

export { checkModuleFeatures, featureOf, MODULES_FILE, parseModuleFeatures, readModuleFeatures } from './module-features.ts';
export type { ModuleFeature, ModuleFeatures } from './module-features.ts';
export { readModules, REGISTRY_KEYS } from './record.ts';
export type { ModulesState, RegistryHost, SuperUsersState, TenantRecordState } from './record.ts';
export { registryCapability } from './capability.ts';

export { getDriftCheck, recordDriftChecks } from './drift.ts';
export type { DriftCheckInput, DriftCheckRecord, RecordDriftResult } from './drift.ts';
export { listRefreshRuns, recordRefreshRun, typicalRefreshMs } from './refreshes.ts';
export { recordCapacityAssignment, typicalCapacityAssignmentMs } from './capacity-assignments.ts';
export type { CapacityAssignmentInput } from './capacity-assignments.ts';
export type { RefreshRunInput, RefreshRunRecord } from './refreshes.ts';

export { BACKUP_FORMAT, backupRegistry, restoreRegistry } from './backup.ts';
export type { BackupSummary, RestoreResult } from './backup.ts';

export { deleteTenantRows, listExports, recordExport } from './offboarding.ts';
export type { ExportRecord, ExportRecordInput } from './offboarding.ts';
