// actions/dns: the shared step runner → runDnsStep (src/run) → outputs and the job summary (records before/after).
import { runActionStep } from '../../src/github/index.ts';
import { runDnsStep } from '../../src/run/index.ts';

await runActionStep({ modes: ['plan', 'apply'], tenantRequired: true }, async (step) => {
  const result = await runDnsStep(step);
  return {
    outputs: { 'plan-hash': result.planHash, changes: result.changes, applied: result.applied, fqdn: result.fqdn },
    summary: result.markdown,
  };
});
