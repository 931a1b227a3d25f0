import { EnvironmentError } from '../../errors/index.ts';
import { readTenantStatus, renderTenantStatus } from '../../db/index.ts';
import { flag, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: "Show what the registry knows of a tenant: its data store, role names, sealed secrets (names only), resources.",
  usage: 'status <code> [--json]',
  options: { json: { type: 'boolean' } },
  help: { json: 'print {"tenant", "dataStore", "secrets": [{"name", "keyId", "updatedAt"}], "resources": [...]}; never a secret value' },
  async run(args, io) {
    const code = args.positionals[0];
    if (!code || args.positionals.length > 1) throw new EnvironmentError('usage: tenantops status <code> [--json]');
    return withCommandRun(args, io, async ({ services }) => {
      const report = await readTenantStatus(await services.registry(), code);
      writeLine(io.stdout, flag(args, 'json') ? JSON.stringify(report, null, 2) : renderTenantStatus(report));
      return 0;
    });
  },
};
