// A throwaway git repository for the runner's tests: the fixture workflows under
// .github/workflows, the fixture actions under actions/, an uncommitted node_modules with one
// package (as an installed checkout has), one commit on main.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { createMemoryHost, createRunner, type MemoryHost, type MemoryHostOptions, type Runner, type RunnerOptions } from '../../dev/runner/index.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

export interface FixtureRepo {
  dir: string;
  sha: string;
  /** Commits more files (path → content) and returns the new sha. */
  commit(files: Record<string, string>, message?: string): string;
  remove(): void;
}

export function createFixtureRepo(workflows = readdirSync(path.join(FIXTURES, 'workflows'))): FixtureRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runner-fixture-'));
  cpSync(path.join(FIXTURES, 'actions'), path.join(dir, 'actions'), { recursive: true });
  mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
  for (const w of workflows) cpSync(path.join(FIXTURES, 'workflows', w), path.join(dir, '.github', 'workflows', w));
  mkdirSync(path.join(dir, 'node_modules', 'fixture-dependency'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', 'fixture-dependency', 'package.json'), '{"name":"fixture-dependency","main":"index.js"}');
  writeFileSync(path.join(dir, 'node_modules', 'fixture-dependency', 'index.js'), 'module.exports = 42;\n');
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  writeFileSync(path.join(dir, 'README.md'), '# fixture\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=fixture', '-c', 'user.email=fixture@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '--quiet', '--initial-branch=main');
  git('add', '.');
  git('commit', '--quiet', '-m', 'fixture');
  const repo: FixtureRepo = {
    dir,
    sha: git('rev-parse', 'HEAD'),
    commit(files, message = 'more') {
      for (const [file, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), content);
      }
      git('add', '.');
      git('commit', '--quiet', '-m', message);
      repo.sha = git('rev-parse', 'HEAD');
      return repo.sha;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return repo;
}

export interface Bench {
  repo: FixtureRepo;
  host: MemoryHost;
  runner: Runner;
  close(): Promise<void>;
}

export interface BenchOptions {
  host?: MemoryHostOptions;
  runner?: Partial<RunnerOptions>;
  /** A repository of its own (the test commits to it); others share one per test file. */
  freshRepo?: boolean;
}

/**
 * Registers the hooks of a test file and returns how its tests open a bench: a fixture
 * repository with every fixture workflow (shared by the file's tests unless one asks for its
 * own), an in-memory host and a runner with 4 machines. Benches close after each test.
 */
export function setupBenches(): (options?: BenchOptions) => Bench {
  let shared: FixtureRepo | undefined;
  const open: Bench[] = [];
  afterEach(async () => {
    for (const bench of open.splice(0)) await bench.close();
  });
  afterAll(() => shared?.remove());
  return (options = {}) => {
    const repo = options.freshRepo ? createFixtureRepo() : (shared ??= createFixtureRepo());
    const host = createMemoryHost(options.host);
    const runner = createRunner({ repoDir: repo.dir, host, parallelism: 4, ...options.runner });
    const bench: Bench = {
      repo,
      host,
      runner,
      async close() {
        await runner.close();
        await host.close();
        if (repo !== shared) repo.remove();
      },
    };
    open.push(bench);
    return bench;
  };
}
