// Bundles each action's thin entry point with ncc into actions/<name>/dist/. The bundles are
// committed (GitHub runs them as they are), so the build is deterministic and `checkBundles`
// lets a test prove the committed ones are what the sources build today.
import { createRequire } from 'node:module';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);

interface NccOutput {
  code: string;
  assets: Record<string, { source: string | Buffer }>;
}
type Ncc = (input: string, options: Record<string, unknown>) => Promise<NccOutput>;

/** The actions found under `actions/`: every folder with an action.yml and a main.ts. */
export async function listActions(root: string): Promise<string[]> {
  const dir = path.join(root, 'actions');
  const names: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const files = await readdir(path.join(dir, entry.name));
    if (files.includes('action.yml') && files.includes('main.ts')) names.push(entry.name);
  }
  return names.sort();
}

/** Builds one action in memory: file name (relative to dist/) → contents. */
export async function bundleAction(root: string, name: string): Promise<Map<string, string | Buffer>> {
  const ncc = require('@vercel/ncc') as Ncc;
  const out = await ncc(path.join(root, 'actions', name, 'main.ts'), {
    target: 'es2024',
    esm: true,
    cache: false,
    quiet: true,
    sourceMap: false,
    // Type checking is tsc's job (npm run typecheck, and a test); the bundle only needs JS.
    transpileOnly: true,
    // License texts of bundled packages, as GitHub's own actions ship them.
    license: 'licenses.txt',
  });
  const files = new Map<string, string | Buffer>([['index.js', out.code]]);
  for (const [file, asset] of Object.entries(out.assets)) files.set(file, asset.source);
  return files;
}

export async function writeBundles(root: string, names?: string[]): Promise<string[]> {
  const written: string[] = [];
  for (const name of names ?? (await listActions(root))) {
    const dist = path.join(root, 'actions', name, 'dist');
    await mkdir(dist, { recursive: true });
    for (const [file, source] of await bundleAction(root, name)) {
      await mkdir(path.dirname(path.join(dist, file)), { recursive: true });
      await writeFile(path.join(dist, file), source);
      written.push(path.join('actions', name, 'dist', file));
    }
  }
  return written;
}

/** Files whose committed bundle differs from a fresh build (empty when all are fresh). */
export async function findStaleBundles(root: string): Promise<string[]> {
  const stale: string[] = [];
  for (const name of await listActions(root)) {
    for (const [file, source] of await bundleAction(root, name)) {
      const target = path.join(root, 'actions', name, 'dist', file);
      const committed = await readFile(target).catch(() => undefined);
      if (!committed || !committed.equals(Buffer.from(source))) stale.push(path.relative(root, target));
    }
  }
  return stale;
}
