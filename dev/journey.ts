// The GitOps journey on the sandbox, as GitHub would run it, through the local runner and the
// sandbox's emulated GitHub: a throwaway git repository holding the project (its main without the
// tenant files, a branch adding them), the pull request's plan and sticky comment, the merge, one
// provisioning run per tenant, each gate approved in the sandbox, go-live. `npm start` runs it; the
// journey tests build on the same repository copy.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GithubEmulator } from '@tenantops/emulators';
import { Agent, fetch as undiciFetch } from 'undici';
import { listActions, readModuleList, writeBundles } from '../src/build/bundle.ts';
import type { Logger } from '../src/log/index.ts';
import { SANDBOX_FILE_VARIABLE, type SandboxInfo } from '../src/run/index.ts';
import { createEmulatedHost } from './github-host.ts';
import { writePrivateJson } from './private-json.ts';
import { createRunner, type RunRecord } from './runner/index.ts';

export const JOURNEY_REPOSITORY = 'acme-analytics/tenants';
/** Who opens pull requests, who merges them, who approves go-live. */
export const JOURNEY_PEOPLE = { author: 'dev-alice', maintainer: 'octocat', qa: 'qa-lead' } as const;

/**
 * Copies the project (tracked and untracked files, not ignored ones) into `dir`, a new git
 * repository, as a checkout has it: `node_modules` linked, the project's own CI left out (it is
 * no part of a tenant's journey, and would run the whole test suite inside it). Returns `git`.
 */
