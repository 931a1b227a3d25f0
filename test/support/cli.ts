// Runs the CLI in-process, as a user would run it in `cwd`, and hands back its exit code and output.
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';
import { repoRoot } from './repo.ts';

/** `env` is all the environment the run sees (with NO_COLOR): nothing leaks in from the test process. */
export async function cli(argv: string[], cwd = repoRoot, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  out.on('data', (c) => (chunks.stdout += c));
  err.on('data', (c) => (chunks.stderr += c));
  const code = await runCli(argv, { stdout: out, stderr: err, env: { NO_COLOR: '1', ...env }, cwd });
  return { code, ...chunks };
}
