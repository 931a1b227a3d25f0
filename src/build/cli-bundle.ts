// Bundles the CLI into dist/cli (committed), as the actions are bundled: each `npx tenantops` in a
// workflow step then loads one bundle instead of type-stripping and linking ~950 modules. Beside
// it, a manifest of what it was built from (cli-manifest.ts), which scripts/tenantops.mjs checks
// before running it, so that an edited source is never shadowed by a stale bundle.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleEntry } from './bundle.ts';
import { CLI_DIST, CLI_MANIFEST, makeCliManifest } from './cli-manifest.ts';

/** The bundle's entry: its own folder, whose tsconfig.json makes ncc emit ES modules. */
export const CLI_ENTRY = 'scripts/cli-bundle/main.ts';

/** Builds the CLI's bundle in memory: file name (relative to dist/cli) → contents. */
export async function bundleCli(root: string): Promise<Map<string, string | Buffer>> {
  const { files, modules } = await bundleEntry(root, CLI_ENTRY);
  files.set(CLI_MANIFEST, `${JSON.stringify(makeCliManifest(root, modules), null, 2)}\n`);
  return files;
}

/** Writes dist/cli afresh (chunk names change from build to build: no leftovers). */
export async function writeCliBundle(root: string): Promise<string[]> {
  const files = await bundleCli(root);
  const dist = path.join(root, CLI_DIST);
  await rm(dist, { recursive: true, force: true });
  const written: string[] = [];
  for (const [file, source] of files) {
    await mkdir(path.dirname(path.join(dist, file)), { recursive: true });
    await writeFile(path.join(dist, file), source);
    written.push(path.join(CLI_DIST, file));
  }
  return written;
}

/** Files of dist/cli that differ from a fresh build, are missing or are left over (empty when fresh). */
export async function findStaleCliBundle(root: string): Promise<string[]> {
  const files = await bundleCli(root);
  const dist = path.join(root, CLI_DIST);
  const committed = await readdir(dist, { recursive: true, withFileTypes: true }).catch(() => []);
  const stale = committed
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dist, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !files.has(file));
  for (const [file, source] of files) {
    const current = await readFile(path.join(dist, file)).catch(() => undefined);
    if (!current || !current.equals(Buffer.from(source))) stale.push(file);
  }
  return stale.map((file) => path.join(CLI_DIST, file)).sort();
}
