// Every CLI command by name, in the order `tenantops --help` lists them, its module imported only
// when that command runs: each module pulls in the parts of the library it needs, and importing
// all of them made every `npx tenantops` start slower (a workflow job starts several).
// commands/index.ts is the same list loaded whole, for help and for the tests.
import type { Command } from './command.ts';

export interface ListedCommand {
  /** `validate`, `plan`, `catalog match`: what the loaded command's `name` is too. */
  name: string;
  load(): Promise<Command>;
}

export const COMMAND_LIST: readonly ListedCommand[] = [
  { name: 'validate', load: async () => (await import('./commands/validate.ts')).validateCommand },
  { name: 'plan', load: async () => (await import('./commands/plan.ts')).planCommand },
  { name: 'apply', load: async () => (await import('./commands/apply.ts')).applyCommand },
  { name: 'verify', load: async () => (await import('./commands/verify.ts')).verifyCommand },
  { name: 'status', load: async () => (await import('./commands/status.ts')).statusCommand },
  { name: 'migrate', load: async () => (await import('./commands/migrate.ts')).migrateCommand },
  { name: 'refresh', load: async () => (await import('./commands/refresh.ts')).refreshCommand },
  { name: 'discover', load: async () => (await import('./commands/discover.ts')).discoverCommand },
  { name: 'ops list', load: async () => (await import('./commands/ops.ts')).opsListCommand },
  { name: 'ops run', load: async () => (await import('./commands/ops.ts')).opsRunCommand },
  { name: 'ops history', load: async () => (await import('./commands/ops.ts')).opsHistoryCommand },
  { name: 'tenants', load: async () => (await import('./commands/tenants.ts')).tenantsCommand },
  { name: 'catalog match', load: async () => (await import('./commands/catalog.ts')).catalogMatchCommand },
  { name: 'catalog sync', load: async () => (await import('./commands/catalog-sync.ts')).catalogSyncCommand },
  { name: 'keys rotate', load: async () => (await import('./commands/keys.ts')).keysRotateCommand },
  { name: 'registry backup', load: async () => (await import('./commands/registry.ts')).registryBackupCommand },
  { name: 'registry restore', load: async () => (await import('./commands/registry.ts')).registryRestoreCommand },
  { name: 'registry rebuild', load: async () => (await import('./commands/registry.ts')).registryRebuildCommand },
  { name: 'pr-plan', load: async () => (await import('./commands/pr-plan.ts')).prPlanCommand },
  { name: 'comment', load: async () => (await import('./commands/comment.ts')).commentCommand },
  { name: 'dispatch-merge', load: async () => (await import('./commands/dispatch-merge.ts')).dispatchMergeCommand },
  { name: 'review', load: async () => (await import('./commands/review.ts')).reviewCommand },
  { name: 'gate', load: async () => (await import('./commands/gate.ts')).gateCommand },
  { name: 'go-live', load: async () => (await import('./commands/go-live.ts')).goLiveCommand },
  { name: 'rollback', load: async () => (await import('./commands/rollback.ts')).rollbackCommand },
  { name: 'offboard', load: async () => (await import('./commands/offboard.ts')).offboardCommand },
  { name: 'drift', load: async () => (await import('./commands/drift.ts')).driftCommand },
  { name: 'rollout start', load: async () => (await import('./commands/rollout.ts')).rolloutStartCommand },
  { name: 'rollout status', load: async () => (await import('./commands/rollout.ts')).rolloutStatusCommand },
  { name: 'rollout resume', load: async () => (await import('./commands/rollout.ts')).rolloutResumeCommand },
  { name: 'rollout retry', load: async () => (await import('./commands/rollout.ts')).rolloutRetryCommand },
  { name: 'dashboard', load: async () => (await import('./commands/dashboard.ts')).dashboardCommand },
];

/** Loads the listed commands, in list order. */
export function loadCommands(listed: readonly ListedCommand[] = COMMAND_LIST): Promise<Command[]> {
  return Promise.all(listed.map((c) => c.load()));
}
