// The main job `npm start` runs: validate every tenant, show what each one gets from the catalog,
// boot the sandbox (emulated services, embedded PostgreSQL) and run every capability for every
// tenant on it, then print a status table.
import path from 'node:path';
import type { Logger } from '../src/log/index.ts';
import { applyTenants, CAPABILITY_NAMES, loadValidInputs, tenantContext, withRun } from '../src/run/index.ts';
import { describeSandbox, writeSandboxInfo } from './info.ts';
import { startSandbox } from './sandbox.ts';

export interface MainJobOptions {
  /** Leave the sandbox running and write .tenantops/sandbox.json; resolves when `signal` aborts. */
  keep?: boolean;
  signal?: AbortSignal;
}

export async function runMainJob(root: string, log: Logger, options: MainJobOptions = {}): Promise<void> {
  log.info('validating tenants/ and platform.yaml …');
  const inputs = await loadValidInputs(root);
  log.info(`${inputs.tenants.length} tenant(s) valid, catalog of ${inputs.catalog.length} templates`);
  for (const { config } of inputs.tenants) {
    log.info(`  ${config.code} (${config.name}): ${config.database.isolation} isolation, ${tenantContext(inputs, config).reports.length} report(s)`);
  }

  const workDir = path.join(root, '.tenantops', 'sandbox');
  log.info('\nbooting the sandbox …');
  const sandbox = await startSandbox({ root, workDir, catalog: inputs.catalog, platform: inputs.platform, tenants: inputs.tenants, log });
  try {
    // The same inputs with the sandbox's platform: its endpoints, clusters and DNS zone.
    const world = { ...inputs, platform: sandbox.platform };
    const services = {
      log,
      env: { ...process.env, ...sandbox.env },
      dns: sandbox.dns,
      powerbi: { ca: sandbox.tls.caPem, authorityHost: sandbox.entra.authorityHost, powerbiUrl: sandbox.powerbi.url, fabricUrl: sandbox.fabric.url },
    };
    await withRun(world, services, async (run) => {
      const rows: string[][] = [];
      for (const { config } of run.inputs.tenants) {
        const started = Date.now();
        log.info(`\n${config.code}: applying ${CAPABILITY_NAMES.join(' → ')} …`);
        const result = await applyTenants(run.inputs, run.services, { tenant: config.code, actor: 'sandbox' });
        const t = result.tenants[0];
        rows.push([config.code, String(t.applied.length), String(t.failed.length), String(t.skipped.length), `${((Date.now() - started) / 1000).toFixed(1)} s`]);
      }
      log.info('\n' + renderTable(['tenant', 'applied', 'failed', 'skipped', 'time'], rows));
    });
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
