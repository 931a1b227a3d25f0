// Bundles each action's thin entry point with ncc into actions/<name>/dist/. The bundles are
// committed (GitHub runs them as they are), so the build is deterministic and `findStaleBundles`
// lets a test prove the committed ones are what the sources build today. Beside each bundle,
// modules.json lists every source file inside it, so a test can see what an action ships (the
// emulated world must never be in it) without unpacking the bundle.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);

interface NccOutput {
  code: string;
  assets: Record<string, { source: string | Buffer }>;
  /** webpack's Stats: its compilation holds every module that went into the bundle. */
  stats: { compilation: { modules: Iterable<BundledModule> } };
}
/** A webpack module: a file (`resource`), or several ES modules concatenated into one (`modules`). */
interface BundledModule {
  resource?: string;
  modules?: Iterable<BundledModule>;
}
type Ncc = (input: string, options: Record<string, unknown>) => Promise<NccOutput>;

/** The file beside each bundle that lists its modules. */
export const MODULE_LIST = 'modules.json';

export interface Bundle {
  /** File name (relative to dist/) → contents. */
  files: Map<string, string | Buffer>;
  /** Every source file bundled, repo-relative with `/`, sorted: the same on every checkout. */
  modules: string[];
}

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

/** Bundles one entry point in memory, as every action is bundled. */
export async function bundleEntry(root: string, entry: string): Promise<Bundle> {
  const ncc = require('@vercel/ncc') as Ncc;
  const out = await ncc(path.resolve(root, entry), {
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
  return { files, modules: listModules(root, out.stats) };
}

/** Builds one action in memory: its bundle and, beside it, the list of what it holds. */
export async function bundleAction(root: string, name: string): Promise<Map<string, string | Buffer>> {
  const { files, modules } = await bundleEntry(root, path.join('actions', name, 'main.ts'));
  files.set(MODULE_LIST, `${JSON.stringify(modules, null, 2)}\n`);
  return files;
}

/** The committed module list of an action's bundle (what `npm run build` last wrote). */
export async function readModuleList(root: string, name: string): Promise<string[]> {
  return JSON.parse(await readFile(path.join(root, 'actions', name, 'dist', MODULE_LIST), 'utf8')) as string[];
}

function listModules(root: string, stats: NccOutput['stats']): string[] {
  // webpack resolves symlinks: relative to the real root, or a linked checkout lists `../` paths.
  const base = realpathSync(root);
  const files = new Set<string>();
  // Modules with neither are externals (node: builtins) and webpack's runtime: no files.
  const visit = (modules: Iterable<BundledModule>) => {
    for (const module of modules) {
      if (module.resource) files.add(path.relative(base, module.resource.replace(/\?.*$/, '')).split(path.sep).join('/'));
      if (module.modules) visit(module.modules);
    }
  };
  visit(stats.compilation.modules);
  return [...files].sort();
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
