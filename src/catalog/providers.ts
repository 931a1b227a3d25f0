// templates/providers.yaml: the provider codes per category and the modules. It is the one list
// report names, tenant files and matching are checked against, so it is validated as strictly as
// the catalog itself.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'yaml';
import { ConfigurationError, EnvironmentError } from '../errors/index.ts';
import type { Finding } from '../errors/index.ts';
import { addFinding, parseYamlSource, readList, readMapping, readString } from '../yaml/index.ts';
import type { MappingEntry, SourceFindings } from '../yaml/index.ts';
import type { ProviderCatalog, ProviderCategory } from './types.ts';

export const PROVIDERS_FILE = 'templates/providers.yaml';
const KIND = { what: 'the providers file', required: ['providers', 'modules'] };

const CATEGORIES: readonly ProviderCategory[] = ['lms', 'englishMaths', 'crm', 'hr'];
const CODE = /^[A-Z][A-Z0-9]*$/;
const MODULE = /^[a-z][a-z0-9-]*$/;

/** Parses providers.yaml text; every problem is a finding, and what is valid is still returned. */
export function parseProviderRegistry(text: string, file = PROVIDERS_FILE): { registry: ProviderCatalog; findings: Finding[] } {
  const registry: ProviderCatalog = { lms: [], englishMaths: [], crm: [], hr: [], modules: [], displayNames: {}, moduleDescriptions: {} };
  const src = parseYamlSource(text, file, KIND);
  const top = src.root && readMapping(src, src.root, KIND.what, KIND);
  if (!src.root || !top) return { registry, findings: src.findings };

  const providers = top.get('providers');
  const byCategory = providers && readMapping(src, providers.value, '"providers"', { required: CATEGORIES }, providers.key);
  const seen = new Map<string, ProviderCategory>();
  for (const category of CATEGORIES) {
    const entry = byCategory?.get(category);
    const items = entry && readList(src, entry, `providers.${category}`, 'a list of {code, name}');
    for (const item of items ?? []) {
      const fields = readMapping(src, item, `a ${category} provider`, { required: ['code', 'name'] });
      const code = readField(src, fields, 'code', 'upper-case letters and digits, e.g. APTEM');
      const name = readField(src, fields, 'name', 'the product name, e.g. Aptem');
      if (!code || !name) continue;
      if (!CODE.test(code.value)) {
        addFinding(src, code.node, `provider code ${JSON.stringify(code.value)} is not upper-case letters and digits; allowed: e.g. APTEM, BKSB, HUBSPOT (a "-" would break report provider codes)`);
      } else if (seen.has(code.value)) {
        addFinding(src, code.node, `provider code ${JSON.stringify(code.value)} is already listed under ${seen.get(code.value)}; allowed: each code once`);
      } else {
        seen.set(code.value, category);
        registry[category].push(code.value);
        registry.displayNames[code.value] = name.value;
      }
    }
  }

  const modules = top.get('modules');
  const moduleItems = modules && readList(src, modules, '"modules"', 'a list of {name, description}');
  for (const item of moduleItems ?? []) {
    readModule(src, item, registry);
  }
  return { registry, findings: src.findings };
}

function readModule(src: SourceFindings, item: Node, registry: ProviderCatalog): void {
  const fields = readMapping(src, item, 'a module', { required: ['name', 'description'] });
  const name = readField(src, fields, 'name', 'lower-case words joined by "-", e.g. learner-progress');
  const description = readField(src, fields, 'description', 'one line saying what the module covers');
  if (!name || !description) return;
  if (!MODULE.test(name.value)) {
    addFinding(src, name.node, `module name ${JSON.stringify(name.value)} is not allowed; allowed: lower-case letters, digits and "-", e.g. learner-progress`);
  } else if (registry.modules.includes(name.value)) {
    addFinding(src, name.node, `module ${JSON.stringify(name.value)} is listed twice; allowed: each module once`);
  } else {
    registry.modules.push(name.value);
    registry.moduleDescriptions[name.value] = description.value;
  }
}

/** A required text field with the node it came from (for positions), or undefined after a finding. */
function readField(src: SourceFindings, fields: Map<string, MappingEntry> | undefined, key: string, allowed: string): { value: string; node: Node } | undefined {
  const entry = fields?.get(key);
  const value = entry && readString(src, entry, key, allowed);
  return value !== undefined && entry?.value ? { value, node: entry.value } : undefined;
}

/** Reads `<root>/templates/providers.yaml`; throws ConfigurationError on any finding. */
export function loadProviderRegistry(root: string): ProviderCatalog {
  const { registry, findings } = parseProviderRegistry(readTemplateFile(root, PROVIDERS_FILE), PROVIDERS_FILE);
  if (findings.length > 0) throw new ConfigurationError(findings);
  return registry;
}

/** A catalog file under the root; a missing one is an environment problem (wrong root), not a finding. */
export function readTemplateFile(root: string, file: string): string {
  try {
    return readFileSync(join(root, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new EnvironmentError(
      `cannot read ${file} under ${root} (${code ?? String(err)}); run from the repository root or pass --root DIR`,
    );
  }
}
