// templates/reports.yaml: the template reports of the platform's template workspace, each a name
// and the module it belongs to. Strict: every broken entry is a finding at its line and column, so
// a typo can never quietly drop a report from every tenant.

import type { Finding } from '../errors/index.ts';
import { addFinding, didYouMean, parseYamlSource, positionOf, readList, readMapping, readString } from '../yaml/index.ts';
import { parseTemplateName } from './name.ts';
import { loadPins, type TemplatePin } from './pins.ts';
import { PROVIDERS_FILE, parseProviderRegistry, readTemplateFile } from './providers.ts';
import type { ProviderCatalog, ProviderRegistry, TemplateReport } from './types.ts';

export const REPORTS_FILE = 'templates/reports.yaml';
const KIND = { what: 'the catalog', required: ['reports'] };

export interface CatalogResult {
  /** The valid entries, in file order. */
  reports: TemplateReport[];
  findings: Finding[];
}

/** Parses reports.yaml text against a provider registry. */
export function parseCatalog(text: string, registry: ProviderRegistry, file = REPORTS_FILE): CatalogResult {
  const src = parseYamlSource(text, file, KIND);
  const reports: TemplateReport[] = [];
  if (!src.root) return { reports, findings: src.findings };
  const top = readMapping(src, src.root, KIND.what, KIND);
  const entry = top?.get('reports');
  const items = entry && readList(src, entry, '"reports"', 'a list of {name, module}');

  const firstLine = new Map<string, number>();
  // Provider code + persona in lower case → the persona as first written, to catch case variants.
  const personaSpelling = new Map<string, string>();
  for (const item of items ?? []) {
    const fields = readMapping(src, item, 'a report entry', { required: ['name', 'module'] });
    const nameEntry = fields?.get('name');
    const moduleEntry = fields?.get('module');
    const name = nameEntry && readString(src, nameEntry, 'report name', `a name like "APTEM-BKSB-HUBSPOT - Operations Leader v1.2"`);
    const module = moduleEntry && readString(src, moduleEntry, 'module', `one of ${registry.modules.join(', ')}`);
    let moduleOk = module !== undefined;
    if (module !== undefined && moduleEntry?.value && !registry.modules.includes(module)) {
      addFinding(src, moduleEntry.value, `module ${JSON.stringify(module)} is not a known module${didYouMean(module, registry.modules)}; known: ${registry.modules.join(', ')}`);
      moduleOk = false;
    }
    if (!nameEntry?.value || name === undefined) continue;

    const nameNode = nameEntry.value;
    const line = positionOf(src.source, nameNode).line;
    const parsed = parseTemplateName(name, registry);
    if (typeof parsed === 'string') {
      addFinding(src, nameNode, parsed);
      continue;
    }
    const earlier = firstLine.get(name);
    if (earlier !== undefined) {
      addFinding(src, nameNode, `report name ${JSON.stringify(name)} is already declared at line ${earlier}; allowed: each name once (names are how reports are found in the template workspace)`);
      continue;
    }
    firstLine.set(name, line);
    const reportKey = `${parsed.providerCode}\u0000${parsed.persona.toLowerCase()}`;
    const spelling = personaSpelling.get(reportKey);
    if (spelling !== undefined && spelling !== parsed.persona) {
      addFinding(src, nameNode, `persona ${JSON.stringify(parsed.persona)} differs only in letter case from ${JSON.stringify(spelling)} for ${parsed.providerCode}; allowed: one spelling per report, so its versions are recognised as one report`);
      continue;
    }
    personaSpelling.set(reportKey, parsed.persona);
    if (!moduleOk || module === undefined) continue;
    reports.push({
      name,
      providerCode: parsed.providerCode,
      persona: parsed.persona,
      version: parsed.version,
      module,
      file,
      line,
    });
  }
  return { reports, findings: src.findings };
}

/**
 * Reads `<root>/templates/providers.yaml`, `<root>/templates/reports.yaml` and, when it exists,
 * `<root>/templates/pins.yaml`. Findings of every file are returned together; callers fail on any
 * (the CLI exits 1).
 */
export function loadCatalog(root: string): CatalogResult & { registry: ProviderCatalog; pins: TemplatePin[] } {
  const providers = parseProviderRegistry(readTemplateFile(root, PROVIDERS_FILE), PROVIDERS_FILE);
  const catalog = parseCatalog(readTemplateFile(root, REPORTS_FILE), providers.registry, REPORTS_FILE);
  const pins = loadPins(root, catalog.reports);
  return {
    registry: providers.registry,
    reports: catalog.reports,
    pins: pins.pins,
    findings: [...providers.findings, ...catalog.findings, ...pins.findings],
  };
}
