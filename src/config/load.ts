// Reading a repository's tenant files and platform.yaml from disk and validating them together.
// All tenant files are always read, so uniqueness holds even when only some files are asked for;
// findings are reported for the files asked for (and platform.yaml, which every tenant depends on).

import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { EnvironmentError } from '../errors/index.ts';
import type { ProviderRegistry } from '../catalog/index.ts';
import type { SourceText, ValidateOptions, ValidationResult } from './validate.ts';
import { validateSources } from './validate.ts';
import * as msg from './messages.ts';

export const PLATFORM_FILE = 'platform.yaml';
export const TENANTS_DIR = 'tenants';

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

  const contextFiles = await listYamlFiles(join(base, TENANTS_DIR), false);
  const requested = new Set<string>();
  for (const p of options.paths ?? []) {
    const abs = isAbsolute(p) ? p : join(base, p);
    const info = await stat(abs).catch(() => undefined);
    if (!info) throw new EnvironmentError(msg.pathNotFound(p));
    for (const file of info.isDirectory() ? await listYamlFiles(abs, true) : [abs]) requested.add(toRelative(file));
  }

  const tenantFiles = new Set([...contextFiles.map(toRelative), ...[...requested].filter((f) => f !== PLATFORM_FILE)]);
  const tenants: SourceText[] = await Promise.all(
    [...tenantFiles].sort().map(async (file) => ({ file, text: await readFile(join(base, file), 'utf8') })),
  );
  const platformText = await readFile(join(base, PLATFORM_FILE), 'utf8').catch(() => undefined);

  const report = requested.size ? (file: string) => requested.has(file) || file === PLATFORM_FILE : undefined;
  const result = validateSources(
    { tenants, platform: platformText === undefined ? undefined : { file: PLATFORM_FILE, text: platformText } },
    { providers: options.providers, report, rules: options.rules },
  );
  if (platformText === undefined) {
    result.findings.unshift({ file: PLATFORM_FILE, line: 1, col: 1, message: msg.platformMissing(PLATFORM_FILE) });
  }
  return result;
}

async function listYamlFiles(dir: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
