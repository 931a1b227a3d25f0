// Every CLI command, in the order `tenantops --help` lists them.
import type { Command } from '../command.ts';
import { applyCommand } from './apply.ts';
import { catalogMatchCommand } from './catalog.ts';
import { catalogSyncCommand } from './catalog-sync.ts';
import { discoverCommand } from './discover.ts';
import { keysRotateCommand } from './keys.ts';
import { migrateCommand } from './migrate.ts';
import { planCommand } from './plan.ts';
import { refreshCommand } from './refresh.ts';
import { statusCommand } from './status.ts';
import { tenantsCommand } from './tenants.ts';
import { validateCommand } from './validate.ts';
import { verifyCommand } from './verify.ts';
import { prPlanCommand } from './pr-plan.ts';
import { commentCommand } from './comment.ts';
import { reviewCommand } from './review.ts';
import { gateCommand } from './gate.ts';
import { goLiveCommand } from './go-live.ts';
import { driftCommand } from './drift.ts';
import { dispatchMergeCommand } from './dispatch-merge.ts';
import { rolloutCommands } from './rollout.ts';
import { dashboardCommand } from './dashboard.ts';
import { opsHistoryCommand, opsListCommand, opsRunCommand } from './ops.ts';
import { registryBackupCommand, registryRebuildCommand, registryRestoreCommand } from './registry.ts';
import { offboardCommand } from './offboard.ts';
import { rollbackCommand } from './rollback.ts';

export const commands: Command[] = [
  validateCommand,
  planCommand,
  applyCommand,
  verifyCommand,
  statusCommand,
  migrateCommand,
  refreshCommand,
  discoverCommand,
  opsListCommand,
  opsRunCommand,
  opsHistoryCommand,
  tenantsCommand,
  catalogMatchCommand,
  catalogSyncCommand,
  keysRotateCommand,
  registryBackupCommand,
  registryRestoreCommand,
  registryRebuildCommand,
  prPlanCommand,
  commentCommand,
  dispatchMergeCommand,
  reviewCommand,
  gateCommand,
  goLiveCommand,
  rollbackCommand,
  offboardCommand,
  driftCommand,
  ...rolloutCommands,
  dashboardCommand,
];
