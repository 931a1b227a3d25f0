import { apiOptionsFromEnv, createOctokit, readGitHubRun, repositoryFromEnv, syncDriftIssues, type DriftReport } from '../../github/index.ts';
import { renderPlanMarkdown } from '../../plan/index.ts';
import { recordDriftChecks } from '../../registry/index.ts';
import { KIND_LABELS, planOnline, tenantSubPlan } from '../../run/index.ts';
import { flag, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';
import { appendStepSummary } from '../workflow-files.ts';

export const driftCommand: Command = {
  name: 'drift',
  summary: 'Plan every tenant against what exists; with --issues keep one GitHub issue per drifted tenant (opened, updated, closed when the drift is gone).',
  usage: 'drift [--issues] [--json]',
  options: { issues: { type: 'boolean' }, json: { type: 'boolean' } },
  help: {
    issues: 'sync the tenantops-drift issues (GITHUB_TOKEN with issues: write); exit 0 whatever drifted, the issues are the signal',
    json: 'print {"tenants": [{"tenant", "drifted", "changes"}], "issues": [{"kind", "tenant", "number"}]}',
  },
  async run(args, io) {
    return withCommandRun(args, io, async ({ inputs, services, log }) => {
      const plan = await planOnline(inputs, services);
      // For the dashboard: resource keys only; the values stay in the plan and the issue.
      const githubRun = readGitHubRun(io.env);
      const record = await recordDriftChecks(await services.registry(), plan.tenants.map((t) => ({ tenant: t.tenant, resources: t.changes.map((c) => c.key) })), { githubRun: githubRun?.runId, runUrl: githubRun?.runUrl });
      if (record.kind === 'read-only') log.info(`drift not recorded in the registry: its credentials are read-only here (${record.reason}); the dashboard keeps the last recorded check`);
      else log.info(`drift recorded in the registry for ${record.recorded.length} tenant(s)${record.skipped.length ? `; not yet in the registry: ${record.skipped.join(', ')}` : ''}`);
      const reports: DriftReport[] = plan.tenants.map((t) => ({ tenant: t.tenant, drifted: t.changes.length > 0, markdown: renderPlanMarkdown(tenantSubPlan(plan, t.tenant), { labels: KIND_LABELS }) }));
      const actions = flag(args, 'issues')
        ? await syncDriftIssues(createOctokit(apiOptionsFromEnv(io.env, 'drift --issues')), repositoryFromEnv(io.env, 'drift --issues'), reports, githubRun?.runUrl)
        : [];
      const drifted = reports.filter((r) => r.drifted);
      const lines = ['### Drift', '', `${drifted.length} of ${reports.length} tenant(s) drifted${drifted.length ? `: ${drifted.map((r) => r.tenant).join(', ')}` : ''}.`, ...actions.filter((a) => a.kind !== 'keep').map((a) => `- ${a.kind} issue for ${a.tenant}`)];
      await appendStepSummary(io.env, lines.join('\n'));
      if (flag(args, 'json')) {
        writeLine(io.stdout, JSON.stringify({ tenants: plan.tenants.map((t) => ({ tenant: t.tenant, drifted: t.changes.length > 0, changes: t.changes.length })), issues: actions.map((a) => ({ kind: a.kind, tenant: a.tenant, number: 'number' in a ? a.number : null })) }, null, 2));
      } else writeLine(io.stdout, lines.join('\n'));
      return drifted.length && !flag(args, 'issues') ? 1 : 0;
    });
  },
};
