// Everything a command needs from the repository, loaded once: the provider registry and the
// report catalog from templates/, then the tenant files and platform.yaml validated against them.
// Findings of all files come back together; nothing throws for bad input.
import { loadCatalog, type ProviderCatalog, type TemplatePin, type TemplateReport } from '../catalog/index.ts';
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
  /** templates/pins.yaml: tenants held at an earlier template version (none when absent). */
  pins?: readonly TemplatePin[];
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
  const findings = sortFindings([...catalog.findings, ...modules, ...repo.findings, ...unknownPinnedTenants(catalog.pins, repo.tenants)]);
  const errors = findings.filter((f) => f.severity !== 'warning');
  if (errors.length || !repo.platform) return { findings };
  return {
    inputs: { root, platform: repo.platform, tenants: repo.tenants, catalog: catalog.reports, providers: catalog.registry, pins: catalog.pins },
    findings,
  };
}

/** A pin naming a tenant that has no file holds nobody: a typo would silently roll back nothing. */
function unknownPinnedTenants(pins: readonly TemplatePin[], tenants: readonly LoadedTenant[]): Finding[] {
  const known = new Set(tenants.map((t) => t.config.code));
  return pins.flatMap((pin) => pin.tenants.filter((t) => !known.has(t.code)).map((t) => ({
    file: pin.file, line: t.line, col: t.col,
    message: `pin ${JSON.stringify(pin.name)} names tenant ${JSON.stringify(t.code)}, which has no file in tenants/; allowed: the code of an existing tenant`,
  })));
}
