// The main job `npm start` runs: validate every tenant, show what each one gets from the catalog,
// boot the sandbox (emulated services, embedded PostgreSQL; the world kept from the last start
// unless `fresh`) and run every capability for every tenant on it, then print a status table.
import path from 'node:path';
import type { Logger } from '../src/log/index.ts';
import { applyTenants, CAPABILITY_NAMES, loadValidInputs, sandboxRun, tenantContext, withRun } from '../src/run/index.ts';
import { removeSandboxInfo, sandboxInfoFile, writeSandboxInfo } from './info.ts';
import { startSandbox } from './sandbox.ts';

export interface MainJobOptions {
  /** Leave the sandbox running and write .tenantops/sandbox.json; resolves when `signal` aborts. */
  keep?: boolean;
  /** Start from a fresh world instead of the one the last start left. */
  fresh?: boolean;
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
  const sandbox = await startSandbox({
    root, workDir, catalog: inputs.catalog, platform: inputs.platform, tenants: inputs.tenants, log,
    snapshotFile: path.join(workDir, 'world.json'), fresh: options.fresh,
  });
  try {
    // The same inputs and services `tenantops <command> --sandbox` gets from sandbox.json.
    const sandboxed = sandboxRun(inputs, sandbox.target, { log, env: process.env });
    await withRun(sandboxed.inputs, sandboxed.options, async (run) => {
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
    await sandbox.save();
    if (options.keep) {
      // Callers from other processes live on real time: edit locks must expire for them too.
      sandbox.followRealTime();
      await writeSandboxInfo(root, sandbox.info);
      log.info(`\nsandbox left running; ${path.relative(root, sandboxInfoFile(root))} says how to reach it (\`npx tenantops <command> --sandbox\` uses it). Ctrl-C stops it.`);
      await waitForAbort(options.signal);
    }
  } finally {
    if (options.keep) await removeSandboxInfo(root);
    await sandbox.stop();
    log.info(`sandbox stopped; its world is saved in ${path.relative(root, path.join(workDir, 'world.json'))} (\`npm start -- --fresh\` discards it)`);
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
