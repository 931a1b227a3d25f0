import { EnvironmentError } from '../../errors/index.ts';
import { apiOptionsFromEnv, createOctokit, dispatchWorkflow, findMergedPullRequest, repositoryFromEnv } from '../../github/index.ts';
import { loadValidInputs } from '../../run/index.ts';
import { changedTenants, gitChangedFiles } from '../changed-tenants.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { appendStepSummary } from '../workflow-files.ts';

export const dispatchMergeCommand: Command = {
  name: 'dispatch-merge',
  summary: 'After a push to the default branch: one tenant-provision run per changed tenant, or the fleet rollout when fleet-wide inputs changed.',
  usage: 'dispatch-merge --before <sha> --sha <sha> [--ref main] [--dry-run]',
  options: { before: { type: 'string' }, sha: { type: 'string' }, ref: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  help: {
    before: 'the commit before the push (github.event.before)',
    sha: 'the pushed commit (the merge commit)',
    ref: 'the branch the dispatched runs run on (default main)',
    'dry-run': 'print what would be dispatched; contact nothing',
  },
  async run(args, io) {
    const before = stringOption(args, 'before');
    const sha = stringOption(args, 'sha');
    if (!before || !sha) throw new EnvironmentError(`usage: tenantops ${this.usage}`);
    const ref = stringOption(args, 'ref') ?? 'main';
    const inputs = await loadValidInputs(args.root);
    const changed = changedTenants(inputs, gitChangedFiles(args.root, before));
    const dispatches: { workflow: string; inputs: Record<string, string> }[] = [];
    const lines: string[] = ['### Merge', ''];
    if (changed.fleetWide) {
      dispatches.push({ workflow: 'fleet-rollout.yml', inputs: { sha, reason: 'platform.yaml or templates/ changed' } });
      lines.push(`Fleet-wide inputs changed: handed to the fleet rollout${changed.codes.length ? ` (it covers ${changed.codes.join(', ')} too)` : ''}.`);
    } else if (changed.codes.length) {
      const dry = flag(args, 'dry-run');
      const pr = dry ? undefined : await findMergedPullRequest(createOctokit(apiOptionsFromEnv(io.env, 'dispatch-merge')), repositoryFromEnv(io.env, 'dispatch-merge'), sha).catch((err: unknown) => {
        // A push without a PR still gets its runs: each stops at review, before any write, saying why.
        if (err instanceof EnvironmentError) return undefined;
        throw err;
      });
      for (const tenant of changed.codes) {
        dispatches.push({ workflow: 'tenant-provision.yml', inputs: { tenant, sha, pr: String(pr?.number ?? ''), 'merged-by': pr?.mergedBy ?? io.env.GITHUB_ACTOR ?? '' } });
      }
      lines.push(`One provisioning run per changed tenant: ${changed.codes.join(', ')}${pr ? ` (pull request #${pr.number})` : ' (no merged pull request: each run will stop at review)'}.`);
    } else lines.push('No tenant changed.');
    if (changed.removed.length) lines.push('', `Removed tenant files decommission nothing (${changed.removed.join(', ')}): set \`lifecycle: decommissioned\` instead.`);
    if (!flag(args, 'dry-run') && dispatches.length) {
      const octokit = createOctokit(apiOptionsFromEnv(io.env, 'dispatch-merge'));
      const repo = repositoryFromEnv(io.env, 'dispatch-merge');
      for (const d of dispatches) await dispatchWorkflow(octokit, repo, d.workflow, ref, d.inputs);
    }
    await appendStepSummary(io.env, lines.join('\n'));
    writeLine(io.stdout, JSON.stringify({ dispatches }, null, 2));
    return 0;
  },
};
