// The dashboard of a run, the one way the CLI and `npm start` build it: the registry through the
// adapter, each tenant's QA checklist from the same verification as `tenantops verify`, and the
// newest rollout as `tenantops rollout status` reports it.
import { verifyPowerBiTenant } from '../powerbi/index.ts';
import { getRollout } from '../registry/index.ts';
import { rolloutStatus, type Run } from '../run/index.ts';
import { collectChecks, collectDashboard, toRolloutView } from './collect.ts';
import type { DashboardModel } from './model.ts';

export interface BuildDashboardOptions {
  /** `live`, `sandbox`. */
  source: string;
  /** Run verify for the QA checklists (read-only calls to Power BI); default true. */
  verify?: boolean;
}

export async function buildDashboard(run: Run, options: BuildDashboardOptions): Promise<DashboardModel> {
  const { inputs, services, log } = run;
  const registry = await services.registry();
  const checks = options.verify === false ? undefined : await collectChecks(registry, inputs.tenants, (t) => verifyPowerBiTenant(services, t), log);
  const rollout = (await getRollout(registry)) ? toRolloutView(await rolloutStatus(services)) : undefined;
  return collectDashboard(registry, { source: options.source, inputs, checks, rollout });
}
