// The GitOps journey assembled end to end for tests: a throwaway git repository holding this
// project (the runner checks its commits out), the sandbox booted for it, the emulated GitHub
// seeded with that repository and the environments of .github/environments.yml (their secrets
// are the sandbox's, go-live with a required reviewer), and the local workflow runner on it. The
// steps the workflows run find the sandbox through TENANTOPS_SANDBOX and trust its CA, in the
// runner's machine environment, as a runner image would carry them (dev/journey.ts, as npm start).
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { Agent, fetch as undiciFetch } from 'undici';
import type { GithubEmulator } from '@tenantops/emulators';
import { copyProject, ensureFreshBundles, JOURNEY_PEOPLE, JOURNEY_REPOSITORY, journeyMachineEnv } from '../../dev/journey.ts';
import { createEmulatedHost, type EmulatedHost } from '../../dev/github-host.ts';
import { sandboxInfoFile, writeSandboxInfo } from '../../dev/info.ts';
import { createRunner, type RepositoryEvent, type RunRecord, type Runner } from '../../dev/runner/index.ts';
import { startSandbox, type Sandbox } from '../../dev/sandbox.ts';
import { matchReports, REPORTS_FILE } from '../../src/catalog/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { getTenant, migrateRegistry, openRegistry, REGISTRY_MIGRATIONS_DIR, transitionTenant } from '../../src/registry/index.ts';
import { applyTenants, loadValidInputs, sandboxRun, withRun } from '../../src/run/index.ts';
import { worldWrites } from './sandbox.ts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');

export const REPOSITORY = JOURNEY_REPOSITORY;
export const [OWNER, REPO] = REPOSITORY.split('/') as [string, string];
/** Who opens pull requests, who merges them, who approves go-live. */
export const PEOPLE = JOURNEY_PEOPLE;

export interface PullRequest {
  number: number;
  branch: string;
  base: string;
  head: string;
  files: string[];
}

const repo = { owner: OWNER, repo: REPO };

export interface Journey {
  dir: string;
  sandbox: Sandbox;
  github: GithubEmulator;
  host: EmulatedHost;
  runner: Runner;
  /** Octokit as one of PEOPLE (or any login), trusting the emulator's CA. */
  octokit(login: string): Octokit;
  git(...args: string[]): string;
  /** Commits files on a new branch off main and opens its pull request (in the emulator; no run yet). */
  openPullRequest(branch: string, files: Record<string, string>, options?: { title?: string; forkOf?: string }): PullRequest;
  /** The pull_request event GitHub sends for it; `fork` names the head repository of a fork. */
  pullRequestEvent(pr: PullRequest, fork?: string): RepositoryEvent;
  /** Merges the PR's branch into main as a new commit, marks the PR merged, and returns the push event. */
  merge(pr: PullRequest): { sha: string; event: RepositoryEvent };
  /** Runs started so far for a workflow file (e.g. `tenant-provision.yml`). */
  runsOf(workflow: string): RunRecord[];
  /** Polls until `check` returns a value, or fails after `ms`. */
  until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms?: number): Promise<T>;
  /** Count of rows of every registry table, and the databases and roles of every cluster: what a write would change. */
  footprint(): Promise<Record<string, number | string[]>>;
  /** The requests that can change something the Power BI, Fabric and GoDaddy emulators received so far. */
  writes(): { method: string; path: string }[];
  /** Rows of a query on the sandbox's registry. */
  registryRows<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A tenant file on main, as text (for a PR to change it). */
  tenantFile(code: string): string;
  /** Opens a PR with these files and runs tenant-plan on it (tenant-plan-comment follows); both succeed. */
  openAndPlan(branch: string, files: Record<string, string>): Promise<{ pr: PullRequest; plan: RunRecord }>;
  /** Merges the PR: tenant-merge runs, and the tenant-provision runs it dispatched get to their gate (or end). */
  mergeToGate(pr: PullRequest): Promise<{ sha: string; provisions: RunRecord[] }>;
  /** Polls GitHub's API until the run has a deployment waiting for review. */
  pendingDeployments(runId: number): Promise<{ environment: { id?: number; name?: string } }[]>;
  /** Answers the run's pending go-live deployment through GitHub's API, as PEOPLE.qa. */
  review(runId: number, state: 'approved' | 'rejected', comment?: string): Promise<void>;
  /** Waits until one of the run's jobs waits at its gate, or the run completed. */
  atGate(runId: number): Promise<RunRecord>;
  /** The run once it completed. */
  completed(runId: number): Promise<RunRecord>;
  /** The failing steps of runs with their logs, for an assertion's message. */
  explain(runs: RunRecord[]): string;
  /**
   * Applies every tenant of main straight through the library on the sandbox (as `npm start`
   * does): a fleet provisioned before this journey, so drift, changes and offboarding have a world.
   */
  seedFleet(): Promise<void>;
  /** Takes seeded tenants live, as the registry records a go-live (a seeded fleet is only provisioned). */
  takeLive(codes: string[]): Promise<void>;
  /** The tenant's workspace and its reports in the emulated world. */
  tenantWorkspace(code: string): { id: string; reports: { id: string; name: string }[] } | undefined;
  /** Deletes one of the tenant's reports in the emulated world, as someone in the portal would. */
  deleteReport(code: string): string;
  close(): Promise<void>;
}

