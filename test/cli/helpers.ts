// Runs the CLI in-process against a throwaway copy of the repository's inputs.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export async function copyRepo(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tenantops-cli-'));
  for (const entry of ['tenants', 'templates', 'platform.yaml', 'platform.schema.json']) {
    await cp(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

export async function editFile(root: string, file: string, edit: (text: string) => string): Promise<void> {
  const target = path.join(root, file);
  await writeFile(target, edit(await readFile(target, 'utf8')));
}

export async function cli(argv: string[], cwd = repoRoot): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  out.on('data', (c) => (chunks.stdout += c));
  err.on('data', (c) => (chunks.stderr += c));
  const code = await runCli(argv, { stdout: out, stderr: err, env: { NO_COLOR: '1' }, cwd });
  return { code, ...chunks };
}
