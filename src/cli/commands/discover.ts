import { ConfigurationError } from '../../errors/index.ts';
import { createConsoleLogger } from '../../log/index.ts';
import { createServices, loadInputs } from '../../run/index.ts';
import { discoverPowerBi, renderDiscovery } from '../../powerbi/index.ts';
import { flag, type Command } from '../command.ts';
import { writeLine } from '../io.ts';

export const discoverCommand: Command = {
  name: 'discover',
  summary: 'List what the principal and each tenant profile can see in Power BI and compare it with the registry: unknown, missing and mismatched objects.',
  usage: 'discover [--json]',
  options: { json: { type: 'boolean' } },
  help: { json: 'print {"principalWorkspaces", "identities": [...], "discrepancies": [{"kind", "tenant", "what", "id", "detail"}]}' },
  async run(args, io) {
    const { inputs, findings } = await loadInputs(args.root);
    if (!inputs) throw new ConfigurationError(findings);
    const services = createServices({ platform: inputs.platform, root: args.root, log: createConsoleLogger({ stream: io.stderr }), env: io.env });
    try {
      const discovery = await discoverPowerBi(services);
      writeLine(io.stdout, flag(args, 'json') ? JSON.stringify(discovery, null, 2) : renderDiscovery(discovery));
      return discovery.discrepancies.length ? 1 : 0;
    } finally {
      await services.close();
    }
  },
};