export function copyProject(projectDir: string, dir: string): (...args: string[]) => string {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: projectDir, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    try {
      cpSync(path.join(projectDir, file), path.join(dir, file), { recursive: true });
    } catch (err) {
      // A file deleted in the working tree but not yet from the index.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  rmSync(path.join(dir, '.github', 'workflows', 'ci.yml'), { force: true });
  symlinkSync(path.join(projectDir, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  chmodSync(dir, 0o755); // an embedded PostgreSQL under it runs as the postgres user
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=tenantops', '-c', 'user.email=tenantops@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '--quiet', '--initial-branch=main');
  // .gitignore's `node_modules/` matches folders only, not the link to one.
  writeFileSync(path.join(dir, '.git', 'info', 'exclude'), 'node_modules\n');
  return git;
}

/**
 * The committed action bundles are what a run executes. When a source they hold changed since
 * they were last committed (a branch changes the product; the lead rebuilds the bundles when
 * merging), the copy in `dir` gets bundles built from the sources of `projectDir`, so the journey
 * runs the sources: built once per content of those sources and kept in the temp folder for the
 * next journey. test/build/bundles.test.ts is what flags stale committed bundles.
 */
export async function ensureFreshBundles(projectDir: string, dir: string): Promise<void> {
  for (const name of await listActions(dir)) {
    const dist = path.join('actions', name, 'dist');
    const sources = (await readModuleList(dir, name)).filter((f) => !f.startsWith('node_modules/'));
    const built = execFileSync('git', ['log', '-1', '--format=%H', '--', dist], { cwd: projectDir, encoding: 'utf8' }).trim();
    const changed = built ? execFileSync('git', ['diff', '--name-only', built, '--', ...sources], { cwd: projectDir, encoding: 'utf8' }).trim() : 'never built';
    if (!changed) continue;
    const key = createHash('sha256').update(sources.map((f) => `${f}\0${readFileSync(path.join(projectDir, f), 'utf8')}`).join('\0')).digest('hex').slice(0, 16);
    const cached = path.join(os.tmpdir(), 'tenantops-journey-bundles', `${name}-${key}`);
    if (existsSync(cached)) {
      rmSync(path.join(dir, dist), { recursive: true, force: true });
      cpSync(cached, path.join(dir, dist), { recursive: true });
      continue;
    }
    await writeBundles(dir, [name]);
    mkdirSync(path.dirname(cached), { recursive: true });
    const partial = `${cached}.${process.pid}`;
    cpSync(path.join(dir, dist), partial, { recursive: true });
    try {
      renameSync(partial, cached);
    } catch (err) {
      // Another journey (a parallel test file) cached the same sources' bundle first: as good as ours.
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(cached)) throw err;
    }
  }
}

/**
 * Where the journey's Node processes keep their compiled code (Node's module compile cache, keyed
 * by each file's content, so every journey and `npm start` share it safely): a tenant run starts
 * the CLI and the action bundles a dozen times, and compiling them again each time was about a
 * third of each start on a busy machine.
 */
export const JOURNEY_COMPILE_CACHE = path.join(os.tmpdir(), 'tenantops-journey-compile-cache');

/**
 * The machine environment of the runner's jobs, as a runner image pointed at the sandbox would
 * carry it: the sandbox found through TENANTOPS_SANDBOX, its CA trusted by Node and by curl.
 */
export function journeyMachineEnv(sandboxFile: string, caFile: string): Record<string, string> {
  return {
    NODE_COMPILE_CACHE: JOURNEY_COMPILE_CACHE,
    PATH: (process.env.PATH ?? '/usr/bin:/bin').split(':').filter((d) => d && !d.includes('node_modules')).join(':'),
    HOME: process.env.HOME ?? os.homedir(),
    LANG: 'C.UTF-8',
    NODE_EXTRA_CA_CERTS: caFile,
    CURL_CA_BUNDLE: caFile,
    [SANDBOX_FILE_VARIABLE]: sandboxFile,
  };
}

export interface StartJourneyOptions {
  /** The project: workflows, actions and CLI come from it. */
  projectDir: string;
  /** Where the tenants, templates and platform.yaml come from (npm start's --root). */
  root: string;
  /** Where the journey writes: the repository copy, the comment, the job summaries. */
  outDir: string;
  github: GithubEmulator;
  /** The running sandbox (the steps get it as a sandbox.json of their own), and its CA. */
  sandbox: SandboxInfo;
  ca: string;
  log: Logger;
}

export interface JourneyTenantResult {
  tenant: string;
  /** Its last provisioning run. */
  run: RunRecord;
  /** Every provisioning run it had (more than one when a refused plan was accepted). */
  runIds: number[];
  approved: boolean;
  approvedBy: string;
  /** From its first run's start to its last run's end, as this process saw them. */
  seconds: number;
}

export interface StartJourneyResult {
  pr: number;
  commentFile?: string;
  summaryDir: string;
  tenants: JourneyTenantResult[];
}

/** Runs the journey: PR → plan and comment → merge → a provisioning run per tenant → gate approved → go-live. */
export async function runStartJourney(options: StartJourneyOptions): Promise<StartJourneyResult> {
  const { github, log } = options;
  const repoDir = path.join(options.outDir, 'repo');
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(repoDir, { recursive: true });
  const git = copyProject(options.projectDir, repoDir);
  await ensureFreshBundles(options.projectDir, repoDir);
  // The steps' sandbox.json, gone with the journey: .tenantops/sandbox.json is for a kept sandbox.
  const sandboxFile = path.join(options.outDir, 'sandbox.json');
  await writePrivateJson(sandboxFile, options.sandbox);
  if (path.resolve(options.root) !== path.resolve(options.projectDir)) {
    for (const entry of ['tenants', 'templates', 'platform.yaml']) {
      rmSync(path.join(repoDir, entry), { recursive: true, force: true });
      if (existsSync(path.join(options.root, entry))) cpSync(path.join(options.root, entry), path.join(repoDir, entry), { recursive: true });
    }
  }
  // main before the journey: the platform without tenants; the pull request adds every tenant file.
  const tenantFiles = git('ls-files', '--others', '--exclude-standard', '--', 'tenants/*.yaml').split('\n').filter(Boolean);
  git('add', '.');
  git('reset', '--quiet', '--', ...tenantFiles);
  git('commit', '--quiet', '-m', 'the platform');
  const base = git('rev-parse', 'HEAD');
  git('checkout', '--quiet', '-b', 'onboard-tenants');
  git('add', '--', ...tenantFiles);
  git('commit', '--quiet', '-m', 'Onboard the tenants');
  const head = git('rev-parse', 'HEAD');
  git('checkout', '--quiet', 'main');

  const host = createEmulatedHost({ github, repository: JOURNEY_REPOSITORY });
  const runner = createRunner({ repoDir, host, parallelism: 2, baseEnv: journeyMachineEnv(sandboxFile, options.sandbox.caFile), actor: JOURNEY_PEOPLE.maintainer });
  try {
    const { author, maintainer, qa } = JOURNEY_PEOPLE;
    const pr = github.openPullRequest(JOURNEY_REPOSITORY, {
      title: 'Onboard the tenants', user: author, head: { ref: 'onboard-tenants', sha: head }, base: { ref: 'main', sha: base },
      files: tenantFiles.map((filename) => ({ filename, status: 'added', additions: 1, deletions: 0 })),
    });
    log.info(`\npull request #${pr} adds ${tenantFiles.length} tenant file(s): tenant-plan plans them …`);
    await runner.dispatch({
      name: 'pull_request', actor: author, sha: head, changedFiles: tenantFiles,
      payload: { action: 'opened', number: pr, pull_request: { number: pr, head: { ref: 'onboard-tenants', sha: head, repo: { full_name: JOURNEY_REPOSITORY } }, base: { ref: 'main', sha: base, repo: { full_name: JOURNEY_REPOSITORY } } } },
    });
    await runner.waitForIdle();
    report(log, runner.runs);
    const commentFile = await saveComment(options, pr);

    log.info(`\nmerging #${pr}: tenant-merge dispatches one provisioning run per tenant …`);
    git('merge', '--quiet', '--no-ff', '-m', `Merge pull request #${pr} from onboard-tenants`, 'onboard-tenants');
    const sha = git('rev-parse', 'main');
    github.mergePullRequest(JOURNEY_REPOSITORY, pr, { mergeCommitSha: sha, by: maintainer });
    const before = runner.runs.length;
    await runner.dispatch({ name: 'push', ref: 'refs/heads/main', sha, actor: maintainer, changedFiles: tenantFiles, payload: { ref: 'refs/heads/main', before: base, after: sha } });

    // Each provisioning run stops at its go-live gate; the sandbox plays the QA reviewer. A run
    // refused because its plan is not the reviewed one is not accepted here: the reviewed hashes
    // hold (BYOD hosts by their secret's name, shared databases whatever another tenant closed),
    // so a refusal is a finding, and the output says how a person would accept it.
    const tenants = new Map<string, JourneyTenantResult>();
    const approvedRuns = new Set<number>();
    const handled = new Set<number>();
    const seen = new Map<number, { from: number; to?: number }>();
    for (;;) {
      const provisions = runner.runs.slice(before).filter((r) => r.workflow.path.endsWith('/tenant-provision.yml'));
      for (const r of provisions) {
        const tenant = String(r.inputs?.tenant);
        const times = seen.get(r.id) ?? { from: Date.now() };
        seen.set(r.id, times);
        if (!approvedRuns.has(r.id) && github.pendingReviews(JOURNEY_REPOSITORY, r.id).length) {
          approvedRuns.add(r.id);
          log.info(`${tenant}: provisioned, waiting at the go-live gate (run ${r.id}); approved in the sandbox as ${qa}`);
          await approve(options, r.id, qa);
        }
        if (r.status !== 'completed' || handled.has(r.id)) continue;
        handled.add(r.id);
        times.to = Date.now();
        const runIds = [...(tenants.get(tenant)?.runIds ?? []), r.id];
        const from = Math.min(...runIds.map((id) => seen.get(id)!.from));
        tenants.set(tenant, { tenant, run: r, runIds, approved: approvedRuns.has(r.id), approvedBy: qa, seconds: (times.to - from) / 1000 });
        const accept = r.conclusion === 'failure' ? offeredAcceptHashes(r) : undefined;
        if (accept) log.error(`${tenant}: run ${r.id} refused a plan that is not the reviewed one; its summary shows the new plan, and a tenant-provision dispatch with accept-hashes ${accept} accepts it`);
      }
      if (!runner.runs.some((r) => r.status !== 'completed')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    report(log, runner.runs.slice(before));
    const summaryDir = saveSummaries(options.outDir, runner.runs);
    return { pr, commentFile, summaryDir, tenants: [...tenants.values()] };
  } finally {
    await runner.close();
    host.detach();
    rmSync(sandboxFile, { force: true });
  }
}

/** The accept-hashes value a refused run's summary offers (the last one), if any. */
function offeredAcceptHashes(run: RunRecord): string | undefined {
  const text = run.jobs.flatMap((j) => j.steps.map((s) => s.summary ?? '')).join('\n');
  const offers = [...text.matchAll(/(?:```\n|`accept-hashes` set to `)((?:db|powerbi|dns|registry)=[0-9a-f]{64}(?:,(?:db|powerbi|dns|registry)=[0-9a-f]{64})*)/g)];
  return offers.at(-1)?.[1];
}

/** Approves the run's pending deployments through GitHub's API, as the reviewer would. */
async function approve(options: StartJourneyOptions, runId: number, reviewer: string): Promise<void> {
  const [owner, repo] = JOURNEY_REPOSITORY.split('/');
  const api = `${options.github.url}/repos/${owner}/${repo}/actions/runs/${runId}/pending_deployments`;
  const headers = { authorization: `Bearer ${options.github.issueToken(reviewer)}`, accept: 'application/vnd.github+json' };
  const pending = (await (await githubFetch(options, api, { headers })).json()) as { environment: { id: number } }[];
  const answer = await githubFetch(options, api, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ environment_ids: pending.map((p) => p.environment.id), state: 'approved', comment: 'approved by npm start (sandbox)' }) });
  if (!answer.ok) throw new Error(`approving run ${runId}: GitHub answered ${answer.status} ${await answer.text()}`);
}

