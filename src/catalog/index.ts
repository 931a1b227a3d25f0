// The report template catalog: report names → provider code, persona, version; which templates a
// tenant gets; and how the catalog lines up with the template workspace.

export type {
  MatchedReport,
  ParsedTemplateName,
  ProviderCatalog,
  ProviderCategory,
  ProviderRegistry,
  TemplateReport,
  TemplateVersion,
  TenantSelection,
} from './types.ts';
export { NAME_CONVENTION, buildProviderCode, compareVersions, formatVersion, parseTemplateName, templateBaseName } from './name.ts';
export { PROVIDERS_FILE, loadProviderRegistry, parseProviderRegistry } from './providers.ts';
export { REPORTS_FILE, loadCatalog, parseCatalog } from './parse.ts';
export type { CatalogResult } from './parse.ts';
export { matchReports, selectLatest } from './match.ts';
export { PINS_FILE, loadPins, parsePins, pinsOf } from './pins.ts';
export type { TemplatePin } from './pins.ts';
export { diffCatalog, resolveTemplateIds } from './workspace.ts';
export type { CatalogDiff, ResolutionProblem, TemplateResolution, WorkspaceReport } from './workspace.ts';
