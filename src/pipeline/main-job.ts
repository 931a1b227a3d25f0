// The main job `npm start` runs: validate every tenant, show what each one gets from the catalog,
// boot the sandbox (emulated services, embedded PostgreSQL) and run the pipeline for every tenant
// on it, capability by capability as far as they are live, then print a status table.
import path from 'node:path';
import { matchReports } from '../catalog/index.ts';
import { ConfigurationError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { renderPlanText } from '../plan/index.ts';
import { describeSandbox, writeSandboxInfo } from '../sandbox/info.ts';
import { startSandbox } from '../sandbox/start.ts';
import { loadInputs } from './inputs.ts';
import { planTenants } from './plan.ts';

export interface MainJobOptions {
  /** Leave the sandbox running and write .tenantops/sandbox.json; resolves when `signal` aborts. */
  keep?: boolean;
  signal?: AbortSignal;
}

export async function runMainJob(root: string, log: Logger, options: MainJobOptions = {}): Promise<void> {
  log.info('validating tenants/ and platform.yaml …');
  const { inputs, findings } = await loadInputs(root);
  if (!inputs) throw new ConfigurationError(findings);
  log.info(`${inputs.tenants.length} tenant(s) valid, catalog of ${inputs.catalog.length} templates`);
  for (const { config } of inputs.tenants) {
    const reports = matchReports({ providers: config.providers, modules: config.modules }, inputs.catalog);
    log.info(`  ${config.code} (${config.name}): ${config.database.isolation} isolation, ${reports.length} report(s)`);
  }

  const workDir = path.join(root, '.tenantops', 'sandbox');
  log.info('\nbooting the sandbox …');
  const sandbox = await startSandbox({ root, workDir, catalog: inputs.catalog, platform: inputs.platform, tenants: inputs.tenants, log });
  try {
    const plan = await planTenants({ ...inputs, platform: sandbox.platform }, { offline: true });
    log.info('\nplan against an empty world:\n' + renderPlanText(plan));
    if (options.keep) {
      const file = path.join(root, '.tenantops', 'sandbox.json');
      await writeSandboxInfo(file, describeSandbox(sandbox));
      log.info(`\nsandbox left running; ${path.relative(root, file)} says how to reach it. Ctrl-C stops it.`);
      await waitForAbort(options.signal);
    }
  } finally {
    await sandbox.stop();
    log.info('sandbox stopped');
  }
}

function waitForAbort(signal?: AbortSignal): Promise<void> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