/**
 * Where the time of the runs went, one line per step (seconds, run, job, step), slowest first:
 * appended to the file JOURNEY_TIMINGS names when the journey closes (how the figures in
 * dev/runner/README.md were measured).
 */
export function stepTimings(runs: readonly RunRecord[]): string[] {
  const rows = runs.flatMap((r) => r.jobs.flatMap((j) => j.steps
    .filter((s) => s.startedAt !== undefined && s.completedAt !== undefined)
    .map((s) => ({ ms: s.completedAt! - s.startedAt!, line: `${r.workflow.name}${r.inputs?.tenant ? `(${String(r.inputs.tenant)})` : ''} #${r.id} ${j.id} / ${s.name}` }))));
  return rows.sort((a, b) => b.ms - a.ms).map((r) => `${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.line}`);
}

/** How many reports each tenant of a journey gets (the catalog's tenants get 24 to 42). */
export const JOURNEY_REPORTS_PER_TENANT = 3;

/**
 * Rewrites the copy's templates/reports.yaml to the templates its tenants match, at most
 * JOURNEY_REPORTS_PER_TENANT reports each (every version of those, so that the latest is still
 * chosen among several). The sandbox's template workspace is seeded from the copy's catalog, and
 * each run of a 400-template catalog, and of 24 to 42 reports per tenant (every plan, apply,
 * verify and drift of every step lists, imports and rebinds them), was most of a step's own work;
 * the journeys are about the workflows, which a few reports exercise as well as forty.
 * Tenants the tests add copy a tenant of main, so they match the same templates.
 */
export async function trimCatalog(dir: string): Promise<void> {
  const { tenants, catalog } = await loadValidInputs(dir);
  const keep = new Set<string>();
  for (const { config } of tenants) {
    const matched = matchReports({ providers: config.providers, modules: config.modules }, catalog).slice(0, JOURNEY_REPORTS_PER_TENANT);
    for (const m of matched) keep.add(`${m.providerCode}\0${m.persona}`);
  }
  const kept = catalog.filter((r) => keep.has(`${r.providerCode}\0${r.persona}`));
  writeFileSync(path.join(dir, REPORTS_FILE), [
    '# The journey tests\' catalog: the templates of the tenants of main, a few each (test/support/journey.ts trimCatalog).',
    'reports:',
    ...kept.flatMap((r) => [`  - name: ${r.name}`, `    module: ${r.module}`]),
    '',
  ].join('\n'));
}

/**
 * The journey of a test file: opened once before its tests (and the fleet seeded, with
 * `seedFleet`), closed after them. What it returns stands for that journey from beforeAll on.
 */
export function useJourney(options: JourneyOptions & { seedFleet?: boolean } = {}): Journey {
  let current: Journey | undefined;
  // Generous: a branch whose sources changed builds the action bundles first (minutes on a busy
  // machine, once per content of the sources: ensureFreshBundles), before the sandbox boots.
  beforeAll(async () => {
    current = await openJourney(options);
    if (options.seedFleet) await current.seedFleet();
  }, 600_000);
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as Journey, {
    get(_, key) {
      if (!current) throw new Error(`journey.${String(key)}: the journey opens in beforeAll (useJourney)`);
      return current[key as keyof Journey];
    },
  });
}

