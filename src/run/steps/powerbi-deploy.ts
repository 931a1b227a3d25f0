// What actions/powerbi-deploy runs: plan (GET calls only), apply (the difference, journaled, under
// the tenant's lock) or verify, for one tenant or all, and a per-tenant summary built from the
// registry (ids, reports deployed of expected, refresh status, workspace link) for the outputs
// and the job summary. Never a secret in any of it.
import { matchReports } from '../../catalog/index.ts';
import { ConfigurationError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import { applyTenants, createServices, KIND_LABELS, loadInputs, planOnline, selectTenants, type Services } from '../index.ts';
import { countChanges, renderPlanMarkdown, type Plan, type PlanCounts } from '../../plan/index.ts';
import { listReportMappings, listResources } from '../../registry/index.ts';
import type { PowerBiServicesOptions } from '../../powerbi/services.ts';
import { verifyPowerBiTenant, type TenantVerification } from '../../powerbi/verify.ts';
import { KEYS } from '../../powerbi/view.ts';

export interface DeployPowerBiOptions {
  root: string;
  tenant?: string;
  mode: 'plan' | 'apply' | 'verify';
  planHash?: string;
  force?: boolean;
  /** Only reports whose template name or persona contains one of these. */
  reports?: string[];
  /** Changes in flight at once within a tenant (report clones); default the plan engine's 4. */
  concurrency?: number;
  actor: string;
  githubRun?: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
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
  const { inputs, findings } = await loadInputs(options.root);
  if (!inputs) throw new ConfigurationError(findings);
  const services = createServices({
    platform: inputs.platform,
    root: options.root,
    log: options.log,
    env: options.env,
    powerbi: { ...options.powerbi, getIdToken: options.getIdToken ?? options.powerbi?.getIdToken, reports: options.reports },
  });
  try {
    const run = { tenant: options.tenant, only: ['powerbi' as const] };
    let plan: Plan | undefined;
    let applied = 0;
    if (options.mode !== 'verify') plan = await planOnline(inputs, services, run);
    if (options.mode === 'apply' && plan && countChanges(plan) > 0) {
      const result = await applyTenants(inputs, services, { ...run, planHash: options.planHash ?? plan.hash, force: options.force, concurrency: options.concurrency, actor: options.actor, githubRun: options.githubRun });
      applied = result.tenants.reduce((n, t) => n + t.applied.length, 0);
    }
    const selected = selectTenants(inputs, options.tenant).map((t) => t.config);
    const tenants: PowerBiTenantSummary[] = [];
    for (const tenant of selected) {
      const summary = await summarise(services, tenant.code, matchReports({ providers: tenant.providers, modules: tenant.modules }, inputs.catalog).length);
      if (options.mode === 'verify') summary.verification = await verifyPowerBiTenant(services, tenant);
      tenants.push(summary);
    }
    const counts: PlanCounts = { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
    for (const t of plan?.tenants ?? []) for (const [k, v] of Object.entries(t.counts)) counts[k as keyof PlanCounts] += v;
    const markdown = [plan ? renderPlanMarkdown(plan, { labels: KIND_LABELS }) : '', renderSummaryMarkdown(tenants)].filter(Boolean).join('\n\n');
    return { planHash: plan?.hash ?? '', counts, applied, tenants, markdown };
  } finally {
    await services.close();
  }
}

async function summarise(services: Services, code: string, expected: number): Promise<PowerBiTenantSummary> {
  const registry = await services.registry();
  const records = new Map((await listResources(registry, code)).map((r) => [r.key, r]));
  const workspaceId = records.get(KEYS.workspace)?.externalId ?? undefined;
  const refresh = records.get(KEYS.refresh)?.state as { status?: string; requestId?: string } | undefined;
  return {
    tenant: code,
    profileId: records.get(KEYS.profile)?.externalId ?? undefined,
    workspaceId,
    workspaceUrl: workspaceId ? `https://app.powerbi.com/groups/${workspaceId}` : undefined,
    modelId: records.get(KEYS.model)?.externalId ?? undefined,
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
