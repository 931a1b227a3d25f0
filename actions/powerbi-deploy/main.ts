// actions/powerbi-deploy: the shared step runner → deployPowerBi (src/run) → outputs and the job summary.
import { getCountInput, getIdToken, getListInput, runActionStep } from '../../src/github/index.ts';
import { deployPowerBi } from '../../src/run/index.ts';

await runActionStep({ modes: ['plan', 'apply', 'verify'] }, async (step) => {
  const result = await deployPowerBi({
    ...step,
    reports: getListInput('reports'),
    concurrency: getCountInput('concurrency', 8),
    // A github-oidc credential profile exchanges the workflow's own ID token: no stored secret.
    getIdToken,
  });
  const { counts } = result;
  const one = result.tenants.length === 1 ? result.tenants[0] : undefined;
  const failed = result.tenants.flatMap((t) => (t.verification?.checks ?? []).filter((c) => !c.ok).map((c) => ({ key: `${t.tenant} ${c.name}`, error: new Error(c.detail) })));
  return {
    outputs: {
      'plan-hash': result.planHash,
      changes: counts.create + counts.update + counts.replace + counts.delete,
      applied: result.applied,
      'workspace-id': one?.workspaceId ?? '',
      'model-id': one?.modelId ?? '',
      'reports-deployed': result.tenants.reduce((n, t) => n + t.reports.deployed, 0),
      'reports-expected': result.tenants.reduce((n, t) => n + t.reports.expected, 0),
      verified: String(result.tenants.every((t) => t.verification?.ok ?? true)),
    },
    summary: result.markdown,
    failures: failed,
  };
});
