// The main job `npm start` runs: validate every tenant, show what each one gets from the catalog,
// boot the sandbox (emulated services and GitHub, embedded PostgreSQL; the world kept from the last
// start unless `fresh`) and run the GitOps journey on it through the local runner (dev/journey.ts):
// the PR's plan and comment, the merge, a provisioning run per tenant, its gate approved in the
// sandbox, go-live; then a status table, and where the comment and the job summaries are.
// With `sandboxOnly` it boots and serves the world without the journey.
import './runner/load-parser.ts';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../src/log/index.ts';
import { migrateRegistry, openRegistry, REGISTRY_MIGRATIONS_DIR } from '../src/registry/index.ts';
import { type Inputs, loadValidInputs, sandboxRun, sandboxTarget, tenantContext, withRun } from '../src/run/index.ts';
import { writeSandboxDashboard } from './dashboard.ts';
import { removeSandboxInfo, sandboxInfoFile, writeSandboxInfo } from './info.ts';
import type { JourneyTenantResult } from './journey.ts';
import { type Sandbox, startSandbox } from './sandbox.ts';
import { listSandboxMail, renderMailList } from './sandbox-smtp.ts';

export interface MainJobOptions {
  /** Leave the sandbox running and write .tenantops/sandbox.json; resolves when `signal` aborts. */
  keep?: boolean;
  /** Start from a fresh world instead of the one the last start left. */
  fresh?: boolean;
  /**
   * Boot the sandbox on its world and serve it, without running the journey (it implies `keep`): a
   * second start that only wants the kept world back skips the minutes the journey takes.
   */
  sandboxOnly?: boolean;
  signal?: AbortSignal;
  /** The project whose workflows, actions and CLI the journey runs; default the one this file is in. */
  projectDir?: string;
}

export async function runMainJob(root: string, log: Logger, options: MainJobOptions = {}): Promise<void> {
  // dev/ is the project's own tooling, not the library: it may find the project it lives in.
  const projectDir = options.projectDir ?? path.resolve(import.meta.dirname, '..');
  const keep = options.keep || options.sandboxOnly;
  log.info('validating tenants/ and platform.yaml …');
  const inputs = await loadValidInputs(root);
  log.info(`${inputs.tenants.length} tenant(s) valid, catalog of ${inputs.catalog.length} templates`);
  for (const { config } of inputs.tenants) {
    log.info(`  ${config.code} (${config.name}): ${config.database.isolation} isolation, ${tenantContext(inputs, config).reports.length} report(s)`);
  }

  // Loaded only now: the workflow parser needs load-parser's hook in place before Node links it.
  const { JOURNEY_PEOPLE, JOURNEY_REPOSITORY } = await import('./journey.ts');
  const workDir = path.join(root, '.tenantops', 'sandbox');
  log.info('\nbooting the sandbox …');
  const sandbox = await startSandbox({
    root, workDir, catalog: inputs.catalog, platform: inputs.platform, tenants: inputs.tenants, log,
    snapshotFile: path.join(workDir, 'world.json'), fresh: options.fresh,
    github: { repository: JOURNEY_REPOSITORY, users: Object.values(JOURNEY_PEOPLE), login: JOURNEY_PEOPLE.maintainer, reviewers: [JOURNEY_PEOPLE.qa], environmentsFile: path.join(projectDir, '.github', 'environments.yml') },
  });
  try {
    // Migrated up front, as a platform's registry is before its first pull request: a plan only reads it.
    const registry = openRegistry(sandbox.postgres.registry, log);
    await migrateRegistry(registry, { dir: path.join(root, REGISTRY_MIGRATIONS_DIR) }).finally(() => registry.end());
    // Steps run in other processes, on real time: GoDaddy's edit locks must expire for them.
    sandbox.followRealTime();
    if (options.sandboxOnly) {
      // No run to tabulate: the registry's status per tenant says what the world holds.
      for (const line of await registryStatusLines(sandbox.postgres.registry, inputs.tenants.map((t) => t.config.code))) log.info(line);
    } else {
      await runJourney({ root, projectDir, inputs, sandbox, log });
    }
    await sandbox.save();
    if (keep) {
      await writeSandboxInfo(root, sandbox.info);
      log.info(`\nsandbox left running; ${path.relative(root, sandboxInfoFile(root))} says how to reach it (\`npx tenantops <command> --sandbox\` uses it). Ctrl-C stops it.`);
      await waitForAbort(options.signal);
    }
  } finally {
    if (keep) await removeSandboxInfo(root);
    await sandbox.stop();
    log.info(`sandbox stopped; its world is saved in ${path.relative(root, path.join(workDir, 'world.json'))} (\`npm start -- --fresh\` discards it)`);
  }
}

