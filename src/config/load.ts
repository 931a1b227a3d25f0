// Reading a repository's tenant files and platform.yaml from disk and validating them together.
// All tenant files are always read, so uniqueness holds even when only some files are asked for;
// findings are reported for the files asked for (and platform.yaml, which every tenant depends on).
// Only tenants/ and platform.yaml are ever read: a path elsewhere is a usage error and a symbolic
// link is a finding, so validation cannot be pointed at /etc/shadow and echo its lines back.

import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { EnvironmentError } from '../errors/index.ts';
import type { ProviderRegistry } from '../catalog/index.ts';
import { mapLimit } from '../plan/index.ts';
import type { SourceText, ValidateOptions, ValidationResult } from './validate.ts';
import { validateSources } from './validate.ts';
import * as msg from './messages.ts';

export const PLATFORM_FILE = 'platform.yaml';
export const TENANTS_DIR = 'tenants';
const READS_IN_FLIGHT = 16;

export interface LoadOptions {
  /** Files or directories (relative to `root` or absolute) to validate; default every tenant file. */
  paths?: readonly string[];
  /** Provider codes and modules the catalog knows (the catalog builds it from templates/). */
  providers: ProviderRegistry;
  /** Rules across files from the layers above (see CrossFileRule). */
  rules?: ValidateOptions['rules'];
}

/**
 * Loads and validates `tenants/*.yaml` and `platform.yaml` under `root`. Findings never throw;
 * an unreadable path given in `paths` is an EnvironmentError (a usage mistake, exit 2).
 */
export async function loadRepository(root: string, options: LoadOptions): Promise<ValidationResult> {
  const base = resolve(root);
  const toRelative = (abs: string) => relative(base, abs).split(sep).join('/');

  const tenantsDir = join(base, TENANTS_DIR);
  const links: string[] = [];
  const contextFiles = await listYamlFiles(tenantsDir, false, links);
  const requested = new Set<string>();
  for (const p of options.paths ?? []) {
    const abs = resolve(base, p);
    if (!isInside(toRelative(abs))) throw new EnvironmentError(msg.pathOutsideRepository(p));
    const info = await lstat(abs).catch(() => undefined);
    if (!info) throw new EnvironmentError(msg.pathNotFound(p));
    // A folder reached through a link could lead anywhere: where it really is must be inside too.
    if (info.isDirectory() && !isInside(relative(await realpath(base), await realpath(abs)).split(sep).join('/'))) {
      throw new EnvironmentError(msg.pathOutsideRepository(p));
    }
    if (info.isSymbolicLink()) {
      links.push(abs);
      requested.add(toRelative(abs));
    }
    for (const file of info.isDirectory() ? await listYamlFiles(abs, true, links) : info.isFile() ? [abs] : []) requested.add(toRelative(file));
  }
  const platformInfo = await lstat(join(base, PLATFORM_FILE)).catch(() => undefined);
  if (platformInfo?.isSymbolicLink()) links.push(join(base, PLATFORM_FILE));
  const linked = new Set(links.map(toRelative));

  const tenantFiles = new Set([...contextFiles.map(toRelative), ...[...requested].filter((f) => f !== PLATFORM_FILE && !linked.has(f))]);
  // A few reads in flight, not every file at once: 10,000 reads started together hold all their
  // buffers and promises at the same time (over 100 MB) for no gain in speed.
  const tenants: SourceText[] = await mapLimit([...tenantFiles].sort(), READS_IN_FLIGHT, async (file) => ({ file, text: await readFile(join(base, file), 'utf8') }));
  const platformText = linked.has(PLATFORM_FILE) ? undefined : await readFile(join(base, PLATFORM_FILE), 'utf8').catch(() => undefined);

  const report = requested.size ? (file: string) => requested.has(file) || file === PLATFORM_FILE : undefined;
  const result = validateSources(
    { tenants, platform: platformText === undefined ? undefined : { file: PLATFORM_FILE, text: platformText } },
    { providers: options.providers, report, rules: options.rules },
  );
  if (platformText === undefined && !linked.has(PLATFORM_FILE)) {
    result.findings.unshift({ file: PLATFORM_FILE, line: 1, col: 1, message: msg.platformMissing(PLATFORM_FILE) });
  }
  for (const file of [...linked].sort().reverse()) {
    if (!report || report(file)) result.findings.unshift({ file, line: 1, col: 1, message: msg.symbolicLink(file) });
  }
  return result;
}

/** Regular YAML files under `dir`; links to YAML files go to `links` (never followed, never read). */
async function listYamlFiles(dir: string, recursive: boolean, links: string[]): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true, recursive }).catch(() => [])).filter((e) => /\.ya?ml$/.test(e.name));
  for (const e of entries) if (e.isSymbolicLink()) links.push(join(e.parentPath, e.name));
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Whether a repository-relative path is platform.yaml or inside tenants/. */
function isInside(rel: string): boolean {
  return rel === PLATFORM_FILE || rel === TENANTS_DIR || rel.startsWith(`${TENANTS_DIR}/`);
}
