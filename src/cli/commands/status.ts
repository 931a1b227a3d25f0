import { EnvironmentError } from '../../errors/index.ts';
import { readTenantStatus, renderTenantStatus } from '../../db/index.ts';
import { describeAbandoned, getTenant, listAbandonedDeployments } from '../../registry/index.ts';
import { flag, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: "Show what the registry knows of a tenant: its lifecycle status, its data store, role names, sealed secrets (names only), resources.",
  usage: 'status <code> [--json]',
  options: { json: { type: 'boolean' } },
  help: { json: 'print {"tenant", "status", "provisionedAt", "liveAt", "approvedBy", "dataStore", "secrets": [{"name", "keyId", "updatedAt"}], "resources": [...]}; never a secret value' },
  async run(args, io) {
    const code = args.positionals[0];
    if (!code || args.positionals.length > 1) throw new EnvironmentError('usage: tenantops status <code> [--json]');
    return withCommandRun(args, io, async ({ services }) => {
      const registry = await services.registry();
      const report = await readTenantStatus(registry, code);
      // Runs that died mid-apply: marked by the next apply, reported here even before it comes.
      const abandoned = await listAbandonedDeployments(registry, code);
      const t = (await getTenant(registry, code))!;
      const lifecycle = { status: t.status, provisionedAt: t.provisionedAt?.toISOString() ?? null, liveAt: t.liveAt?.toISOString() ?? null, approvedBy: t.approvedBy };
      if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify({ ...report, ...lifecycle, abandonedDeployments: abandoned }, null, 2));
      else {
        const since = [lifecycle.provisionedAt && `provisioned ${lifecycle.provisionedAt}`, lifecycle.liveAt && `live since ${lifecycle.liveAt}`, lifecycle.approvedBy && `approved by ${lifecycle.approvedBy}`].filter(Boolean);
        writeLine(io.stdout, [`${renderTenantStatus(report)}\n  status: ${t.status}${since.length ? ` (${since.join(', ')})` : ''}`, ...abandoned.map((d) => `  abandoned: ${describeAbandoned(code, d)}`)].join('\n'));
      }
      return 0;
    });
  },
};
