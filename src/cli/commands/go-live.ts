import { EnvironmentError } from '../../errors/index.ts';
import { apiOptionsFromEnv, createOctokit, readApprovals, repositoryFromEnv } from '../../github/index.ts';
import { appendAudit } from '../../registry/index.ts';
import { applyTenants, deliverGoLiveMail } from '../../run/index.ts';
import { stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';
import { parseOnly, readPlanHash } from './apply.ts';
import { appendStepSummary, commandRun } from '../workflow-files.ts';

export const goLiveCommand: Command = {
  name: 'go-live',
  summary: "After the go-live approval: record who approved (from the run's approvals), then apply exactly the destructive plan shown before the gate (force, bound to its hash).",
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
      let applied = 'nothing destructive to apply';
      if (only.length) {
        const result = await applyTenants(inputs, services, { tenant, only, planHash, force: true, ...run, approvedBy: approval.user });
        applied = result.tenants.map((t) => `${t.applied.length} change(s) applied`).join(', ');
      }
      // The tenant is live: its super users get their welcome (invitation) and the go-live notification, once.
      const mail = await deliverGoLiveMail(inputs, services, tenant, { actor: `github:${approval.user}`, githubRun: run.githubRun });
      const mailed = mail.skipped ? `no mail (${mail.skipped})` : `${mail.sent} mail(s) sent`;
      const line = `${tenant}: approved by ${approval.user} for ${environment}; ${applied}; ${mailed}`;
      await appendStepSummary(io.env, `### Go-live\n\n${line}`);
      writeLine(io.stdout, line);
      return 0;
    });
  },
};
