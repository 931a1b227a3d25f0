// What actions/powerbi-deploy runs: plan (GET calls only), apply (the difference, journaled, under
// the tenant's lock) or verify, for one tenant or all, and a per-tenant summary built from the
// registry (ids, reports deployed of expected, refresh status, workspace link) for the outputs
// and the job summary. Never a secret in any of it.
import { renderPlanMarkdown, type Plan, type PlanCounts } from '../../plan/index.ts';
import { POWERBI_KEYS, verifyPowerBiTenant, type PowerBiServicesOptions, type TenantVerification } from '../../powerbi/index.ts';
import { listReportMappings, listResources } from '../../registry/index.ts';
import { selectTenants } from '../plan.ts';
import { KIND_LABELS, tenantContext } from '../resources.ts';
import type { Services } from '../services.ts';
import { withRun } from '../with-run.ts';
import { planThenApply, sumCounts, type StepOptions } from './step.ts';

export interface DeployPowerBiOptions extends StepOptions<'plan' | 'apply' | 'verify'> {
  /** Only reports whose template name or persona contains one of these. */
  reports?: string[];
  /** Changes in flight at once within a tenant (report clones); default the plan engine's 4. */
  concurrency?: number;
  /** The workflow's OIDC token for a github-oidc credential profile (`core.getIDToken`). */
  getIdToken?: (audience: string) => Promise<string>;
  /** Endpoints, CA and pacing instead of the public ones (the sandbox, tests). */
  powerbi?: Omit<PowerBiServicesOptions, 'platform' | 'log' | 'env'>;
}

export interface PowerBiTenantSummary {
  tenant: string;
  profileId?: string;
  workspaceId?: string;
  workspaceUrl?: string;
  modelId?: string;
  reports: { deployed: number; expected: number };
  refresh?: string;
  verification?: TenantVerification;
}

export interface DeployPowerBiResult {
  planHash: string;
  counts: PlanCounts;
  applied: number;
  tenants: PowerBiTenantSummary[];
  markdown: string;
}

export async function deployPowerBi(options: DeployPowerBiOptions): Promise<DeployPowerBiResult> {
  const powerbi = { ...options.powerbi, getIdToken: options.getIdToken ?? options.powerbi?.getIdToken, reports: options.reports };
  return withRun(options.root, { log: options.log, env: options.env, powerbi }, async (run) => {
    let plan: Plan | undefined;
    let applied = 0;
    if (options.mode !== 'verify') {
      // A plan without changes is not applied: no deployment row, no lock, no second read.
      ({ plan, applied } = await planThenApply(run, options, { tenant: options.tenant, only: ['powerbi'], concurrency: options.concurrency }, { skipWhenUnchanged: true }));
    }
    const tenants: PowerBiTenantSummary[] = [];
    for (const { config } of selectTenants(run.inputs, options.tenant)) {
      const summary = await summarise(run.services, config.code, tenantContext(run.inputs, config).reports.length);
      if (options.mode === 'verify') summary.verification = await verifyPowerBiTenant(run.services, config);
      tenants.push(summary);
    }
    const markdown = [plan ? renderPlanMarkdown(plan, { labels: KIND_LABELS }) : '', renderSummaryMarkdown(tenants)].filter(Boolean).join('\n\n');
    return { planHash: plan?.hash ?? '', counts: sumCounts(plan), applied, tenants, markdown };
  });
}

async function summarise(services: Services, code: string, expected: number): Promise<PowerBiTenantSummary> {
  const registry = await services.registry();
  const records = new Map((await listResources(registry, code)).map((r) => [r.key, r]));
  const workspaceId = records.get(POWERBI_KEYS.workspace)?.externalId ?? undefined;
  const refresh = records.get(POWERBI_KEYS.refresh)?.state as { status?: string; requestId?: string } | undefined;
  return {
    tenant: code,
    profileId: records.get(POWERBI_KEYS.profile)?.externalId ?? undefined,
    workspaceId,
    workspaceUrl: workspaceId ? `https://app.powerbi.com/groups/${workspaceId}` : undefined,
    modelId: records.get(POWERBI_KEYS.model)?.externalId ?? undefined,
    reports: { deployed: (await listReportMappings(registry, code)).length, expected },
    refresh: refresh?.status,
  };
}

/** The job summary's per-tenant table. */
export function renderSummaryMarkdown(tenants: readonly PowerBiTenantSummary[]): string {
  const lines = ['### Power BI', '', '| tenant | reports | refresh | workspace | verify |', '|---|---|---|---|---|'];
  for (const t of tenants) {
    const verify = t.verification ? (t.verification.ok ? 'passed' : `FAILED: ${t.verification.checks.filter((c) => !c.ok).map((c) => c.name).join(', ')}`) : '';
    lines.push(`| ${t.tenant} | ${t.reports.deployed}/${t.reports.expected} | ${t.refresh ?? 'none'} | ${t.workspaceUrl ? `[open](${t.workspaceUrl})` : 'not created'} | ${verify} |`);
  }
  return lines.join('\n');
}
