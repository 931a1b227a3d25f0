import { rollbackTenant } from '../../run/index.ts';
import { EnvironmentError } from '../../errors/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';
import { parseOnly } from './apply.ts';
import { appendStepSummary, commandRun } from '../workflow-files.ts';

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: "Tear down a tenant that never went live, as its deletionPolicy says (delete: everything of it; retain: suspended and kept), after showing the plan. A live tenant is refused: revert its file instead.",
  usage: 'rollback --tenant <code> [--only db|powerbi|dns] [--json]',
  options: { tenant: { type: 'string' }, only: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  help: {
    tenant: 'the tenant code',
    only: 'only these capabilities (default all, torn down dns → powerbi → db)',
    json: 'print {"tenant", "policy", "planHashes", "applied", "registryRows"}',
  },
  async run(args, io) {
    const tenant = stringOption(args, 'tenant');
    if (!tenant) throw new EnvironmentError(`usage: tenantops ${this.usage}`);
    const only = parseOnly(args.values.only);
    return withCommandRun(args, io, async ({ inputs, services }) => {
      const result = await rollbackTenant(inputs, services, {
        tenant,
        only,
        ...commandRun(io),
        // The teardown plan reaches the summary before anything is applied.
        showPlan: (markdown) => appendStepSummary(io.env, `### Rollback plan: ${tenant}\n\n${markdown}`),
      });
      await appendStepSummary(io.env, result.markdown);
      if (flag(args, 'json')) {
        const { tenant: code, policy, planHashes, applied, registryRows } = result;
        writeLine(io.stdout, JSON.stringify({ tenant: code, policy, planHashes, applied, registryRows: registryRows ?? null }, null, 2));
      } else writeLine(io.stdout, result.markdown.replace(/^### /, ''));
      return 0;
    });
  },
};
