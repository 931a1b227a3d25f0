import { applyTenants, CAPABILITY_NAMES } from '../../run/index.ts';
import { parsePlanHash } from '../../plan/index.ts';
import { commandRun } from '../actor.ts';
import { flag, stringOption, type Command, type ParsedArgs } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';
import { parseOnly } from './only.ts';

export const applyCommand: Command = {
  name: 'apply',
  summary: 'Apply the plan to live services: each tenant under its lock, journaled, bound to a reviewed plan hash when given.',
  usage: 'apply [--tenant code] [--only db|powerbi|dns] [--plan-hash H] [--force] [--json]',
  options: {
    tenant: { type: 'string' },
    only: { type: 'string', multiple: true },
    'plan-hash': { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  help: {
    tenant: 'apply only this tenant',
    only: `apply only these capabilities (${CAPABILITY_NAMES.join(', ')}); repeatable`,
    'plan-hash': 'refuse, changing nothing, unless the recomputed plan has this hash (from `tenantops plan`: the whole hash or at least its first 12 hex digits)',
    force: 'allow changes that destroy data (a decommissioned tenant with deletionPolicy delete, a store move)',
    json: 'print {"hash", "tenants": [{"tenant", "applied", "failed", "skipped", "verified", "durationMs"}], "durationMs"}',
  },
  async run(args, io) {
    const only = parseOnly(args.values.only);
    const reviewed = readPlanHash(args);
    return withCommandRun(args, io, async ({ inputs, services }) => {
      const result = await applyTenants(inputs, services, {
        tenant: stringOption(args, 'tenant'),
        only,
        planHash: reviewed,
        force: flag(args, 'force'),
        ...commandRun(io),
      });
      if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify(result, null, 2));
      else {
        for (const t of result.tenants) writeLine(io.stdout, `${t.tenant}: ${t.applied.length ? `applied ${t.applied.join(', ')}` : 'nothing to change'}`);
        writeLine(io.stdout, `plan ${result.hash}`);
      }
      return 0;
    });
  },
};

/** `--plan-hash`, checked before anything is opened: the whole hash or at least its first 12 digits. */
export function readPlanHash(args: ParsedArgs): string | undefined {
  const value = stringOption(args, 'plan-hash');
  return value === undefined ? undefined : parsePlanHash(value);
}
