// actions/dns: inputs → runDnsStep (src/dns) → outputs and the job summary (records before/after).
import path from 'node:path';
import { runDnsStep } from '../../src/dns/index.ts';
import { createActionsLogger, getChoiceInput, getOptionalInput, getRequiredInput, runAction, setOutputs, writeJobSummary } from '../../src/github/index.ts';

await runAction(async () => {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const result = await runDnsStep({
    root: path.dirname(path.resolve(workspace, getOptionalInput('platform-config') ?? 'platform.yaml')),
    tenant: getRequiredInput('tenant'),
    mode: getChoiceInput('mode', ['plan', 'apply'], 'plan'),
    planHash: getOptionalInput('plan-hash'),
    force: getChoiceInput('force', ['true', 'false'], 'false') === 'true',
    actor: `github:${process.env.GITHUB_ACTOR ?? 'unknown'}`,
    githubRun: process.env.GITHUB_RUN_ID,
    log: createActionsLogger(),
  });
  setOutputs({ 'plan-hash': result.planHash, changes: result.changes, applied: result.applied, fqdn: result.fqdn });
  await writeJobSummary(result.markdown);
});
