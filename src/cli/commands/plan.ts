import { EnvironmentError } from '../../errors/index.ts';
import { markdownRendering, renderChunks, viewOfPlan, withOfflinePlan, type PlanHeader } from '../../plan/index.ts';
import { CAPABILITY_NAMES, KIND_LABELS, offlinePlanOf, planOnline } from '../../run/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { parseOnly } from './only.ts';
import { planRendering, writeChunks } from './plan-output.ts';
import { withCommandRun } from '../run.ts';
import { appendStepSummary } from '../workflow-files.ts';

export const planCommand: Command = {
  name: 'plan',
  summary: 'Plan each tenant: what would be created, changed or deleted, with a hash apply can be bound to.',
  usage: 'plan [--tenant code] [--only db|powerbi|dns] [--json | --markdown] [--offline] [--fail-on-changes] [--comment]',
  options: {
    tenant: { type: 'string' },
    only: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    markdown: { type: 'boolean' },
    offline: { type: 'boolean' },
    comment: { type: 'boolean' },
    'fail-on-changes': { type: 'boolean' },
  },
  exclusive: [['json', 'markdown']],
  help: {
    tenant: 'plan only this tenant',
    only: `plan only these capabilities (${CAPABILITY_NAMES.join(', ')}); repeatable`,
    json: 'print the plan as one JSON document: {"version", "hash", "tenants": [...]}',
    markdown: 'print the plan as markdown (what the PR comment shows)',
    offline: 'plan against an empty world; contacts nothing',
    'fail-on-changes': 'exit 1 when the plan has any change (drift detection)',
    comment: 'also post the markdown as the sticky comment of the pull request (GITHUB_TOKEN, in a pull_request workflow) and append it to the job summary',
  },
  async run(args, io) {
    const only = parseOnly(args.values.only);
    const scope = { tenant: stringOption(args, 'tenant'), only };
    const labels = { labels: KIND_LABELS };
    const format = flag(args, 'json') ? 'json' : flag(args, 'markdown') ? 'markdown' : 'text';
    const comment = flag(args, 'comment');
    // Services open lazily, so an offline plan contacts nothing.
    const plan: PlanHeader = await withCommandRun(args, io, async ({ inputs, services }) => {
      if (!flag(args, 'offline')) {
        const view = viewOfPlan(await planOnline(inputs, services, scope));
        await writeChunks(io.stdout, renderChunks(view, planRendering(format, labels)));
        if (comment) await publishPlan(renderChunks(view, markdownRendering(labels)), io.env);
        return view;
      }
      // An offline plan is planned once, each tenant's part of the output (and of the comment)
      // spilled as it is planned, so its memory does not grow with the fleet.
      const renderings = [planRendering(format, labels), ...(comment && format !== 'markdown' ? [markdownRendering(labels)] : [])];
      return withOfflinePlan(offlinePlanOf(inputs, scope), renderings, async (spilled) => {
        await writeChunks(io.stdout, spilled.chunks(0));
        if (comment) await publishPlan(spilled.chunks(renderings.length - 1), io.env);
        return spilled;
      });
    });
    return flag(args, 'fail-on-changes') && plan.tenants.some((t) => t.changeCount > 0) ? 1 : 0;
  },
};

/** The PR's sticky comment (cut to GitHub's limit) and the whole plan in the job summary. */
async function publishPlan(printed: Iterable<string>, env: NodeJS.ProcessEnv): Promise<void> {
  // The markdown as printed, without the newline printing ends with.
  const markdown = [...printed].join('').slice(0, -1);
  const token = env.GITHUB_TOKEN;
  if (!token) throw new EnvironmentError('--comment needs GITHUB_TOKEN (pass `env: GITHUB_TOKEN: ${{ github.token }}` to the step)');
  await appendStepSummary(env, markdown);
  // Loaded only here: the GitHub client and the Actions toolkit are no part of any other plan.
  const { fitComment, pullRequestFromEnv, upsertStickyComment } = await import('../../github/index.ts');
  const pr = await pullRequestFromEnv(env);
  await upsertStickyComment(pr, fitComment(markdown, 'the job summary of this run'), { token, baseUrl: env.GITHUB_API_URL });
}

