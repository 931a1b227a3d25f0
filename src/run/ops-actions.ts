// What each action of an operations step does for one tenant, through the capabilities' own
// functions (the same ones `tenantops refresh`, `migrate`, `verify`, `apply` and `discover` call).
// An executor never throws: a failure is the tenant's result, with the service's words.
import type { TenantConfig } from '../config/index.ts';
import { migrateTenants } from '../db/index.ts';
import type { OperationAction, TenantOutcome, TenantStepResult } from '../ops/index.ts';
import { discoverPowerBi, refreshTenants, verifyPowerBiTenant, type Discovery, type RefreshResult } from '../powerbi/index.ts';
import { applyTenants } from './apply.ts';
import type { Inputs } from './inputs.ts';
import type { Services } from './services.ts';

export type Outcome = Pick<TenantStepResult, 'status' | 'detail' | 'items'>;
export type Executor = (tenant: TenantConfig) => Promise<Outcome>;

export interface ExecutorContext {
  inputs: Inputs;
  services: Services;
  actor: string;
  githubRun?: string;
}

/** One executor per step: a step that reads the whole fleet once (discover) shares that read. */
export function createExecutor(action: OperationAction, ctx: ExecutorContext): Executor {
  const guarded = (fn: Executor): Executor => async (tenant) => {
    try {
      return await fn(tenant);
    } catch (err) {
      return { status: 'failed', detail: err instanceof Error ? err.message : String(err) };
    }
  };
  switch (action) {
    case 'refresh-dataflows':
      return guarded((t) => refresh(ctx, t, 'dataflows'));
    case 'refresh-models':
      return guarded((t) => refresh(ctx, t, 'models'));
    case 'migrate':
      return guarded(async (t) => {
        const { tenants } = await migrateTenants({ tenants: [t], services: ctx.services });
        const r = tenants[0];
        const status: TenantOutcome = r.status === 'failed' ? 'failed' : r.status === 'skipped' ? 'skipped' : 'succeeded';
        return { status, detail: r.error ?? (r.applied.length ? `applied ${r.applied.join(', ')}` : r.status) };
      });
    case 'verify':
      return guarded(async (t) => {
        const v = await verifyPowerBiTenant(ctx.services, t);
        const failed = v.checks.filter((c) => !c.ok);
        return { status: v.ok ? 'succeeded' : 'failed', detail: v.ok ? `${v.checks.length} checks passed` : failed.map((c) => `${c.name}: ${c.detail}`).join('; ') };
      });
    case 'redeploy-templates':
      return guarded(async (t) => {
        const result = await applyTenants(ctx.inputs, ctx.services, { tenant: t.code, only: ['powerbi'], actor: ctx.actor, githubRun: ctx.githubRun });
        const mine = result.tenants.find((r) => r.tenant === t.code);
        return { status: 'succeeded', detail: mine?.applied.length ? `applied ${mine.applied.length} change(s)` : 'nothing to change' };
      });
    case 'discover': {
      let discovery: Promise<Discovery> | undefined;
      return guarded(async (t) => {
        discovery ??= discoverPowerBi(ctx.services);
        const mine = (await discovery).discrepancies.filter((d) => d.tenant === t.code);
        return mine.length
          ? { status: 'failed', detail: `${mine.length} discrepancy(ies)`, items: mine.map((d) => ({ target: `${d.what} ${d.id}`, status: d.kind, detail: d.detail })) }
          : { status: 'succeeded', detail: 'matches the registry' };
      });
    }
  }
}

/** A refresh waited on to its end; a tenant over the shared capacity's daily allowance is skipped. */
async function refresh(ctx: ExecutorContext, tenant: TenantConfig, what: 'models' | 'dataflows'): Promise<Outcome> {
  const rows = await refreshTenants(ctx.services, { tenants: [tenant], what, wait: true, concurrency: 1 });
  const items = rows.map((r: RefreshResult) => ({ target: r.target, status: r.status, ...(r.requestId ? { requestId: r.requestId } : {}), ...(r.detail ? { detail: r.detail } : {}) }));
  if (!rows.length) return { status: 'succeeded', detail: `no ${what} to refresh`, items };
  if (rows.some((r) => r.status === 'Failed')) return { status: 'failed', items };
  if (rows.every((r) => r.status === 'Skipped')) return { status: 'skipped', detail: rows.map((r) => r.detail).filter(Boolean).join('; '), items };
  return { status: 'succeeded', items };
}
