// templates/modules.yaml: the features of each module, each naming the report personas it covers.
// A tenant's enabled modules are initialised with these features, and each report it gets is
// linked to the one feature of its module that names its persona. Strict, like the catalog: an
// uncovered persona is a finding at its report's line, so no report silently stays unlinked.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MatchedReport, TemplateReport } from '../catalog/index.ts';
import { ConfigurationError, EnvironmentError, type Finding } from '../errors/index.ts';
import { addFinding, parseYamlSource, readList, readMapping, readString, type SourceFindings } from '../yaml/index.ts';
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';

export const MODULES_FILE = 'templates/modules.yaml';

export interface ModuleFeature {
  name: string;
  title: string;
  personas: string[];
}

/** Module name → its features, in file order. */
export type ModuleFeatures = Readonly<Record<string, readonly ModuleFeature[]>>;

const FEATURE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Parses modules.yaml; with `known` (providers.yaml's modules) and `catalog` (reports.yaml), also
 * checks that every module is known and every persona of the catalog is covered exactly once.
 */
export function parseModuleFeatures(text: string, options: { file?: string; known?: readonly string[]; catalog?: readonly TemplateReport[] } = {}): { features: ModuleFeatures; findings: Finding[] } {
  const file = options.file ?? MODULES_FILE;
  const parsed = parseYamlSource(text, file, { what: 'the module features', required: ['modules'] });
  const features: Record<string, ModuleFeature[]> = {};
  if (!parsed.root || !parsed.source) return { features, findings: parsed.findings };
  const src: SourceFindings = { source: parsed.source, findings: parsed.findings };
  const top = readMapping(src, parsed.root, 'the module features', { required: ['modules'] });
  const modules = top?.get('modules')?.value;
  if (!modules || !isMap(modules)) {
    if (top?.get('modules')) addFinding(src, modules ?? top.get('modules')!.key, '"modules" must map each module name to its list of features; allowed: e.g. `operations: [{name, title, personas}]`');
    return { features, findings: src.findings };
  }
  // Module → persona (lower case) → the feature naming it, for "covered twice".
  const coveredBy = new Map<string, Map<string, string>>();
  for (const pair of modules.items as Pair<Node, Node | null>[]) {
    const module = isScalar(pair.key) ? String(pair.key.value) : '';
    if (options.known && !options.known.includes(module)) {
      addFinding(src, pair.key, `module ${JSON.stringify(module)} is not a module of templates/providers.yaml; allowed: ${options.known.join(', ')}`);
      continue;
    }
    const list: ModuleFeature[] = (features[module] = []);
    const personas = new Map<string, string>();
    coveredBy.set(module, personas);
    for (const item of readList(src, { key: pair.key, value: pair.value }, `the features of ${module}`, 'a list of {name, title, personas}') ?? []) {
      const fields = readMapping(src, item, 'a feature', { required: ['name', 'title', 'personas'] });
      const nameEntry = fields?.get('name');
      const name = nameEntry && readString(src, nameEntry, 'feature name', 'lower-case words joined by "-", e.g. learner-flow');
      const title = fields?.get('title') && readString(src, fields.get('title')!, 'feature title', 'a few words naming the feature');
      const personaEntry = fields?.get('personas');
      const personaNodes = personaEntry?.value && isSeq(personaEntry.value) ? (personaEntry.value.items as Node[]) : undefined;
      if (personaEntry && !personaNodes) addFinding(src, personaEntry.value ?? personaEntry.key, 'personas must be a list of report personas; allowed: e.g. [Operations Leader, Centre Manager]');
      if (!name || !title || !personaNodes) continue;
      if (!FEATURE.test(name) || list.some((f) => f.name === name)) {
        addFinding(src, nameEntry!.value!, list.some((f) => f.name === name) ? `feature ${JSON.stringify(name)} is listed twice in ${module}; allowed: each feature once per module` : `feature name ${JSON.stringify(name)} is not allowed; allowed: lower-case letters, digits and "-"`);
        continue;
      }
      const feature: ModuleFeature = { name, title, personas: [] };
      for (const node of personaNodes) {
        const persona = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
        if (!persona) {
          addFinding(src, node, 'a persona must be text; allowed: a persona as report names spell it, e.g. Operations Leader');
        } else if (personas.has(persona.toLowerCase())) {
          addFinding(src, node, `persona ${JSON.stringify(persona)} is already covered by feature ${personas.get(persona.toLowerCase())} of ${module}; allowed: each persona in one feature of its module`);
        } else {
          personas.set(persona.toLowerCase(), name);
          feature.personas.push(persona);
        }
      }
      list.push(feature);
    }
  }
  for (const report of options.catalog ?? []) {
    const personas = coveredBy.get(report.module);
    if (!personas || personas.has(report.persona.toLowerCase())) continue;
    src.findings.push({
      file: report.file,
      line: report.line,
      col: 1,
      message: `persona ${JSON.stringify(report.persona)} of module ${report.module} is in no feature of ${file}; allowed: a persona listed under one of ${(features[report.module] ?? []).map((f) => f.name).join(', ') || 'its features'}`,
    });
  }
  return { features, findings: src.findings };
}

const cache = new Map<string, ModuleFeatures>();

/**
 * `<root>/templates/modules.yaml` checked against the modules and the catalog: its findings, for
 * the run's inputs (a bad file stops a run before anything is planned, like a bad tenant file).
 */
export function checkModuleFeatures(root: string, known: readonly string[], catalog: readonly TemplateReport[]): Finding[] {
  const parsed = parseModuleFeatures(readFile(root), { known, catalog });
  if (!parsed.findings.length) cache.set(path.join(root, MODULES_FILE), parsed.features);
  return parsed.findings;
}

/** The features of `<root>/templates/modules.yaml`, read once per root; a broken file is a ConfigurationError. */
export function readModuleFeatures(root: string): ModuleFeatures {
  const file = path.join(root, MODULES_FILE);
  let features = cache.get(file);
  if (!features) {
    const parsed = parseModuleFeatures(readFile(root));
    if (parsed.findings.length) throw new ConfigurationError(parsed.findings);
    features = parsed.features;
    cache.set(file, features);
  }
  return features;
}

function readFile(root: string): string {
  try {
    return readFileSync(path.join(root, MODULES_FILE), 'utf8');
  } catch (err) {
    throw new EnvironmentError(`cannot read ${MODULES_FILE} under ${root} (${(err as NodeJS.ErrnoException).code ?? String(err)}); run from the repository root or pass --root DIR`);
  }
}

/** The feature of `report`'s module naming its persona; undefined when none does. */
export function featureOf(features: ModuleFeatures, report: Pick<MatchedReport, 'module' | 'persona'>): ModuleFeature | undefined {
  const persona = report.persona.toLowerCase();
  return features[report.module]?.find((f) => f.personas.some((p) => p.toLowerCase() === persona));
}
