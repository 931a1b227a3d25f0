import { EnvironmentError } from '../../errors/index.ts';
import { loadValidInputs, selectTenants, tenantContext } from '../../run/index.ts';
import { flag, type Command } from '../command.ts';
import { writeLine } from '../io.ts';

export const catalogMatchCommand: Command = {
  name: 'catalog match',
  summary: "List the template reports that apply to a tenant: its providers' code, its modules, latest version of each.",
  usage: 'catalog match <code> [--json]',
  options: { json: { type: 'boolean' } },
  help: { json: 'print {"tenant", "reports": [{"name", "providerCode", "persona", "version", "module"}]} on stdout' },
  async run(args, io) {
    const code = args.positionals[0];
    if (!code || args.positionals.length > 1) throw new EnvironmentError('usage: tenantops catalog match <code> [--json]');
    const inputs = await loadValidInputs(args.root);
    const [tenant] = selectTenants(inputs, code);
    const { reports } = tenantContext(inputs, tenant.config);
    if (flag(args, 'json')) {
      writeLine(io.stdout, JSON.stringify({ tenant: code, reports }, null, 2));
    } else {
      writeLine(io.stdout, `${code}: ${reports.length} report(s)`);
      for (const r of reports) writeLine(io.stdout, `  ${r.name}  [${r.module}]`);
    }
    return 0;
  },
};
