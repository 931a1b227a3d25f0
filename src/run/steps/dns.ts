// What actions/dns runs: plan or apply the dns slice of one tenant, with the markdown the job
// summary shows (records before and after, what verification heard) and the figures the step
// outputs carry. The CLI's `apply --only dns` is the same run-layer call.
import { readTenantRecords, renderDnsSummary, type DnsSettingsOverrides, type TenantRecords } from '../../dns/index.ts';
import { selectTenants } from '../plan.ts';
import { tenantContext } from '../resources.ts';
import { withRun } from '../with-run.ts';
import { planThenApply, type StepOptions } from './step.ts';

export interface DnsStepOptions extends StepOptions<'plan' | 'apply'> {
  /** One tenant a run: its records and their verification are what the summary shows. */
  tenant: string;
  /** Where the provider is reached instead of its public endpoint (sandbox, tests). */
  dns?: DnsSettingsOverrides;
}

export interface DnsStepResult {
  planHash: string;
  changes: number;
  applied: number;
  fqdn: string;
  /** The record sets after the run (now, in plan mode). */
  records: TenantRecords[];
  markdown: string;
}

export async function runDnsStep(options: DnsStepOptions): Promise<DnsStepResult> {
  return withRun(options.root, { log: options.log, env: options.env, dns: options.dns }, async (run) => {
    const [{ config: tenant }] = selectTenants(run.inputs, options.tenant);
    const { platform } = run.inputs;
    const dns = run.services.dns();
    const ctx = tenantContext(run.inputs, tenant);
    const before = await readTenantRecords(dns, ctx);
    const step = await planThenApply(run, options, { tenant: tenant.code, only: ['dns'] });
    const after = options.mode === 'apply' ? await readTenantRecords(dns, ctx) : undefined;
    const changes = step.plan.tenants.flatMap((t) => t.changes);
    const markdown = renderDnsSummary({
      tenant: tenant.code, mode: options.mode, provider: platform.dns.provider, planHash: step.plan.hash,
      changes: changes.map((c) => c.summary), before, after, verifications: dns.verifications,
    });
    return { planHash: step.plan.hash, changes: changes.length, applied: step.applied, fqdn: before[0].fqdn, records: after ?? before, markdown };
  });
}
