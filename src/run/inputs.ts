// Everything a command needs from the repository, loaded once: the provider registry and the
// report catalog from templates/, then the tenant files and platform.yaml validated against them.
// Findings of all files come back together; nothing throws for bad input.
import { loadCatalog, type ProviderCatalog, type TemplateReport } from '../catalog/index.ts';
import { loadRepository, type LoadedTenant, type PlatformConfig } from '../config/index.ts';
import { sortFindings, type Finding } from '../errors/index.ts';
import { checkModuleFeatures } from '../registry/index.ts';
import { checkDerivedNameCollisions } from './name-collisions.ts';

export interface Inputs {
  root: string;
  platform: PlatformConfig;
  tenants: LoadedTenant[];
  catalog: TemplateReport[];
  providers: ProviderCatalog;
}

export interface LoadInputsOptions {
  /** Tenant files or folders to validate (default: all); every tenant is still read for uniqueness. */
  paths?: readonly string[];
}

export async function loadInputs(root: string, options: LoadInputsOptions = {}): Promise<{ inputs?: Inputs; findings: Finding[] }> {
  const catalog = await loadCatalog(root);
  const repo = await loadRepository(root, { paths: options.paths, providers: catalog.registry, rules: [checkDerivedNameCollisions] });
  // The features reports are linked to: checked with the catalog, before any plan needs them.
  const modules = catalog.findings.length ? [] : checkModuleFeatures(root, catalog.registry.modules, catalog.reports);
  const findings = sortFindings([...catalog.findings, ...modules, ...repo.findings]);
  const errors = findings.filter((f) => f.severity !== 'warning');
  if (errors.length || !repo.platform) return { findings };
  return {
    inputs: { root, platform: repo.platform, tenants: repo.tenants, catalog: catalog.reports, providers: catalog.registry },
    findings,
  };
}
