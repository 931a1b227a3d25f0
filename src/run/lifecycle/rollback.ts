// Rolling back a tenant that never went live (rejected at the QA gate, or a `rollback` dispatch):
// what was provisioned is torn down as the file's deletionPolicy says — delete: planned as
// decommissioned and deleted, dns → powerbi → db → the registry's rows; retain: planned as
// suspended and kept. The plan is shown before it is applied, and only this tenant is touched.
// A live tenant is never torn down here: its rollback is a revert of its file, reviewed as usual.
import { EnvironmentError } from '../../errors/index.ts';
import { appendAudit, deleteTenantRows, getTenant, transitionTenant } from '../../registry/index.ts';
import type { Inputs } from '../inputs.ts';
import type { CapabilityName } from '../resources.ts';
import type { Services } from '../services.ts';
import { appliedKeys, applyTeardown, planTeardown, renderTeardownMarkdown, tenantFile, withTenantAs, type RunActor } from './teardown.ts';

export interface RollbackOptions extends RunActor {
  tenant: string;
  /** Only these capabilities; all when absent or empty. */
  only?: readonly CapabilityName[];
  /** Called with the teardown plan's markdown before anything is applied. */
  showPlan?: (markdown: string) => Promise<void>;
}

export interface RollbackResult {
  tenant: string;
  policy: 'retain' | 'delete';
  planMarkdown: string;
  planHashes: Record<string, string>;
  /** Resource keys applied per capability, and (delete) registry rows removed per table. */
  applied: Record<string, string[]>;
  registryRows?: Record<string, number>;
  markdown: string;
}

export async function rollbackTenant(inputs: Inputs, services: Services, options: RollbackOptions): Promise<RollbackResult> {
  const { config } = tenantFile(inputs, options.tenant);
  const registry = await services.registry();
  const record = await getTenant(registry, config.code);
  if (record?.status === 'live') {
    throw new EnvironmentError(`tenant ${config.code} is live: a live tenant is rolled back by reverting its file (tenantops rollback opens that pull request when GITHUB_TOKEN and GITHUB_REPOSITORY are set), never torn down in place. Nothing was changed.`);
  }
  const policy = config.deletionPolicy;
  const planned = withTenantAs(inputs, config.code, policy === 'delete' ? { lifecycle: 'decommissioned', deletionPolicy: 'delete' } : { lifecycle: 'suspended' });
  const teardown = await planTeardown(planned, services, config.code, options.only);
  const planMarkdown = renderTeardownMarkdown(teardown);
  await options.showPlan?.(planMarkdown);
  const run: RunActor = { actor: options.actor, githubRun: options.githubRun, githubRunUrl: options.githubRunUrl, approvedBy: options.approvedBy };
  const applied = appliedKeys(await applyTeardown(teardown, services, run));
  // A never-live tenant served nobody: nothing of a customer's to export first.
  const registryRows = policy === 'delete' && record ? await deleteTenantRows(registry, config.code) : undefined;
  const planHashes = Object.fromEntries(teardown.plans.map(({ capability, plan }) => [capability, plan.hash]));
  // Rejected at the gate: never live, and it never will be under this file (retain keeps it suspended).
  if (record) await transitionTenant(registry, config.code, 'decommissioned', { actor: run.actor, run: run.githubRun, planHash: Object.values(planHashes).join(','), reason: `rolled back (${policy})` });
  await appendAudit(registry, { actor: run.actor, githubRun: run.githubRun, tenant: config.code, action: 'tenant.rollback', target: policy, after: { planHashes, applied, registryRows: registryRows ?? null, runUrl: run.githubRunUrl ?? null } });
  const count = Object.values(applied).flat().length;
  const markdown = [
    `### Rollback of ${config.code}`,
    '',
    policy === 'delete'
      ? `deletionPolicy delete: ${count} resource change(s) applied, dns → powerbi → db; registry rows removed: ${Object.entries(registryRows ?? {}).map(([t, n]) => `${t} ${n}`).join(', ') || 'none'}.`
      : `deletionPolicy retain: suspended and kept (${count} change(s) applied).`,
  ].join('\n');
  return { tenant: config.code, policy, planMarkdown, planHashes, applied, registryRows, markdown };
}
