// The registry: the platform's application database (PostgreSQL). Tenants, the ids of what was
// provisioned for them, report mappings, users, modules, data stores, encrypted secrets, the
// deployment journal, an append-only audit log, super users' invitations and the mail outbox; its
// own migrations in templates/registry.

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
  setTenantStatus,
  upsertDataStore,
  upsertTenant,
} from './tenants.ts';
export type { DataStoreRecord, DataStoreStatus, Isolation, Lifecycle, TenantInput, TenantRecord, TenantStatus, UserRecord } from './tenants.ts';

export { deleteReportMapping, deleteResource, getResource, listReportMappings, listResources, upsertReportMapping, upsertResource } from './resources.ts';
export type { ReportMappingRecord, ResourceInput, ResourceRecord } from './resources.ts';

export {
  CHAOS_KILL_AFTER_STEP_VARIABLE,
  createRegistryJournal,
  finishDeployment,
  getDeployment,
  journalDone,
  journalFailed,
  journalIntent,
  listOpenIntents,
  listSteps,
  startDeployment,
} from './journal.ts';
export type { DeploymentInput, DeploymentRecord, DeploymentStatus, StepInput, StepRecord } from './journal.ts';

export { appendAudit, AUDIT_APPEND_ONLY_SQLSTATE, findSecretLike, listAudit } from './audit.ts';
export type { AuditEntry, AuditRecord } from './audit.ts';

export { TENANT_LOCK_NAMESPACE, TenantBusyError, tryTenantLock, withTenantLock } from './locks.ts';
export type { LockHolder, LockOptions, TryLockResult } from './locks.ts';

export {
  ENCRYPTION_KEY_VARIABLE,
  getSecret,
  OLD_ENCRYPTION_KEYS_VARIABLE,
  open,
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
