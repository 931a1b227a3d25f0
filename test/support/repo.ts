// The repository the tests run in, and throwaway copies of its inputs for tests that edit them.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** A temporary directory holding a copy of the repository's inputs (tenants, templates, platform). */
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
