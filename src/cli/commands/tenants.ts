import { loadValidInputs } from '../../run/index.ts';
import { changedTenants, gitChangedFiles } from '../changed-tenants.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';

export const tenantsCommand: Command = {
  name: 'tenants',
  summary: 'List tenant codes: all of them, or those a git change touches (for a workflow matrix).',
  usage: 'tenants [--changed-since <git ref>] [--json]',
  options: { 'changed-since': { type: 'string' }, json: { type: 'boolean' } },
  help: {
    'changed-since': 'only tenants whose file changed since this ref; a change to platform.yaml or templates/ selects all',
    json: 'print a JSON array of codes (a GitHub matrix takes it as is)',
  },
  async run(args, io) {
    const inputs = await loadValidInputs(args.root);
    let codes = inputs.tenants.map((t) => t.config.code);
    const since = stringOption(args, 'changed-since');
    if (since) {
      const changed = changedTenants(inputs, gitChangedFiles(args.root, since));
      if (!changed.fleetWide) codes = changed.codes;
    }
    writeLine(io.stdout, flag(args, 'json') ? JSON.stringify(codes) : codes.join('\n'));
    return 0;
  },
};
