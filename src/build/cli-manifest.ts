// What the CLI's bundle (dist/cli) was built from, and whether it still is what the sources build:
// scripts/tenantops.mjs asks this before every start, so it uses nothing but node: builtins and
// synchronous reads (a few hundred small files, a few milliseconds) and never loads ncc.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where `npm run build` writes the CLI's bundle, relative to the repository root. */
export const CLI_DIST = 'dist/cli';
/** The manifest beside the bundle. */
export const CLI_MANIFEST = 'manifest.json';
/** The lockfile stands for every bundled package: node_modules is what it pins. */
const LOCKFILE = 'package-lock.json';

export interface CliManifest {
  /** sha256 of package-lock.json's bytes. */
  packageLock: string;
  /** Every bundled file of this repository (repo-relative, `/`, sorted) → sha256 of its bytes. */
  sources: Record<string, string>;
}

export type CliBundleState = { fresh: true; files: number } | { fresh: false; reason: string };

export function hashFile(root: string, file: string): string {
  return createHash('sha256').update(readFileSync(path.join(root, file))).digest('hex');
}

/** The manifest of a bundle holding `modules` (as bundleEntry lists them: node_modules included). */
export function makeCliManifest(root: string, modules: readonly string[]): CliManifest {
  const sources: Record<string, string> = {};
  for (const file of modules) if (!file.startsWith('node_modules/')) sources[file] = hashFile(root, file);
  return { packageLock: hashFile(root, LOCKFILE), sources };
}

/**
 * Whether dist/cli is exactly what the sources build: every bundled file and the lockfile hash as
 * the manifest says. A changed import changes a listed file, so listing the bundled files is enough.
 */
export function checkCliBundle(root: string): CliBundleState {
  let manifest: CliManifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(root, CLI_DIST, CLI_MANIFEST), 'utf8')) as CliManifest;
  } catch {
    return { fresh: false, reason: `no readable ${CLI_DIST}/${CLI_MANIFEST}` };
  }
  const files = Object.entries(manifest.sources ?? {});
  for (const [file, hash] of [[LOCKFILE, manifest.packageLock] as const, ...files]) {
    let actual: string;
    try {
      actual = hashFile(root, file);
    } catch {
      return { fresh: false, reason: `${file} is missing` };
    }
    if (actual !== hash) return { fresh: false, reason: `${file} changed since ${CLI_DIST} was built` };
  }
  return { fresh: true, files: files.length };
}
