// actions/powerbi-deploy: inputs → deployPowerBi (src/powerbi) → outputs and the job summary.
import path from 'node:path';
import { ApplyError, EnvironmentError } from '../../src/errors/index.ts';
import { createActionsLogger, getChoiceInput, getIdToken, getOptionalInput, runAction, setOutputs, writeJobSummary } from '../../src/github/index.ts';
import { deployPowerBi } from '../../src/powerbi/index.ts';

await runAction(async () => {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const concurrency = Number(getOptionalInput('concurrency') ?? '8');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new EnvironmentError('input "concurrency" must be a positive whole number');
  const result = await deployPowerBi({
    root: path.dirname(path.resolve(workspace, getOptionalInput('platform-config') ?? 'platform.yaml')),
    tenant: getOptionalInput('tenant'),
    mode: getChoiceInput('mode', ['plan', 'apply', 'verify'], 'plan'),
    reports: getOptionalInput('reports')?.split(',').map((s) => s.trim()).filter(Boolean),
    concurrency,
    planHash: getOptionalInput('plan-hash'),
    force: getChoiceInput('force', ['true', 'false'], 'false') === 'true',
    actor: `github:${process.env.GITHUB_ACTOR ?? 'unknown'}`,
    githubRun: process.env.GITHUB_RUN_ID,
    log: createActionsLogger(),
    // A github-oidc credential profile exchanges the workflow's own ID token: no stored secret.
    getIdToken,
  });
  const one = result.tenants.length === 1 ? result.tenants[0] : undefined;
  const verified = result.tenants.every((t) => t.verification?.ok ?? true);
  setOutputs({
    'plan-hash': result.planHash,
    changes: result.counts.create + result.counts.update + result.counts.replace + result.counts.delete,
    applied: result.applied,
    'workspace-id': one?.workspaceId ?? '',
    'model-id': one?.modelId ?? '',
    'reports-deployed': result.tenants.reduce((n, t) => n + t.reports.deployed, 0),
    'reports-expected': result.tenants.reduce((n, t) => n + t.reports.expected, 0),
    verified: String(verified),
  });
  await writeJobSummary(result.markdown);
  if (!verified) {
    const failed = result.tenants.flatMap((t) => (t.verification?.checks ?? []).filter((c) => !c.ok).map((c) => ({ key: `${t.tenant} ${c.name}`, error: new Error(c.detail) })));
    throw new ApplyError(failed);
  }
});
