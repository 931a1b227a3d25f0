import { ConfigurationError, EnvironmentError } from '../../errors/index.ts';
import { renderPlanMarkdown, renderPlanText } from '../../plan/index.ts';
import { CAPABILITIES, KIND_LABELS, loadInputs, planTenants, type Capability } from '../../pipeline/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';

export const planCommand: Command = {
  name: 'plan',
  summary: 'Plan each tenant: what would be created, changed or deleted, with a hash apply can be bound to.',
  usage: 'plan [--tenant code] [--only db|powerbi|dns] [--json | --markdown] [--offline]',
  options: {
    tenant: { type: 'string' },
    only: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    markdown: { type: 'boolean' },
    offline: { type: 'boolean' },
  },
  help: {
    tenant: 'plan only this tenant',
    only: `plan only these capabilities (${CAPABILITIES.join(', ')}); repeatable`,
    json: 'print the plan as one JSON document: {"version", "hash", "tenants": [...]}',
    markdown: 'print the plan as markdown (what the PR comment shows)',
    offline: 'plan against an empty world; contacts nothing',
  },
  async run(args, io) {
    const only = parseOnly(args.values.only);
    const { inputs, findings } = await loadInputs(args.root);
    if (!inputs) throw new ConfigurationError(findings);
    const plan = await planTenants(inputs, { tenant: stringOption(args, 'tenant'), only, offline: flag(args, 'offline') });
    if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify(plan, null, 2));
    else if (flag(args, 'markdown')) writeLine(io.stdout, renderPlanMarkdown(plan, { labels: KIND_LABELS }));
    else writeLine(io.stdout, renderPlanText(plan));
    return 0;
  },
};

function parseOnly(value: unknown): Capability[] | undefined {
  if (value === undefined) return undefined;
  const list = (value as string[]).flatMap((v) => v.split(','));
  for (const v of list) {
    if (!(CAPABILITIES as readonly string[]).includes(v)) throw new EnvironmentError(`--only "${v}" is not a capability; allowed: ${CAPABILITIES.join(', ')}`);
  }
  return list as Capability[];
}
