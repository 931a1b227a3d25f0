// The report naming convention `<LMS>-<ENGLISHMATHS>-<CRM>[-<HR>] - <Persona> v<major>.<minor>`:
// parsing (one precise message per broken name, never a silent skip) and numeric version order.
// Report names are the only link between git and the template workspace, so they are strict.

import type { ParsedTemplateName, ProviderCategory, ProviderRegistry, TemplateVersion } from './types.ts';

export const NAME_CONVENTION = '<LMS>-<ENGLISHMATHS>-<CRM>[-<HR>] - <Persona> v<major>.<minor>';
const EXAMPLE = 'APTEM-BKSB-HUBSPOT - Operations Leader v1.2';
const ALLOWED = `allowed: "${NAME_CONVENTION}", e.g. "${EXAMPLE}"`;

const CATEGORIES: readonly ProviderCategory[] = ['lms', 'englishMaths', 'crm', 'hr'];
const CATEGORY_LABEL: Record<ProviderCategory, string> = {
  lms: 'LMS',
  englishMaths: 'English & maths',
  crm: 'CRM',
  hr: 'HR',
};

const CODE_PART = /^[A-Z][A-Z0-9]*$/;
// No leading zeros: v1.05 and v1.5 would otherwise be two names for one version.
const VERSION = /^v(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/;
// Something that was meant as a version but is malformed (V1.2, 1.2, v1, v1.2.3, v1.x).
const VERSION_ATTEMPT = /^[vV][\d.]*$|^[vV]?\d/;
const PERSONA = /^[A-Za-z0-9](?:[A-Za-z0-9&'(),./+-]| (?! ))*$/;

/**
 * Splits a report name into its parts. Returns a message `what is wrong; what is allowed` when the
 * name breaks the convention. Without a registry only the shape of the provider code is checked;
 * with one, every part must be a known code of its category.
 */
export function parseTemplateName(name: string, registry?: ProviderRegistry): ParsedTemplateName | string {
  if (name.length === 0) return `report name is empty; ${ALLOWED}`;
  const quoted = JSON.stringify(name);
  if (name.trim() !== name) return `report name ${quoted} has leading or trailing spaces; allowed: the same name without them`;

  const sep = name.indexOf(' - ');
  if (sep < 0) {
    const dash = /\s[–—]\s/.exec(name);
    const hint = dash ? ` (found ${JSON.stringify(dash[0].trim())}, which is not a plain hyphen)` : '';
    return `report name ${quoted} has no " - " (space, hyphen, space) between provider code and persona${hint}; ${ALLOWED}`;
  }
  const providerCode = name.slice(0, sep);
  const rest = name.slice(sep + 3);

  const code = checkProviderCode(providerCode, registry);
  if (typeof code === 'string') return code;

  const lastSpace = rest.lastIndexOf(' ');
  const versionText = lastSpace < 0 ? rest : rest.slice(lastSpace + 1);
  const persona = lastSpace < 0 ? '' : rest.slice(0, lastSpace);
  if (!VERSION_ATTEMPT.test(versionText)) {
    return `report name ${quoted} does not end in a version; allowed: " v<major>.<minor>" at the end, e.g. " v1.0"`;
  }
  const v = VERSION.exec(versionText);
  if (!v) {
    return `version ${JSON.stringify(versionText)} in report name ${quoted} is not v<major>.<minor>; allowed: a lower-case "v" and two whole numbers without leading zeros, e.g. "v1.10"`;
  }
  if (persona.trim() === '') {
    return `report name ${quoted} has an empty persona; allowed: a persona between " - " and the version, e.g. "Operations Leader"`;
  }
  if (!PERSONA.test(persona)) {
    return `persona ${JSON.stringify(persona)} in report name ${quoted} is not allowed; allowed: letters, digits, single spaces and & ' ( ) , . / + -, starting with a letter or digit`;
  }
  return { ...code, persona, version: { major: Number(v[1]), minor: Number(v[2]) } };
}

type CodeParts = Pick<ParsedTemplateName, 'providerCode' | 'lms' | 'englishMaths' | 'crm' | 'hr'>;

function checkProviderCode(providerCode: string, registry?: ProviderRegistry): CodeParts | string {
  const quoted = JSON.stringify(providerCode);
  const parts = providerCode.split('-');
  if (parts.length < 3 || parts.length > 4) {
    return `provider code ${quoted} has ${parts.length} part(s); allowed: LMS-ENGLISHMATHS-CRM or LMS-ENGLISHMATHS-CRM-HR (3 or 4 parts joined by "-")`;
  }
  if (providerCode !== providerCode.toUpperCase() && CODE_PART.test(providerCode.toUpperCase().replaceAll('-', ''))) {
    return `provider code ${quoted} is not upper case; allowed: upper-case codes, here ${JSON.stringify(providerCode.toUpperCase())}`;
  }
  for (const [i, part] of parts.entries()) {
    const category = CATEGORIES[i];
    const label = CATEGORY_LABEL[category];
    if (part === '') return `provider code ${quoted} has an empty ${label} part; allowed: ${describeKnown(category, registry)}`;
    if (!CODE_PART.test(part)) {
      return `${label} ${JSON.stringify(part)} in provider code ${quoted} is not a code; allowed: upper-case letters and digits, ${describeKnown(category, registry)}`;
    }
    if (registry && !registry[category].includes(part)) {
      const elsewhere = CATEGORIES.find((c) => c !== category && registry[c].includes(part));
      const hint = elsewhere ? ` (${part} belongs in the ${CATEGORY_LABEL[elsewhere]} position; the order is LMS-ENGLISHMATHS-CRM-HR)` : '';
      return `${label} ${JSON.stringify(part)} in provider code ${quoted} is not a known ${label} provider${hint}; known: ${registry[category].join(', ')}`;
    }
  }
  const [lms, englishMaths, crm, hr] = parts;
  return hr === undefined ? { providerCode, lms, englishMaths, crm } : { providerCode, lms, englishMaths, crm, hr };
}

function describeKnown(category: ProviderCategory, registry?: ProviderRegistry): string {
  return registry ? `known ${CATEGORY_LABEL[category]} codes: ${registry[category].join(', ')}` : 'e.g. APTEM-BKSB-HUBSPOT';
}

/** Numeric order: v1.10 is newer than v1.9, v2.0 newer than v1.12. Negative when `a` is older. */
export function compareVersions(a: TemplateVersion, b: TemplateVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

/** `{major: 1, minor: 10}` → `1.10` (the form of `catalog match --json`). */
export function formatVersion(v: TemplateVersion): string {
  return `${v.major}.${v.minor}`;
}

/** The provider code a tenant's reports carry: `LMS-ENGLISHMATHS-CRM`, plus `-HR` iff it has one. */
export function buildProviderCode(providers: { lms: string; englishMaths: string; crm: string; hr?: string | null }): string {
  const parts = [providers.lms, providers.englishMaths, providers.crm];
  if (providers.hr) parts.push(providers.hr);
  return parts.join('-');
}

/**
 * A template's name without its version: `<provider code> - <persona>`. Stable across versions,
 * so the registry keys a tenant's report mappings and module links by it.
 */
export function templateBaseName(report: { providerCode: string; persona: string }): string {
  return `${report.providerCode} - ${report.persona}`;
}
