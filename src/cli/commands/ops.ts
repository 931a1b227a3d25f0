// `tenantops ops`: operation sequences (operations/<name>.yaml). `ops list` validates every file
// and lists the sequences (those of one cron with --schedule, for the scheduled workflow);
// `ops run` runs one, or with --dry-run shows its plan and contacts nothing; `ops history` lists
// past runs from the registry.
import { ConfigurationError, EnvironmentError } from '../../errors/index.ts';
import { loadOperations, renderOperationHistory, renderOperationPlan, renderOperationRun } from '../../ops/index.ts';
import { listOperationHistory, loadSequence, loadValidInputs, operationContext, planSequence, runOperation } from '../../run/index.ts';
import { commandRun } from '../actor.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';
import { appendStepSummary, setStepOutputs } from '../workflow-files.ts';

export const opsListCommand: Command = {
  name: 'ops list',
  summary: 'Validate every operations/*.yaml (findings as file:line:col) and list the sequences: their steps and schedules.',
  usage: 'ops list [--schedule CRON] [--json]',
  options: { schedule: { type: 'string' }, json: { type: 'boolean' } },
  help: {
    schedule: 'only the sequences with this cron (the scheduled workflow passes github.event.schedule); sets the step output `sequences` (a JSON list)',
    json: 'print {"sequences": [{"name", "file", "schedule", "steps": [{"id", "action", "needs"}]}]}',
  },
  async run(args, io) {
    const inputs = await loadValidInputs(args.root);
    const { operations, findings } = await loadOperations(inputs.root, operationContext(inputs));
    if (findings.length) throw new ConfigurationError(findings);
    const cron = stringOption(args, 'schedule');
    const chosen = operations.filter((o) => cron === undefined || o.sequence.schedule === cron);
    const sequences = chosen.map(({ file, sequence: s }) => ({ name: s.name, file, ...(s.schedule ? { schedule: s.schedule } : {}), steps: s.steps.map((st) => ({ id: st.id, action: st.action, needs: st.needs ?? [] })) }));
    if (cron !== undefined) await setStepOutputs(io.env, { sequences: JSON.stringify(sequences.map((s) => s.name)) });
    if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify({ sequences }, null, 2));
    else for (const s of sequences) writeLine(io.stdout, `${s.name}${s.schedule ? ` (${s.schedule} UTC)` : ''}: ${s.steps.map((st) => `${st.id}${st.needs.length ? ` after ${st.needs.join(', ')}` : ''}`).join(' → ')}`);
    return 0;
  },
};

export const opsRunCommand: Command = {
  name: 'ops run',
  summary: 'Run an operation sequence of operations/: its steps in order over their tenants, waiting on each refresh, within the rate budgets and the shared-capacity refresh allowance; recorded in the registry.',
  usage: 'ops run <name> [--tenant code] [--dry-run] [--json]',
  options: { tenant: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
  help: {
    tenant: 'only this tenant, in the steps that target it',
    'dry-run': 'show the steps, their order, policies and tenants; contact nothing',
    json: 'print the run {"id", "name", "actor", "startedAt", "finishedAt", "status", "steps": [{"id", "action", "status", "tenants": [{"tenant", "status", "attempts", "detail", "items", "durationMs"}]}], "durationMs"} (with --dry-run: {"dryRun": true, "plan"})',
  },
  async run(args, io) {
    const name = args.positionals[0];
    if (!name || args.positionals.length > 1) throw new EnvironmentError(`usage: tenantops ${opsRunCommand.usage}`);
    const tenant = stringOption(args, 'tenant');
    if (flag(args, 'dry-run')) {
      // The plan needs the repository only: no services are opened, so nothing can be written.
      const inputs = await loadValidInputs(args.root);
      const plan = planSequence(inputs, (await loadSequence(inputs, name)).sequence, tenant);
      const markdown = renderOperationPlan(plan);
      await appendStepSummary(io.env, markdown);
      writeLine(io.stdout, flag(args, 'json') ? JSON.stringify({ dryRun: true, plan }, null, 2) : markdown);
      return 0;
    }
    return withCommandRun(args, io, async ({ inputs, services }) => {
      const { sequence } = await loadSequence(inputs, name);
      const { actor, githubRun } = commandRun(io);
      const result = await runOperation(inputs, services, sequence, { tenant, actor, githubRun });
      const markdown = renderOperationRun(result);
      await appendStepSummary(io.env, markdown);
      writeLine(io.stdout, flag(args, 'json') ? JSON.stringify(result, null, 2) : markdown);
      return result.status === 'succeeded' ? 0 : 1;
    });
  },
};

export const opsHistoryCommand: Command = {
  name: 'ops history',
  summary: 'List past runs of operation sequences from the registry: who, when, each step with its per-tenant results, durations.',
  usage: 'ops history [--sequence name] [--limit N] [--json]',
  options: { sequence: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  help: { sequence: 'only runs of this sequence', limit: 'at most N runs, newest first (default 20)', json: 'print {"runs": [...]}, each run as `ops run --json` prints it' },
  async run(args, io) {
    const limit = Number(stringOption(args, 'limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1) throw new EnvironmentError('--limit must be a positive whole number');
    return withCommandRun(args, io, async ({ services }) => {
      const runs = await listOperationHistory(services, { sequence: stringOption(args, 'sequence'), limit });
      writeLine(io.stdout, flag(args, 'json') ? JSON.stringify({ runs }, null, 2) : runs.length ? renderOperationHistory(runs) : 'no operation runs recorded');
      return 0;
    });
  },
};
