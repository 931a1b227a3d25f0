import { discoverPowerBi, renderDiscovery } from '../../powerbi/index.ts';
import { flag, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';

export const discoverCommand: Command = {
  name: 'discover',
  summary: 'List what the principal and each tenant profile can see in Power BI and compare it with the registry: unknown, missing and mismatched objects.',
  usage: 'discover [--json]',
  options: { json: { type: 'boolean' } },
  help: { json: 'print {"principalWorkspaces", "identities": [...], "discrepancies": [{"kind", "tenant", "what", "id", "detail"}]}' },
  async run(args, io) {
    return withCommandRun(args, io, async ({ services }) => {
      const discovery = await discoverPowerBi(services);
      writeLine(io.stdout, flag(args, 'json') ? JSON.stringify(discovery, null, 2) : renderDiscovery(discovery));
      return discovery.discrepancies.length ? 1 : 0;
    });
  },
};
