// The main job `npm start` runs: validate every tenant, show what each one gets from the catalog,
// and plan it. Without live services it plans against an empty world (offline).
import { matchReports } from '../catalog/index.ts';
import { ConfigurationError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { renderPlanText } from '../plan/index.ts';
import { loadInputs } from './inputs.ts';
import { planTenants } from './plan.ts';

export async function runMainJob(root: string, log: Logger): Promise<void> {
  log.info('validating tenants/ and platform.yaml …');
  const { inputs, findings } = await loadInputs(root);
  if (!inputs) throw new ConfigurationError(findings);
  log.info(`${inputs.tenants.length} tenant(s) valid, catalog of ${inputs.catalog.length} templates`);
  for (const { config } of inputs.tenants) {
    const reports = matchReports({ providers: config.providers, modules: config.modules }, inputs.catalog);
    log.info(`\n${config.code} (${config.name}): ${config.database.isolation} isolation, ${reports.length} report(s)`);
    for (const r of reports) log.info(`  ${r.name}`);
  }
  const plan = await planTenants(inputs, { offline: true });
  log.info('\n' + renderPlanText(plan));
}
