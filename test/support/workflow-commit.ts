// A throwaway commit of this repository's workflows (and, when asked, its actions' metadata) with
// a local runner on an in-memory GitHub over it: for tests of what a trigger starts, in the
// runner's dry mode, without the sandbox. Removed after the file's tests.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { createMemoryHost, createRunner, type Runner } from '../../dev/runner/index.ts';
import { repoRoot } from './repo.ts';

export function useWorkflowsCommit(options: { actionMetadata?: boolean } = {}): { sha: string; runner: Runner } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'workflows-'));
  cpSync(path.join(repoRoot, '.github'), path.join(dir, '.github'), { recursive: true });
  if (options.actionMetadata) {
    for (const action of readdirSync(path.join(repoRoot, 'actions'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
      mkdirSync(path.join(dir, 'actions', action), { recursive: true });
      cpSync(path.join(repoRoot, 'actions', action, 'action.yml'), path.join(dir, 'actions', action, 'action.yml'));
    }
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '--quiet', '--initial-branch=main');
  git('add', '.');
  git('commit', '--quiet', '-m', 'workflows');
  const runner = createRunner({ repoDir: dir, host: createMemoryHost({ repository: 'org/tenants' }) });
  afterAll(async () => {
    await runner.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { sha: git('rev-parse', 'HEAD'), runner };
}
