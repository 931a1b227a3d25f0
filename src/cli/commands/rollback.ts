import { isLive, rollbackLiveTenant, rollbackTenant } from '../../run/index.ts';
import { apiOptionsFromEnv, createOctokit, openRevertPullRequest, repositoryFromEnv } from '../../github/index.ts';
import { EnvironmentError } from '../../errors/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';
import { parseOnly } from './apply.ts';
import { appendStepSummary, commandRun } from '../workflow-files.ts';

export const rollbackCommand: Command = {
  name: 'rollback',
  summary:
    "Roll a tenant back. Never live: tear it down as its deletionPolicy says (delete: everything of it; retain: suspended and kept), after showing the plan. " +
    'Live: open a pull request reverting its file (GITHUB_TOKEN, GITHUB_REPOSITORY), which takes the ordinary path; nothing is torn down.',
  usage: 'rollback --tenant <code> [--only db|powerbi|dns] [--to <commit>] [--base <branch>] [--reason <text>] [--json]',
  options: { tenant: { type: 'string' }, only: { type: 'string', multiple: true }, to: { type: 'string' }, base: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } },
  help: {
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
