import { EnvironmentError } from '../../errors/index.ts';
import { apiOptionsFromEnv, createOctokit, readApprovals, repositoryFromEnv } from '../../github/index.ts';
import { appendAudit } from '../../registry/index.ts';
import { approveGoLive, renderChecklistMarkdown, renderChecklistText, selectTenants } from '../../run/index.ts';
import { commandRun } from '../actor.ts';
import { stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';
import { readPlanHash } from './apply.ts';
import { parseOnly } from './only.ts';
import { appendStepSummary } from '../workflow-files.ts';

export const goLiveCommand: Command = {
  name: 'go-live',
  summary: "After the go-live approval: record who approved (from the run's approvals), apply exactly the destructive plan shown before the gate (force, bound to its hash), then mark the tenant live if its QA checklist passes (exit 1 otherwise).",
  usage: 'go-live --tenant <code> [--only caps --plan-hash H] [--environment go-live]',
  options: { tenant: { type: 'string' }, only: { type: 'string', multiple: true }, 'plan-hash': { type: 'string' }, environment: { type: 'string' } },
  help: {
    tenant: 'the tenant code',
    only: 'the capabilities left for the gate (the provisioning job\'s `deferred` output); none: nothing to apply',
    'plan-hash': 'the hash of the destructive plan shown before the gate; a plan that changed since is refused',
    environment: 'the gated environment whose approval is recorded (default go-live)',
  },
  async run(args, io) {
    const tenant = stringOption(args, 'tenant');
    // The provisioning job's `deferred` output is empty when nothing needs force.
    const only = parseOnly((args.values.only as string[] | undefined)?.flatMap((v) => v.split(',')).filter(Boolean)) ?? [];
    const planHash = readPlanHash(args);
    if (!tenant || (only.length > 0 && !planHash)) throw new EnvironmentError(`usage: tenantops ${this.usage}`);
    const environment = stringOption(args, 'environment') ?? 'go-live';
    const run = commandRun(io);
    if (!run.githubRun) throw new EnvironmentError('go-live reads its approval from the workflow run: run it in the gated job');
    const approvals = await readApprovals(createOctokit(apiOptionsFromEnv(io.env, 'go-live')), repositoryFromEnv(io.env, 'go-live'), Number(run.githubRun), environment);
    const approval = approvals.filter((a) => a.state === 'approved').at(-1);
    if (!approval) throw new EnvironmentError(`run ${run.githubRun} has no approval for environment ${environment}: nothing applied`);
    return withCommandRun(args, io, async ({ inputs, services }) => {
      await appendAudit(await services.registry(), { actor: `github:${approval.user}`, githubRun: run.githubRun, tenant, action: 'approve', target: environment, after: { runUrl: run.githubRunUrl, planHash: planHash ?? null, comment: approval.comment } });
      const [{ config }] = selectTenants(inputs, tenant);
      const r = await approveGoLive(inputs, services, config, { only, planHash, actor: `github:${approval.user}`, run: run.githubRun, githubRunUrl: run.githubRunUrl, approvedBy: approval.user });
      const line = `${tenant}: approved by ${approval.user} for ${environment}; ${r.outcome}`;
      await appendStepSummary(io.env, `### Go-live\n\n${line}${r.checklist && !r.checklist.ok ? `\n\n${renderChecklistMarkdown([r.checklist])}` : ''}${r.summary ? `\n\n${r.summary}` : ''}`);
      writeLine(io.stdout, r.checklist ? `${line}\n${renderChecklistText(r.checklist)}` : line);
      return r.ok ? 0 : 1;
    });
  },
};
