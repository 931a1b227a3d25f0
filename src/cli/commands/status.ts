import { EnvironmentError } from '../../errors/index.ts';
import { readTenantStatus, renderTenantStatus } from '../../db/index.ts';
import { describeAbandoned, listAbandonedDeployments } from '../../registry/index.ts';
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
      const registry = await services.registry();
      const report = await readTenantStatus(registry, code);
      // Runs that died mid-apply: marked by the next apply, reported here even before it comes.
      const abandoned = await listAbandonedDeployments(registry, code);
      const text = [renderTenantStatus(report), ...abandoned.map((d) => `  abandoned: ${describeAbandoned(code, d)}`)].join('\n');
      writeLine(io.stdout, flag(args, 'json') ? JSON.stringify({ ...report, abandonedDeployments: abandoned }, null, 2) : text);
      return 0;
    });
  },
};
