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

export const commands: Command[] = [
  validateCommand,
  planCommand,
  applyCommand,
  verifyCommand,
  statusCommand,
  migrateCommand,
  refreshCommand,
  discoverCommand,
  tenantsCommand,
  catalogMatchCommand,
  catalogSyncCommand,
  keysRotateCommand,
];
