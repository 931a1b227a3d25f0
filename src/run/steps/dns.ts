// What actions/dns does, as one library call: plan or apply the dns slice of one tenant, with the
// markdown the job summary shows (records before and after, what verification heard) and the
// figures the step outputs carry. The CLI's `apply --only dns` is the same pipeline call.
//
// The one dns module that uses the pipeline (which builds its graphs from dns/desired.ts and
// creates the service from dns/settings.ts, never from here), so there is no import cycle.
import { ConfigurationError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import { applyTenants, createServices, loadInputs, planOnline, selectTenants } from '../index.ts';
import { tenantContext } from '../resources.ts';
import type { DnsSettingsOverrides } from '../../dns/settings.ts';
import { readTenantRecords, renderDnsSummary, type TenantRecords } from '../../dns/summary.ts';

export interface DnsStepOptions {
  root: string;
  tenant: string;
  mode: 'plan' | 'apply';
  /** Apply only when the recomputed plan still has this hash (the reviewed one). */
  planHash?: string;
  /** The gate approved: deletes of a decommissioned tenant's records, and runs over the threshold. */
  force?: boolean;
  actor: string;
  githubRun?: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
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
  const { inputs, findings } = await loadInputs(options.root);
  if (!inputs) throw new ConfigurationError(findings);
  const services = createServices({ platform: inputs.platform, root: options.root, log: options.log, env: options.env, dns: options.dns });
  try {
    const [{ config: tenant }] = selectTenants(inputs, options.tenant);
    const ctx = tenantContext(inputs, tenant);
    const dns = services.dns();
    const run = { tenant: tenant.code, only: ['dns' as const] };
    const before = await readTenantRecords(dns, ctx);
    const plan = await planOnline(inputs, services, run);
    const changes = plan.tenants.flatMap((t) => t.changes);
    let applied = 0;
    let after: TenantRecords[] | undefined;
    if (options.mode === 'apply') {
      const result = await applyTenants(inputs, services, { ...run, planHash: options.planHash ?? plan.hash, force: options.force, actor: options.actor, githubRun: options.githubRun });
      applied = result.tenants.reduce((n, t) => n + t.applied.length, 0);
      after = await readTenantRecords(dns, ctx);
    }
    const markdown = renderDnsSummary({
      tenant: tenant.code, mode: options.mode, provider: inputs.platform.dns.provider, planHash: plan.hash,
      changes: changes.map((c) => c.summary), before, after, verifications: dns.verifications,
    });
    return { planHash: plan.hash, changes: changes.length, applied, fqdn: before[0].fqdn, records: after ?? before, markdown };
  } finally {
    await services.close();
  }
}
