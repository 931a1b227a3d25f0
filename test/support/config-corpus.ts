// Shared fixtures of the config tests: the provider registry the catalog will build from
// templates/providers.yaml, and the corpus runner used by the golden test.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ProviderRegistry } from '../../src/catalog/index.ts';
import type { Finding } from '../../src/errors/index.ts';
import { sortFindings } from '../../src/errors/index.ts';
import { validatePlatformText, validateSources } from '../../src/config/index.ts';
import { repoRoot } from './repo.ts';
// The rule the run layer adds to validation (it needs db's isolation strategies), as loadInputs adds it.
import { checkDerivedNameCollisions } from '../../src/run/index.ts';

export const CORPUS = join(repoRoot, 'test', 'config', 'corpus');

export const PROVIDERS: ProviderRegistry = {
  lms: ['APTEM', 'BUD', 'ONEFILE', 'SMARTAPP'],
  englishMaths: ['BKSB', 'FUNC', 'ESKILLS'],
  crm: ['HUBSPOT', 'SF', 'DYNAMICS'],
  hr: ['BREATHE', 'CIPHR'],
  modules: ['operations', 'quality', 'finance', 'sales', 'compliance', 'learner-progress'],
};

/** Repository-relative path with forward slashes, as findings carry it. */
export function repoPath(abs: string): string {
  return relative(repoRoot, abs).split(sep).join('/');
}

export function listYaml(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export function readSource(abs: string): { file: string; text: string } {
  return { file: repoPath(abs), text: readFileSync(abs, 'utf8') };
}

/**
 * The whole corpus in the shape of the golden file: the broken tenants validated in ONE run against
 * the corpus platform.yaml (so pairs meet), and each broken platform file on its own.
 */
export function runCorpus(): { findings: Finding[]; tenantFiles: string[]; platformFiles: string[] } {
  const tenantFiles = listYaml(join(CORPUS, 'tenants')).map(repoPath);
  const platformFiles = listYaml(join(CORPUS, 'platforms')).map(repoPath);
  const tenants = validateSources(
    { tenants: listYaml(join(CORPUS, 'tenants')).map(readSource), platform: readSource(join(CORPUS, 'platform.yaml')) },
    { providers: PROVIDERS, rules: [checkDerivedNameCollisions] },
  );
  const platforms = listYaml(join(CORPUS, 'platforms')).flatMap((abs) => {
    const { file, text } = readSource(abs);
    return validatePlatformText(text, file).findings;
  });
  return { findings: sortFindings([...tenants.findings, ...platforms]), tenantFiles, platformFiles };
}
