// Which modules a fresh `tenantops` process loads, as a user's `npx tenantops …` would, run from
// the sources (TENANTOPS_CLI_FROM=source) so the test judges the import graph, not a stale bundle.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './repo.ts';

const HOOK = path.join(repoRoot, 'test', 'support', 'loaded-modules-hook.ts');

/** The exit code and every loaded module's path (`node:` built-ins left out), relative to the repository. */
export async function loadedModules(argv: string[]): Promise<{ code: number | null; stderr: string; modules: string[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tenantops-modules-'));
  const file = path.join(dir, 'modules.txt');
  try {
    const child = spawn(process.execPath, ['--import', HOOK, path.join(repoRoot, 'scripts', 'tenantops.mjs'), ...argv], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, NO_COLOR: '1', TENANTOPS_CLI_FROM: 'source', LOADED_MODULES_FILE: file },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
    const urls = (await readFile(file, 'utf8')).split('\n').filter((u) => u.startsWith('file:'));
    return { code, stderr, modules: urls.map((u) => path.relative(repoRoot, new URL(u).pathname)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