export interface JourneyOptions {
  /**
   * Workflow files (`dashboard.yml`) left out of the repository copy, so that no event starts
   * them: a workflow that listens to runs the file's tests start, and that those tests never look
   * at, only takes the runner's two machines from the runs they wait for (the dashboard built
   * after every provisioning run was a sixth of the onboarding journey's step time). Its own
   * tests run it (test/dashboard/workflow.test.ts).
   */
  leaveOut?: readonly string[];
}

export async function openJourney(options: JourneyOptions = {}): Promise<Journey> {
  const opened = Date.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'journey-'));
  const closers: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await Promise.resolve(c()).catch(() => {});
  };
  try {
    const git = copyProject(projectRoot, dir);
    await trimCatalog(dir);
    for (const file of options.leaveOut ?? []) rmSync(path.join(dir, '.github', 'workflows', file));
    await ensureFreshBundles(projectRoot, dir);
    git('add', '.');
    git('commit', '--quiet', '-m', 'tenantops');

    const inputs = await loadValidInputs(dir);
    const log = createMemoryLogger();
    const sandbox = await startSandbox({
      root: dir, workDir: path.join(dir, '.tenantops', 'sandbox'), catalog: inputs.catalog, platform: inputs.platform, tenants: inputs.tenants, log,
      github: { repository: REPOSITORY, users: Object.values(PEOPLE), login: PEOPLE.maintainer, reviewers: [PEOPLE.qa], environmentsFile: path.join(dir, '.github', 'environments.yml') },
    });
    closers.push(() => sandbox.stop());
    // Steps live on real time: a GoDaddy edit lock on a virtual clock nobody advances would never expire.
    sandbox.followRealTime();
    // The registry migrated up front, so that a plan's first use of it is a read.
    const registry = openRegistry(sandbox.postgres.registry, log);
    await migrateRegistry(registry, { dir: path.join(dir, REGISTRY_MIGRATIONS_DIR) });
    await registry.end();
    await writeSandboxInfo(dir, sandbox.info);
    const sandboxFile = sandboxInfoFile(dir);
    const github = sandbox.github!;
    const host = createEmulatedHost({ github, repository: REPOSITORY });
    closers.push(() => host.detach());
    const ready = Date.now();
    const baseEnv = journeyMachineEnv(sandboxFile, sandbox.caFile);
    const runner = createRunner({ repoDir: dir, host, parallelism: 2, baseEnv, actor: PEOPLE.maintainer });
    closers.push(() => runner.close());
    const timings = process.env.JOURNEY_TIMINGS;
    if (timings) closers.push(() => appendFileSync(timings, [`# ${path.basename(expect.getState().testPath ?? '')}: sandbox ready in ${((ready - opened) / 1000).toFixed(1)} s, ${runner.runs.length} runs`, ...stepTimings(runner.runs), ''].join('\n')));

    const agent = new Agent({ connect: { ca: sandbox.tls.caPem } });
    closers.push(() => agent.close());
    const fetch = ((url: string, init: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
    const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    const octokits = new Map<string, Octokit>();
    const octokit = (login: string) => {
      let o = octokits.get(login);
      if (!o) octokits.set(login, (o = new Octokit({ auth: github.issueToken(login), baseUrl: github.url, request: { fetch }, log: quiet })));
      return o;
    };

    const changedFiles = (from: string, to: string) => git('diff', '--name-only', from, to).split('\n').filter(Boolean);
    const journey: Journey = {
      dir, sandbox, github, host, runner, octokit, git,
      openPullRequest(branch, files, options = {}) {
        const base = git('rev-parse', 'main');
        git('checkout', '--quiet', '-b', branch, 'main');
        for (const [file, content] of Object.entries(files)) {
          mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
          writeFileSync(path.join(dir, file), content);
        }
        git('add', '.');
        git('commit', '--quiet', '-m', options.title ?? branch);
        const head = git('rev-parse', 'HEAD');
        git('checkout', '--quiet', 'main');
        const changed = changedFiles(base, head);
        const number = github.openPullRequest(REPOSITORY, {
          title: options.title ?? branch, user: PEOPLE.author, head: { ref: branch, sha: head }, base: { ref: 'main', sha: base },
          files: changed.map((filename) => ({ filename, status: 'added', additions: 1, deletions: 0 })),
        });
        return { number, branch, base, head, files: changed };
      },
      pullRequestEvent(pr, fork) {
        const full = (name: string) => ({ full_name: name });
        return {
          name: 'pull_request',
          actor: PEOPLE.author,
          sha: pr.head,
          changedFiles: pr.files,
          payload: {
            action: 'opened', number: pr.number,
            pull_request: { number: pr.number, head: { ref: pr.branch, sha: pr.head, repo: full(fork ?? REPOSITORY) }, base: { ref: 'main', sha: pr.base, repo: full(REPOSITORY) } },
          },
        };
      },
      merge(pr) {
        const before = git('rev-parse', 'main');
        git('merge', '--quiet', '--no-ff', '-m', `Merge pull request #${pr.number} from ${pr.branch}`, pr.branch);
        const sha = git('rev-parse', 'main');
        github.mergePullRequest(REPOSITORY, pr.number, { mergeCommitSha: sha, by: PEOPLE.maintainer });
        return { sha, event: { name: 'push', ref: 'refs/heads/main', sha, actor: PEOPLE.maintainer, changedFiles: changedFiles(before, sha), payload: { ref: 'refs/heads/main', before, after: sha } } };
      },
      runsOf: (workflow) => runner.runs.filter((r) => r.workflow.path.endsWith(`/${workflow}`)),
      async until(what, check, ms = 60_000) {
        const end = Date.now() + ms;
        for (;;) {
          const value = await check();
          if (value !== undefined) return value;
          if (Date.now() > end) throw new Error(`${what}: not reached after ${ms} ms`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      async footprint() {
        const counts: Record<string, number | string[]> = {};
        const client = new pg.Client({ connectionString: sandbox.postgres.registry });
        await client.connect();
        try {
          const tables = await client.query<{ name: string }>("SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE' ORDER BY 1");
          // rate_budgets paces calls across processes (a plan's reads take tokens too): bookkeeping, not tenant state.
          for (const { name } of tables.rows.filter((t) => t.name !== 'public.rate_budgets')) counts[`registry ${name}`] = Number((await client.query(`SELECT count(*) AS n FROM ${name}`)).rows[0].n);
        } finally {
          await client.end();
        }
        for (const [cluster, url] of Object.entries(sandbox.postgres.clusters)) {
          const admin = new pg.Client({ connectionString: url });
          await admin.connect();
          try {
            counts[`${cluster} databases`] = (await admin.query('SELECT datname FROM pg_database ORDER BY 1')).rows.map((r) => r.datname);
            counts[`${cluster} roles`] = (await admin.query("SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' ORDER BY 1")).rows.map((r) => r.rolname);
            counts[`${cluster} schemas`] = (await admin.query("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' ORDER BY 1")).rows.map((r) => r.nspname);
          } finally {
            await admin.end();
          }
        }
        return counts;
      },
      writes: () => worldWrites(sandbox).map((r) => ({ method: r.method, path: r.path })),
      async registryRows(sql, params = []) {
        const client = new pg.Client({ connectionString: sandbox.postgres.registry });
        await client.connect();
        try {
          return (await client.query(sql, params)).rows;
        } finally {
          await client.end();
        }
      },
      tenantFile: (code) => git('show', `main:tenants/${code}.yaml`) + '\n',
      async openAndPlan(branch, files) {
        const pr = journey.openPullRequest(branch, files, { title: branch });
        const { runs } = await runner.dispatch(journey.pullRequestEvent(pr));
        if (runs.map((r) => r.record.workflow.name).join() !== 'tenant-plan') throw new Error(`the PR started ${runs.map((r) => r.record.workflow.name).join(', ') || 'no run'}, not tenant-plan`);
        const plan = await runs[0].done;
        await runner.waitForIdle();
        const comments = journey.runsOf('tenant-plan-comment.yml').filter((r) => r.conclusion !== 'skipped');
        if (plan.conclusion !== 'success' || comments.at(-1)?.conclusion !== 'success') throw new Error(`the PR's plan failed:\n${journey.explain([plan, ...comments])}`);
        return { pr, plan };
      },
      async mergeToGate(pr) {
        const known = new Set(journey.runsOf('tenant-provision.yml').map((r) => r.id));
        const { event, sha } = journey.merge(pr);
        const { runs } = await runner.dispatch(event);
        if (runs.map((r) => r.record.workflow.name).join() !== 'tenant-merge') throw new Error(`the merge started ${runs.map((r) => r.record.workflow.name).join(', ') || 'no run'}, not tenant-merge`);
        const merge = await runs[0].done;
        if (merge.conclusion !== 'success') throw new Error(`tenant-merge failed:\n${journey.explain([merge])}`);
        const provisions = journey.runsOf('tenant-provision.yml').filter((r) => !known.has(r.id));
        for (const r of provisions) await journey.atGate(r.id);
        return { sha, provisions };
      },
      pendingDeployments: (runId) => journey.until(`a pending deployment of run ${runId}`, async () => {
        const { data } = await octokit(PEOPLE.qa).rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: runId });
        return data.length ? (data as { environment: { id?: number; name?: string } }[]) : undefined;
      }, 120_000),
      async review(runId, state, comment = state === 'approved' ? 'QA passed' : 'not this') {
        const [pending] = await journey.pendingDeployments(runId);
        await octokit(PEOPLE.qa).rest.actions.reviewPendingDeploymentsForRun({ ...repo, run_id: runId, environment_ids: [pending.environment.id as number], state, comment });
      },
      atGate: (runId) => journey.until(`run ${runId} at its gate (or done)`, () => {
        const r = runner.runs.find((x) => x.id === runId);
        return r && (r.status === 'completed' || r.jobs.some((j) => j.status === 'waiting')) ? r : undefined;
      }, 240_000),
      completed: (runId) => journey.until(`run ${runId} to complete`, () => {
        const r = runner.runs.find((x) => x.id === runId);
        return r?.status === 'completed' ? r : undefined;
      }, 240_000),
      explain: (runs) => runs.flatMap((r) => r.jobs.flatMap((j) => [
        ...j.annotations.map((a) => `${r.workflow.name} ${j.id}: ${a.message}`),
        ...j.steps.filter((s) => s.conclusion === 'failure').map((s) => `${r.workflow.name} ${j.id} / ${s.name}:\n${s.log.filter((l) => !/^\| [+~±-] /.test(l)).slice(-40).join('\n')}`),
      ])).join('\n\n'),
      async seedFleet() {
        const fleet = await loadValidInputs(dir);
        const seeded = sandboxRun(fleet, sandbox.target, { log, env: {} });
        await withRun(seeded.inputs, seeded.options, async (run) => {
          const result = await applyTenants(run.inputs, run.services, { actor: 'journey:seed' });
          const failed = result.tenants.filter((t) => t.failed.length);
          if (failed.length) throw new Error(`seeding the fleet failed for ${failed.map((t) => t.tenant).join(', ')}`);
        });
      },
      async takeLive(codes) {
        const registry = openRegistry(sandbox.postgres.registry, log);
        try {
          for (const code of codes) {
            const move = { actor: 'journey:seed', reason: 'live before the journey' };
            if ((await getTenant(registry, code))?.status !== 'provisioned') await transitionTenant(registry, code, 'provisioned', move);
            await transitionTenant(registry, code, 'live', { ...move, approvedBy: PEOPLE.qa });
          }
        } finally {
          await registry.end();
        }
      },
      tenantWorkspace(code) {
        const state = sandbox.world.state;
        const workspace = [...state.workspaces.values()].find((w) => w.displayName === `tenant-${code}`);
        if (!workspace) return undefined;
        const reports = [...state.items.values()].filter((i) => i.workspaceId === workspace.id && i.type === 'Report').map((i) => ({ id: i.id, name: i.displayName }));
        return { id: workspace.id, reports };
      },
      deleteReport(code) {
        const report = journey.tenantWorkspace(code)?.reports[0];
        if (!report) throw new Error(`tenant ${code} has no report to delete`);
        const item = sandbox.world.state.items.get(report.id)!;
        sandbox.world.deleteItem(item.creator, item.id);
        return report.name;
      },
      close,
    };
    return journey;
  } catch (err) {
    await close();
    throw err;
  }
}