/** The emulated GitHub's REST API, trusting the sandbox's CA. */
async function githubFetch(options: StartJourneyOptions, url: string, init: RequestInit): Promise<Response> {
  const dispatcher = new Agent({ connect: { ca: options.ca } });
  try {
    const response = await undiciFetch(url, { ...(init as object), dispatcher });
    return new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers as unknown as Headers });
  } finally {
    await dispatcher.close();
  }
}

async function saveComment(options: StartJourneyOptions, pr: number): Promise<string | undefined> {
  const [owner, repo] = JOURNEY_REPOSITORY.split('/');
  const headers = { authorization: `Bearer ${options.github.issueToken(JOURNEY_PEOPLE.author)}`, accept: 'application/vnd.github+json' };
  const comments = (await (await githubFetch(options, `${options.github.url}/repos/${owner}/${repo}/issues/${pr}/comments`, { headers })).json()) as { body?: string }[];
  if (!comments.length) return undefined;
  const file = path.join(options.outDir, 'comment.md');
  writeFileSync(file, comments.at(-1)!.body ?? '');
  return file;
}

/** Each job's summary as `summaries/<run id>-<workflow>-<job>.md`. */
function saveSummaries(outDir: string, runs: readonly RunRecord[]): string {
  const dir = path.join(outDir, 'summaries');
  mkdirSync(dir, { recursive: true });
  for (const run of runs) {
    for (const job of run.jobs) {
      const text = job.steps.map((s) => s.summary ?? '').filter(Boolean).join('\n\n');
      const tenant = run.inputs?.tenant ? `-${String(run.inputs.tenant)}` : '';
      if (text) writeFileSync(path.join(dir, `${run.id}-${run.workflow.name}${tenant}-${job.id}.md`), text + '\n');
    }
  }
  return dir;
}

/** One line per run: workflow, its jobs' conclusions. */
function report(log: Logger, runs: readonly RunRecord[]): void {
  for (const r of runs) {
    const jobs = r.jobs.map((j) => `${j.id} ${j.conclusion ?? j.status}`).join(', ');
    log.info(`  ${r.workflow.name}${r.inputs?.tenant ? ` (${String(r.inputs.tenant)})` : ''} run ${r.id}: ${r.conclusion ?? r.status} — ${jobs}`);
  }
}