/** The journey through the local runner, then what it did: the status table, the mails, and where the rest is. */
async function runJourney({ root, projectDir, inputs, sandbox, log }: { root: string; projectDir: string; inputs: Inputs; sandbox: Sandbox; log: Logger }): Promise<void> {
  const { JOURNEY_REPOSITORY, runStartJourney } = await import('./journey.ts');
  const outDir = path.join(root, '.tenantops', 'journey');
  const journeyStarted = new Date();
  const journey = await runStartJourney({ projectDir, root, outDir, github: sandbox.github!, sandbox: sandbox.info, ca: sandbox.tls.caPem, log });
  // By tenant code, not by the order the runs happened to finish in: the same table every start.
  const tenants = [...journey.tenants].sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
  log.info('\n' + renderTable(['tenant', 'applied', 'failed', 'skipped', 'time'], await tableRows(sandbox.postgres.registry, tenants)));
  for (const line of await statusLines(sandbox.postgres.registry, tenants)) log.info(line);
  // What the go-live steps mailed (welcomes with invitations, "your platform is ready"), as the sandbox's SMTP server caught it.
  if (sandbox.info.smtp) log.info('\n' + renderMailList(await listSandboxMail(sandbox.info.smtp.mailbox, journeyStarted)));
  // The operator's view of the sandbox fleet, read through the library as `tenantops dashboard --sandbox` reads it.
  const target = sandboxRun(inputs, sandboxTarget(sandbox.info, sandbox.tls.caPem, inputs), { log, env: process.env });
  await withRun(target.inputs, target.options, (run) => writeSandboxDashboard(root, run));
  const rel = (file: string) => path.relative(root, file);
  const mailbox = sandbox.info.smtp ? `; the mails as .eml files: ${rel(sandbox.info.smtp.mailbox)}/` : '';
  log.info(`\nthe pull request's comment: ${journey.commentFile ? rel(journey.commentFile) : 'none was posted'}; every job's summary: ${rel(journey.summaryDir)}/${mailbox}`);
  log.info(`the emulated GitHub: ${sandbox.github!.url}/repos/${JOURNEY_REPOSITORY}/issues/${journey.pr}/comments and /repos/${JOURNEY_REPOSITORY}/actions/runs (token in sandbox.json while kept)`);
  const failed = journey.tenants.filter((t) => t.run.conclusion !== 'success');
  // The sandbox is still saved (and kept with --keep) for a look at what failed; the exit code says it.
  if (failed.length) {
    log.error(`provisioning failed for ${failed.map((t) => t.tenant).join(', ')}: see the job summaries`);
    process.exitCode = 1;
  }
}

/** Per tenant, what its provisioning runs applied (the registry's journal of that run's deployments). */
async function tableRows(registryUrl: string, tenants: readonly JourneyTenantResult[]): Promise<string[][]> {
  const client = new pg.Client({ connectionString: registryUrl });
  await client.connect();
  try {
    const rows: string[][] = [];
    for (const t of tenants) {
      const { rows: [c] } = await client.query<{ done: string; failed: string; open: string }>(
        `SELECT count(*) FILTER (WHERE s.phase = 'done') AS done, count(*) FILTER (WHERE s.phase = 'failed') AS failed,
                count(*) FILTER (WHERE s.phase = 'intent' AND NOT EXISTS (SELECT 1 FROM deployment_steps o WHERE o.deployment_id = s.deployment_id AND o.resource_key = s.resource_key AND o.phase <> 'intent')) AS open
           FROM deployment_steps s JOIN deployments d ON d.id = s.deployment_id WHERE d.tenant = $1 AND d.github_run_id = ANY($2)`,
        [t.tenant, t.runIds.map(String)],
      );
      rows.push([t.tenant, c.done, c.failed, c.open, `${t.seconds.toFixed(1)} s`]);
    }
    return rows;
  } finally {
    await client.end();
  }
}

/** Per tenant: the registry's status, for a start that ran no journey. */
async function registryStatusLines(registryUrl: string, codes: readonly string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: registryUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ code: string; status: string }>('SELECT code, status FROM tenants WHERE code = ANY($1)', [codes]);
    const status = new Map(rows.map((r) => [r.code, r.status]));
    return ['', ...codes.map((code) => `${code}: registry status ${status.get(code) ?? 'not in the registry'} (no journey run: --sandbox-only)`)];
  } finally {
    await client.end();
  }
}

/** Per tenant: its run's outcome, the gate, and the registry's status. */
async function statusLines(registryUrl: string, tenants: readonly JourneyTenantResult[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: registryUrl });
  await client.connect();
  try {
    const lines = [''];
    for (const t of tenants) {
      const status = (await client.query<{ status: string }>('SELECT status FROM tenants WHERE code = $1', [t.tenant])).rows[0]?.status ?? 'not in the registry';
      lines.push(`${t.tenant}: run ${t.runIds.join(', then ')} ${t.run.conclusion ?? t.run.status}; gate ${t.approved ? `approved in the sandbox as ${t.approvedBy}` : 'not reached'}; registry status ${status}`);
    }
    return lines;
  } finally {
    await client.end();
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
