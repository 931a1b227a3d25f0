import { isLive, rollbackLiveTenant, rollbackTenant } from '../../run/index.ts';
import { apiOptionsFromEnv, createOctokit, openRevertPullRequest, readApprovals, repositoryFromEnv } from '../../github/index.ts';
import { EnvironmentError } from '../../errors/index.ts';
import { commandRun } from '../actor.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';
import { parseOnly } from './only.ts';
import { appendStepSummary } from '../workflow-files.ts';

export const rollbackCommand: Command = {
  name: 'rollback',
  summary:
    "Roll a tenant back. Never live: tear it down as its deletionPolicy says (delete: everything of it; retain: suspended and kept), after showing the plan. " +
    'Live: open a pull request reverting its file (GITHUB_TOKEN, GITHUB_REPOSITORY), which takes the ordinary path; nothing is torn down.',
  usage: 'rollback --tenant <code> [--only db|powerbi|dns] [--to <commit>] [--base <branch>] [--reason <text>] [--if-rejected <environment>] [--json]',
  options: { tenant: { type: 'string' }, only: { type: 'string', multiple: true }, to: { type: 'string' }, base: { type: 'string' }, reason: { type: 'string' }, 'if-rejected': { type: 'string' }, json: { type: 'boolean' } },
  help: {
    'if-rejected': "only when this run's gate of that environment was rejected (read from the run's approvals); a gate that was approved, or never answered, rolls nothing back",
    tenant: 'the tenant code',
    only: 'never live: only these capabilities (default all, torn down dns → powerbi → db)',
    to: 'live: the commit whose version of the file to restore (default: the parent of the last commit that changed it)',
    base: 'live: the branch the pull request targets (default main)',
    reason: 'live: why, for the pull request (default: who asked, from which run)',
    json: 'print {"tenant", "policy", "planHashes", "applied", "registryRows"}; live: {"tenant", "pullRequest": {"number", "url", "branch", "created"}}',
  },
  async run(args, io) {
    const tenant = stringOption(args, 'tenant');
    if (!tenant) throw new EnvironmentError(`usage: tenantops ${this.usage}`);
    const only = parseOnly(args.values.only);
    const gate = stringOption(args, 'if-rejected');
    if (gate !== undefined) {
      // After a failed go-live job: a rejection rolls back; an approved go-live that failed
      // afterwards (a changed plan, a failing check, a mail server down) must not tear down a
      // tenant nobody asked to remove.
      const reason = await gateNotRejected(io, gate);
      if (reason) {
        const line = `${tenant}: ${reason}; nothing rolled back (re-run the failed job, or dispatch tenant-provision with rollback: true)`;
        await appendStepSummary(io.env, `### Rollback\n\n${line}`);
        writeLine(io.stdout, line);
        return 0;
      }
    }
    return withCommandRun(args, io, async ({ inputs, services }) => {
      if (await isLive(services, tenant)) {
        const what = 'rollback of a live tenant (a revert pull request)';
        const octokit = createOctokit(apiOptionsFromEnv(io.env, what));
        const repo = repositoryFromEnv(io.env, what);
        const result = await rollbackLiveTenant(inputs, services, {
          tenant,
          reason: stringOption(args, 'reason'),
          ...commandRun(io),
          openRevert: (request) => openRevertPullRequest(octokit, repo, { ...request, toCommit: stringOption(args, 'to'), base: stringOption(args, 'base') }),
        });
        await appendStepSummary(io.env, result.markdown);
        if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify({ tenant: result.tenant, pullRequest: result.pullRequest }, null, 2));
        else writeLine(io.stdout, result.pullRequest.url);
        return 0;
      }
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

/** Why this run's gate of `environment` does not call for a rollback, or undefined when it was rejected. */
async function gateNotRejected(io: Parameters<Command['run']>[1], environment: string): Promise<string | undefined> {
  const run = commandRun(io);
  if (!run.githubRun) throw new EnvironmentError('rollback --if-rejected reads the gate from the workflow run: run it in the workflow');
  const what = 'rollback --if-rejected';
  const reviews = await readApprovals(createOctokit(apiOptionsFromEnv(io.env, what)), repositoryFromEnv(io.env, what), Number(run.githubRun), environment);
  const last = reviews.at(-1);
  if (last?.state === 'rejected') return undefined;
  return last ? `the ${environment} gate of run ${run.githubRun} was approved by ${last.user}, then go-live failed` : `the ${environment} gate of run ${run.githubRun} has no review`;
}
