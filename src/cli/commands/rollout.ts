// `tenantops rollout start|status|resume|retry`: fleet-wide changes in waves as platform.yaml's
// rollout policy orders them, recorded in the registry. Each prints per-tenant results, writes
// them to the job summary, and hands the rollout's id and status on as step outputs.
import { EnvironmentError } from '../../errors/index.ts';
import { renderRolloutMarkdown, resumeRollout, retryRollout, rolloutStatus, startRollout, CAPABILITY_NAMES, type RolloutReport } from '../../run/index.ts';
import { commandRun } from '../actor.ts';
import { flag, stringOption, type Command, type ParsedArgs } from '../command.ts';
import type { CliIO } from '../io.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';
import { appendStepSummary, setStepOutputs } from '../workflow-files.ts';
import { parseOnly } from './only.ts';

const JSON_HELP = 'print {"id", "revision", "status", "haltedAt", "policy", "waves": [{"index", "name", "tenants": [{"tenant", "state", "revision", "error", "attempts"}]}], "counts"}';

const runOptions = {
  waves: { type: 'string' },
  concurrency: { type: 'string' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const runHelp = {
  waves: 'apply at most this many waves, then stop with the rollout still running (the workflow runs one wave per gated job); default all',
  concurrency: 'tenants of a wave applied at once (default 4), each under its lock, within the shared rate budgets',
  force: 'allow changes that destroy data',
  json: JSON_HELP,
};

function positiveInt(args: ParsedArgs, name: string): number | undefined {
  const v = stringOption(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new EnvironmentError(`--${name} ${JSON.stringify(v)} is not allowed; allowed: a whole number from 1`);
  return n;
}

function runSettings(args: ParsedArgs, io: CliIO) {
  return { ...commandRun(io), maxWaves: positiveInt(args, 'waves'), tenantConcurrency: positiveInt(args, 'concurrency'), force: flag(args, 'force') };
}

/** Prints, summarises and hands on a rollout; exit 1 when it halted or a tenant of it failed. */
async function finish(report: RolloutReport, args: ParsedArgs, io: CliIO): Promise<number> {
  if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify(report, null, 2));
  else {
    writeLine(io.stdout, `rollout ${report.id} at ${report.revision}: ${report.status}${report.haltedAt ? ` (halted at ${report.haltedAt})` : ''}`);
    for (const w of report.waves) for (const t of w.tenants) writeLine(io.stdout, `  ${w.name}: ${t.tenant} ${t.state}${t.error ? `: ${t.error}` : ''}`);
    const c = report.counts;
    writeLine(io.stdout, `${c.applied} applied, ${c.failed} failed, ${c.pending} pending, ${c.skipped} skipped`);
  }
  await appendStepSummary(io.env, renderRolloutMarkdown(report));
  await setStepOutputs(io.env, { 'rollout-id': report.id, status: report.status, pending: String(report.counts.pending), failed: String(report.counts.failed) });
  return report.status === 'halted' || report.counts.failed > 0 ? 1 : 0;
}

export const rolloutStartCommand: Command = {
  name: 'rollout start',
  summary: "Roll the repository's state out to the fleet in waves (platform.yaml rollout: canary, batch, haltAfter), recorded in the registry.",
  usage: 'rollout start [--revision SHA] [--only db|powerbi|dns] [--reason text] [--waves N] [--concurrency N] [--force] [--json]',
  options: { revision: { type: 'string' }, only: { type: 'string', multiple: true }, reason: { type: 'string' }, ...runOptions },
  help: {
    revision: 'the revision rolled out, recorded per tenant (default GITHUB_SHA)',
    only: `roll out only these capabilities (${CAPABILITY_NAMES.join(', ')}); repeatable`,
    reason: 'why, recorded with the rollout (schema_changed, templates, platform.yaml)',
    ...runHelp,
  },
  async run(args, io) {
    const revision = stringOption(args, 'revision') ?? io.env.GITHUB_SHA;
    if (!revision) throw new EnvironmentError('give --revision <sha> (or run where GITHUB_SHA is set): a rollout records the revision it applied to each tenant');
    const only = parseOnly(args.values.only);
    const settings = runSettings(args, io);
    return withCommandRun(args, io, async ({ inputs, services }) =>
      finish(await startRollout(inputs, services, { ...settings, revision, only, reason: stringOption(args, 'reason') }), args, io),
    );
  },
};

export const rolloutResumeCommand: Command = {
  name: 'rollout resume',
  summary: 'Continue a rollout (the newest by default) with its pending tenants, wave by wave; after a halt, the next waves.',
  usage: 'rollout resume [--id ID] [--waves N] [--concurrency N] [--force] [--json]',
  options: { id: { type: 'string' }, ...runOptions },
  help: { id: 'the rollout (default: the newest)', ...runHelp },
  async run(args, io) {
    const settings = runSettings(args, io);
    return withCommandRun(args, io, async ({ inputs, services }) => finish(await resumeRollout(inputs, services, { ...settings, id: stringOption(args, 'id') }), args, io));
  },
};

export const rolloutRetryCommand: Command = {
  name: 'rollout retry',
  summary: "Apply again only a rollout's failed tenants (the newest rollout by default), wave by wave.",
  usage: 'rollout retry [--id ID] [--waves N] [--concurrency N] [--force] [--json]',
  options: { id: { type: 'string' }, ...runOptions },
  help: { id: 'the rollout (default: the newest)', ...runHelp },
  async run(args, io) {
    const settings = runSettings(args, io);
    return withCommandRun(args, io, async ({ inputs, services }) => finish(await retryRollout(inputs, services, { ...settings, id: stringOption(args, 'id') }), args, io));
  },
};

export const rolloutStatusCommand: Command = {
  name: 'rollout status',
  summary: 'Where a rollout (the newest by default) stands: each tenant pending, applied, failed or skipped, with its revision.',
  usage: 'rollout status [--id ID] [--json]',
  options: { id: { type: 'string' }, json: { type: 'boolean' } },
  help: { id: 'the rollout (default: the newest)', json: JSON_HELP },
  async run(args, io) {
    return withCommandRun(args, io, async ({ services }) => finish(await rolloutStatus(services, stringOption(args, 'id')), args, io));
  },
};

export const rolloutCommands: Command[] = [rolloutStartCommand, rolloutStatusCommand, rolloutResumeCommand, rolloutRetryCommand];
