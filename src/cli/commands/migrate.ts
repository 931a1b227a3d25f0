import { EnvironmentError } from '../../errors/index.ts';
import { migrateTenants, renderMigrationMarkdown } from '../../db/index.ts';
import { selectTenants } from '../../run/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: "Apply pending tenant migrations: one tenant, or --all of them (every tenant attempted, bounded per cluster).",
  usage: 'migrate (--all | --tenant code) [--json]',
  options: { all: { type: 'boolean' }, tenant: { type: 'string' }, json: { type: 'boolean' } },
  help: {
    all: 'migrate every tenant (the schema-change rollout)',
    tenant: 'migrate only this tenant',
    json: 'print {"migrations", "tenants": [{"tenant", "cluster", "status", "applied", "durationMs", "error"}], "failed", "durationMs"}',
  },
  async run(args, io) {
    const tenant = stringOption(args, 'tenant');
    if (flag(args, 'all') === (tenant !== undefined)) throw new EnvironmentError('usage: tenantops migrate (--all | --tenant code) [--json]');
    return withCommandRun(args, io, async ({ inputs, services }) => {
      const result = await migrateTenants({ tenants: selectTenants(inputs, tenant).map((t) => t.config), services });
      writeLine(io.stdout, flag(args, 'json') ? JSON.stringify(result, null, 2) : renderMigrationMarkdown(result));
      return result.failed ? 1 : 0;
    });
  },
};
