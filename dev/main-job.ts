// The main job `npm start` runs: validate every tenant, show what each one gets from the catalog,
// boot the sandbox (emulated services, embedded PostgreSQL) and run the pipeline for every tenant
// on it, capability by capability as far as they are live, then print a status table.
import path from 'node:path';
import { matchReports } from '../src/catalog/index.ts';
import { ConfigurationError } from '../src/errors/index.ts';
import type { Logger } from '../src/log/index.ts';
import { renderPlanText } from '../src/plan/index.ts';
import { describeSandbox, writeSandboxInfo } from './info.ts';
import { startSandbox } from './sandbox.ts';
import { applyTenants } from '../src/run/apply.ts';
import { loadInputs, type Inputs } from '../src/run/inputs.ts';
import { planTenants } from '../src/run/plan.ts';
import type { Capability } from '../src/run/resources.ts';
import { createServices } from '../src/run/services.ts';

/** The capabilities whose resources talk to live services in this build, in pipeline order. */
export const LIVE_CAPABILITIES: readonly Capability[] = ['db', 'powerbi', 'dns'];

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
    const world: Inputs = { ...inputs, platform: sandbox.platform };
    const services = createServices({
      platform: sandbox.platform,
      root,
      log,
      env: { ...process.env, ...sandbox.env },
      dns: sandbox.dns,
      powerbi: { ca: sandbox.tls.caPem, authorityHost: sandbox.entra.authorityHost, powerbiUrl: sandbox.powerbi.url, fabricUrl: sandbox.fabric.url },
    });
    try {
      const pending = CAPABILITY_LIST.filter((c) => !LIVE_CAPABILITIES.includes(c));
      if (pending.length) {
        const plan = await planTenants(world, { offline: true, only: pending });
        log.info(`\nnot yet live in this build (${pending.join(', ')}), planned offline:\n` + renderPlanText(plan));
      }
      const rows: string[][] = [];
      for (const { config } of inputs.tenants) {
        const started = Date.now();
        log.info(`\n${config.code}: applying ${LIVE_CAPABILITIES.join(' → ')} …`);
        const result = await applyTenants(world, services, { tenant: config.code, only: LIVE_CAPABILITIES, actor: 'sandbox' });
        const t = result.tenants[0];
        rows.push([config.code, String(t.applied.length), String(t.failed.length), String(t.skipped.length), `${((Date.now() - started) / 1000).toFixed(1)} s`]);
      }
      log.info('\n' + renderTable(['tenant', 'applied', 'failed', 'skipped', 'time'], rows));
    } finally {
      await services.close();
    }
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

const CAPABILITY_LIST: readonly Capability[] = ['db', 'powerbi', 'dns'];

function renderTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function waitForAbort(signal?: AbortSignal): Promise<void> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
