// A throwaway git repository for the runner's tests: the chosen fixture workflows under
// .github/workflows, the fixture actions under actions/, an uncommitted node_modules with one
// package (as an installed checkout has), one commit on main.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMemoryHost, createRunner, type MemoryHost, type MemoryHostOptions, type Runner, type RunnerOptions } from '../../dev/runner/index.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

export interface FixtureRepo {
  dir: string;
  sha: string;
  /** Commits more files (path → content) and returns the new sha. */
  commit(files: Record<string, string>, message?: string): string;
  remove(): void;
}

export function createFixtureRepo(workflows: string[]): FixtureRepo {
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

/** A fixture repository, an in-memory host and a runner over them. */
export function createBench(workflows: string[], hostOptions: MemoryHostOptions = {}, runnerOptions: Partial<RunnerOptions> = {}): Bench {
  const repo = createFixtureRepo(workflows);
  const host = createMemoryHost(hostOptions);
  const runner = createRunner({ repoDir: repo.dir, host, ...runnerOptions });
  return {
    repo,
    host,
    runner,
    async close() {
      await runner.close();
      await host.close();
      repo.remove();
    },
  };
}
