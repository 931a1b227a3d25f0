// The GitOps journey assembled end to end for tests: a throwaway git repository holding this
// project (the runner checks its commits out), the sandbox booted for it, the emulated GitHub
// seeded with that repository and the environments of .github/environments.yml (their secrets
// are the sandbox's, go-live with a required reviewer), and the local workflow runner on it. The
// steps the workflows run find the sandbox through TENANTOPS_SANDBOX and trust its CA through
// NODE_EXTRA_CA_CERTS, both in the runner's machine environment, as a runner image would carry them.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import pg from 'pg';
import { Agent, fetch as undiciFetch } from 'undici';
import YAML from 'yaml';
import { startGithub, type GithubEmulator } from '@tenantops/emulators';
import { createEmulatedHost, type EmulatedHost } from '../../dev/github-host.ts';
import { createRunner, type RepositoryEvent, type RunRecord, type Runner } from '../../dev/runner/index.ts';
import { startSandbox, type Sandbox } from '../../dev/sandbox.ts';
import { writeBundles } from '../../src/build/bundle.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { migrateRegistry, openRegistry, REGISTRY_MIGRATIONS_DIR } from '../../src/registry/index.ts';
import { loadValidInputs, SANDBOX_FILE_VARIABLE } from '../../src/run/index.ts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');

export const OWNER = 'acme-analytics';
export const REPO = 'tenants';
export const REPOSITORY = `${OWNER}/${REPO}`;
/** Who opens pull requests, who merges them, who approves go-live. */
export const PEOPLE = { author: 'dev-alice', maintainer: 'octocat', qa: 'qa-lead' } as const;

export interface PullRequest {
  number: number;
  branch: string;
  base: string;
  head: string;
  files: string[];
}

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
  close(): Promise<void>;
}

/** Copies the project (tracked and untracked files, not ignored ones) into a fresh git repository with one commit on main. */
function copyProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'journey-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: projectRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    try {
      cpSync(path.join(projectRoot, file), path.join(dir, file), { recursive: true });
    } catch (err) {
      // A file deleted in the working tree but not yet from the index.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  // The project's own CI (the whole test suite) is no part of a tenant's journey, and would run
  // this very suite again inside it.
  rmSync(path.join(dir, '.github', 'workflows', 'ci.yml'));
  // As an installed checkout has it: the runner's checkout stand-in links it into each job.
  symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  chmodSync(dir, 0o755); // the embedded PostgreSQL runs as the postgres user
  return dir;
}

/**
 * The committed action bundles are what a run executes. When they predate the TENANTOPS_SANDBOX
 * hook (the sources changed and the bundles were not rebuilt yet), the copy gets fresh ones, so
 * the journey tests the sources; test/build/bundles.test.ts is what flags stale committed bundles.
 */
async function ensureBundlesKnowTheSandbox(dir: string): Promise<void> {
  const names = ['provision-db', 'powerbi-deploy', 'dns'];
  const stale = names.filter((n) => !readFileSync(path.join(dir, 'actions', n, 'dist', 'index.js'), 'utf8').includes(SANDBOX_FILE_VARIABLE));
  if (stale.length) await writeBundles(dir, stale);
}

export async function openJourney(): Promise<Journey> {
  const dir = copyProject();
  const closers: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await Promise.resolve(c()).catch(() => {});
  };
  try {
    await ensureBundlesKnowTheSandbox(dir);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=tenantops', '-c', 'user.email=tenantops@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '--quiet', '--initial-branch=main');
    // .gitignore's `node_modules/` matches folders only, not the link to one.
    writeFileSync(path.join(dir, '.git', 'info', 'exclude'), 'node_modules\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'tenantops');

    const inputs = await loadValidInputs(dir);
    const log = createMemoryLogger();
    const sandbox = await startSandbox({ root: dir, workDir: path.join(dir, '.tenantops', 'sandbox'), catalog: inputs.catalog, platform: inputs.platform, tenants: inputs.tenants, log });
    closers.push(() => sandbox.stop());
    // Steps live on real time: a GoDaddy edit lock on a virtual clock nobody advances would never expire.
    sandbox.followRealTime();
    // The registry migrated up front, so that a plan's first use of it is a read.
    const registry = openRegistry(sandbox.postgres.registry, log);
    await migrateRegistry(registry, { dir: path.join(dir, REGISTRY_MIGRATIONS_DIR) });
    await registry.end();
    const sandboxFile = path.join(dir, '.tenantops', 'sandbox.json');
    writeFileSync(sandboxFile, JSON.stringify(sandbox.info, null, 2), { mode: 0o600 });

    const declared = YAML.parse(readFileSync(path.join(dir, '.github', 'environments.yml'), 'utf8')) as { environments: Record<string, { requiredReviewers: boolean; secrets: string[] }> };
    const environments = Object.fromEntries(Object.entries(declared.environments).map(([name, e]) => [name, {
      reviewers: e.requiredReviewers ? [PEOPLE.qa] : [],
      secrets: Object.fromEntries(e.secrets.filter((s) => sandbox.env[s] !== undefined).map((s) => [s, sandbox.env[s]])),
    }]));
    const github = await startGithub({ tls: sandbox.tls, users: Object.values(PEOPLE).map((login) => ({ login })), repositories: [{ fullName: REPOSITORY, environments }] });
    closers.push(() => github.stop());
    const host = createEmulatedHost({ github, repository: REPOSITORY });
    closers.push(() => host.detach());
    const baseEnv: Record<string, string> = {
      PATH: (process.env.PATH ?? '/usr/bin:/bin').split(':').filter((d) => d && !d.includes('node_modules')).join(':'),
      HOME: process.env.HOME ?? os.homedir(),
      LANG: 'C.UTF-8',
      NODE_EXTRA_CA_CERTS: sandbox.caFile,
      [SANDBOX_FILE_VARIABLE]: sandboxFile,
    };
    const runner = createRunner({ repoDir: dir, host, parallelism: 2, baseEnv, actor: PEOPLE.maintainer });
    closers.push(() => runner.close());

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
          for (const { name } of tables.rows) counts[`registry ${name}`] = Number((await client.query(`SELECT count(*) AS n FROM ${name}`)).rows[0].n);
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
      writes: () => [...sandbox.powerbi.requests(), ...sandbox.fabric.requests(), ...(sandbox.godaddy?.requests() ?? [])]
        // executeQueries and GenerateToken are POSTs that change nothing (verify's).
        .filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && !/executeQueries|GenerateToken/i.test(r.path))
        .map((r) => ({ method: r.method, path: r.path })),
      close,
    };
    return journey;
  } catch (err) {
    await close();
    throw err;
  }
}
