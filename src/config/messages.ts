// Every message a tenant or platform finding can carry, in one place so wording stays uniform:
// one line, `what is wrong; what is allowed`. Paths are shown as `providers.lms` or
// `superUsers[1].email`. Values that may be secrets (secret-name fields, anything the secret scan
// flags) are never quoted back.

import { didYouMean, formatList as list } from '../yaml/index.ts';

// Key messages are shared with every YAML file kind (the loader owns YAML-level faults outright).
export { missingKeys, unknownKey } from '../yaml/index.ts';

const MAX_QUOTED = 60;

/** A value as messages quote it: strings in double quotes (long ones shortened), others plainly. */
export function quote(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED - 1)}…` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

/** What a value is, in words: `the text "yes"`, `the number 42`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text ${quote(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return value instanceof Uint8Array ? 'binary data' : 'a mapping';
    default:
      return typeof value;
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'nothing',
};

// ---- schema faults -----------------------------------------------------------------------------

export function wrongType(path: string, value: unknown, expected: readonly string[]): string {
  const words = expected.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
  return `${path} is ${describeValue(value)}; expected ${words}`;
}

export function notAllowedValue(path: string, value: unknown, allowed: readonly unknown[]): string {
  const names = allowed.map(String);
  const hint = typeof value === 'string' ? didYouMean(value, names) : '';
  return `${path} ${quote(value)} is not allowed${hint}; allowed: ${list(names)}`;
}

/** A key the schema forbids under a condition, e.g. `database.cluster` with isolation byod. */
export function forbiddenKey(path: string, condition: string | undefined, branch: 'then' | 'else' | undefined): string {
  if (condition && branch === 'else') return `${path} is only allowed ${condition}; remove it`;
  if (condition) return `${path} is not allowed ${condition}; remove it`;
  return `${path} is not allowed here; remove it`;
}

export interface StringRule {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** Length and pattern faults of one string, merged into one message. */
export function badString(path: string, value: string, rule: StringRule): string {
  const words = PATTERN_WORDS[rule.pattern ?? ''];
  const tooShort = rule.minLength !== undefined && value.length < rule.minLength;
  const tooLong = rule.maxLength !== undefined && value.length > rule.maxLength;
  const badForm = rule.pattern !== undefined && !new RegExp(rule.pattern, 'u').test(value);
  // Limits are worth stating when they were broken or are part of the rule (a 3-40 code).
  const length = tooShort || tooLong || (rule.minLength ?? 0) > 1 ? lengthWords(rule) : '';
  const allowed = [length, words?.words].filter(Boolean).join(': ');
  if (words?.secretName) return `${path} is not a secret name; allowed: ${allowed}`;
  if (value.length === 0) return `${path} is empty; allowed: ${allowed}`;
  const count = `${value.length} characters`;
  if (!badForm) return `${path} ${quote(value)} is too ${tooShort ? 'short' : 'long'} (${count}); allowed: ${allowed}`;
  const problems = [...(tooShort || tooLong ? [count] : []), ...(words?.explain?.(value) ?? [])];
  const why = problems.length ? ` (${problems.join(', ')})` : '';
  return `${path} ${quote(value)} is not ${words?.noun ?? 'in the expected form'}${why}; allowed: ${allowed}`;
}

/** A mapping key that breaks the naming rule of its mapping (`propertyNames`). */
export function badKeyName(parent: string, key: string, rule: StringRule): string {
  return badString(`${parent} key`, key, rule);
}

function lengthWords(rule: StringRule): string {
  const { minLength: min, maxLength: max } = rule;
  if (min !== undefined && min > 1 && max !== undefined) return `${min}-${max} characters`;
  if (max !== undefined) return `at most ${max} characters`;
  if (min !== undefined) return `at least ${min} characters`;
  return '';
}

export interface NumberRule {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  type?: string;
}

export function badNumber(path: string, value: number, rule: NumberRule): string {
  const kind = rule.type === 'integer' ? 'a whole number' : 'a number';
  const bounds = [
    rule.minimum !== undefined && `at least ${rule.minimum}`,
    rule.exclusiveMinimum !== undefined && `more than ${rule.exclusiveMinimum}`,
    rule.maximum !== undefined && `at most ${rule.maximum}`,
    rule.exclusiveMaximum !== undefined && `less than ${rule.exclusiveMaximum}`,
  ].filter(Boolean);
  return `${path} ${value} is out of range; allowed: ${kind} ${bounds.join(' and ')}`;
}

export function tooFewItems(path: string, min: number): string {
  return `${path} is empty; allowed: a list of at least ${min} ${min === 1 ? 'entry' : 'entries'}`;
}

export function tooFewProperties(path: string, min: number): string {
  return `${path} is empty; allowed: a mapping of at least ${min} ${min === 1 ? 'entry' : 'entries'}`;
}

export function duplicateItem(path: string, value: unknown, firstPath: string): string {
  return `${path} ${quote(value)} repeats ${firstPath}; each entry may appear only once`;
}

// ---- pattern explanations: words, never the regex ------------------------------------------------

interface PatternWords {
  /** What a matching value is: `a DNS label`. */
  noun: string;
  /** The rule in words, for "allowed:". */
  words: string;
  /** What is wrong with a value that fails the pattern, as short phrases. */
  explain?: (value: string) => string[];
  /** Fields holding secret NAMES: never quote the value, it may be the secret itself. */
  secretName?: boolean;
}

function charProblems(value: string, allowedChar: RegExp, rules: { first?: RegExp; firstWords?: string; noEdgeHyphen?: boolean }): string[] {
  const out: string[] = [];
  if (/[A-Z]/.test(value) && !allowedChar.test('A')) out.push('has uppercase letters');
  const bad = [...new Set([...value].filter((c) => !allowedChar.test(c) && !/[A-Z]/.test(c)))];
  if (bad.length) out.push(`contains ${bad.map((c) => JSON.stringify(c)).join(', ')}`);
  if (rules.first && value && !rules.first.test(value[0]) && allowedChar.test(value[0])) out.push(`does not start with ${rules.firstWords}`);
  if (rules.noEdgeHyphen && value.startsWith('-')) out.push('starts with a hyphen');
  if (rules.noEdgeHyphen && value.endsWith('-') && value.length > 1) out.push('ends with a hyphen');
  return out;
}

const HOSTNAME =
  '^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$';
const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** Keyed by the exact pattern string of the schemas; a test checks every schema pattern is here. */
export const PATTERN_WORDS: Record<string, PatternWords> = {
  '^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$': {
    noun: 'a blob container name',
    words: '3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit (Azure Storage rules)',
  },
  '^[a-z][a-z0-9-]*$': {
    noun: 'a valid name',
    words: 'lowercase letters, digits and hyphens, starting with a letter',
    explain: (v) => charProblems(v, /[a-z0-9-]/, { first: /[a-z]/, firstWords: 'a letter' }),
  },
  '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$': {
    noun: 'a DNS label',
    words: 'one DNS label of lowercase letters, digits and hyphens, not starting or ending with a hyphen',
    explain: (v) => charProblems(v, /[a-z0-9-]/, { noEdgeHyphen: true }),
  },
  '^[A-Z][A-Z0-9_]*$': {
    noun: 'a secret name',
    words: 'the NAME of a secret, an environment variable name such as GAMMA_SKILLS_DATABASE_URL (uppercase letters, digits and underscores, starting with a letter)',
    secretName: true,
  },
  '^[A-Za-z][A-Za-z0-9_]*$': {
    noun: 'a valid item name',
    words: 'letters, digits and underscores, starting with a letter',
    explain: (v) => charProblems(v, /[A-Za-z0-9_]/, { first: /[A-Za-z]/, firstWords: 'a letter' }),
  },
  '^[a-z_][a-z0-9_]*$': {
    noun: 'a PostgreSQL name',
    words: 'a PostgreSQL name of lowercase letters, digits and underscores, not starting with a digit',
    explain: (v) => charProblems(v, /[a-z0-9_]/, { first: /[a-z_]/, firstWords: 'a letter or underscore' }),
  },
  [GUID]: { noun: 'a GUID', words: 'a GUID such as 00000000-0000-0000-0000-000000000000' },
  [HOSTNAME]: { noun: 'a host name', words: 'a host name such as app.example.com (dot-separated labels of letters, digits and hyphens)' },
  '^(A[1-8]|EM[1-3]|F(2|4|8|16|32|64|128|256|512|1024|2048)|P[1-5]|PPU|shared)$': {
    noun: 'a capacity SKU',
    words: 'A1-A8, EM1-EM3, F2-F2048 (powers of two), P1-P5, PPU or shared',
  },
  '^[a-z][A-Za-z0-9]*Secret$': { noun: 'a credential role', words: 'a role name in camelCase ending in Secret, such as apiKeySecret' },
  '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$': {
    noun: 'an IPv4 address',
    words: 'an IPv4 address such as 203.0.113.10 (recordType A)',
  },
  '^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$': { noun: 'an IPv6 address', words: 'an IPv6 address such as 2001:db8::10 (recordType AAAA)' },
  '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$': {
    noun: 'a directory id or domain',
    words: 'a directory id (GUID) or a domain such as contoso.onmicrosoft.com',
  },
  '^https://[^\\s/?#]+(/[^\\s]*)?$': { noun: 'an https:// URL', words: 'an https:// URL such as https://login.microsoftonline.com' },
  // The mail section.
  '^[^\\s@<>"]+@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$': {
    noun: 'a mail address',
    words: 'a bare mail address such as noreply@example.com (no display name, no angle brackets)',
  },
  '^[^\\r\\n<>"]+$': { noun: 'a display name', words: 'a display name on one line, without <, > or double quotes' },
  '^\\S+$': { noun: 'a user name', words: 'a user name without spaces, usually the mailbox address' },
  '^https://\\S+$': { noun: 'an https:// scope', words: 'an https:// scope such as https://outlook.office365.com/.default' },
  '^[1-9][0-9]{0,4}[mhd]$': { noun: 'a duration', words: 'a number and a unit: m (minutes), h (hours) or d (days), such as 7d or 48h' },
};

// ---- rules across fields and files ---------------------------------------------------------------

/** U+202E (a right-to-left override): the character by code point and kind, never the text around it. */
export function forbiddenCharacter(where: string, ch: string, index: number): string {
  const code = ch.codePointAt(0)!;
  const point = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const kind = code === 0 ? 'a NUL' : code === 0x1b ? 'an escape, as in terminal colour codes' : code < 0x20 || (code >= 0x7f && code <= 0x9f) ? 'a control character' : 'a bidirectional override, which makes text read unlike its bytes';
  return `${where} contains ${point} (${kind}) at character ${index + 1}; allowed: printable text, without control characters or bidirectional overrides`;
}

export function blankName(where: string): string {
  return `${where} is only blanks; allowed: a name with at least one visible character`;
}

export function fileNameMismatch(code: string, fileName: string): string {
  return `code ${quote(code)} does not match the file name ${JSON.stringify(fileName)}; a tenant file is named <code>.yaml: rename it to ${code}.yaml or change the code`;
}

export function alsoUsedBy(field: 'code' | 'subdomain', value: string, others: readonly string[]): string {
  const plural = field === 'code' ? 'codes' : 'subdomains';
  return `${field} ${quote(value)} is also used by ${others.join(', ')}; ${plural} are unique across tenants (compared case-insensitively)`;
}

export function reservedName(field: 'code' | 'subdomain', value: string, reserved: readonly string[]): string {
  return `${field} ${quote(value)} is a reserved name; allowed: any name except ${list(reserved)}`;
}

const CATEGORY_WORDS: Record<string, string> = { lms: 'LMS', englishMaths: 'English & maths', crm: 'CRM', hr: 'HR' };

export function unknownProvider(category: string, value: string, known: readonly string[]): string {
  return `providers.${category} ${quote(value)} is not a known ${CATEGORY_WORDS[category] ?? category} provider; known: ${list(known)}`;
}

export function unknownModule(path: string, value: string, known: readonly string[]): string {
  return `${path} ${quote(value)} is not a known module${didYouMean(value, known)}; known: ${list(known)}`;
}

export function notDefinedInPlatform(path: string, value: string, kind: 'cluster' | 'capacity', platformFile: string, defined: readonly string[]): string {
  return `${path} ${quote(value)} is not a ${kind} defined in ${platformFile}${didYouMean(value, defined)}; defined: ${list(defined)}`;
}

export function clusterDedicated(cluster: string, owner: string, tenant: string, usable: readonly string[]): string {
  return `database.cluster ${quote(cluster)} is dedicated to tenant ${owner}; allowed for ${tenant}: ${list(usable)}`;
}

export function noSharedDatabase(cluster: string, platformFile: string, usable: readonly string[]): string {
  return `database.cluster ${quote(cluster)} has no shared database (clusters.${cluster}.database in ${platformFile}) for schema isolation; clusters with one: ${list(usable)}`;
}

export function fabricNeedsCapacity(capacity: string, sku: string, usable: readonly string[]): string {
  return `powerbi.fabric needs a Fabric (F) or Premium (P) capacity, and ${quote(capacity)} is ${sku}; capacities that can hold Fabric items: ${list(usable)}`;
}

export function invalidEmail(path: string, value: string): string {
  return `${path} ${quote(value)} is not an email address; allowed: an address such as name@example.com`;
}

export function duplicateEmail(path: string, value: string, firstPath: string): string {
  return `${path} ${quote(value)} repeats ${firstPath}; each super user appears once (emails compared case-insensitively)`;
}

export function undefinedProfile(value: string, defined: readonly string[], field = 'powerbi.credentialProfile'): string {
  return `${field} ${quote(value)} is not defined in credentialProfiles${didYouMean(value, defined)}; defined: ${list(defined)}`;
}

export function maintenanceTargetMissing(): string {
  return 'suspend.dns is maintenance but dns.maintenanceTarget is not set; set dns.maintenanceTarget (where a suspended tenant\'s record points), or use suspend.dns: keep';
}

export function platformMissing(file: string): string {
  return `${file} not found; the repository root needs ${file} (clusters, capacities, DNS zone, credential profiles)`;
}

/** Never takes the value: the message must not repeat a secret. `example` is a secret NAME. */
export function secretInFile(where: string, kind: string, what: string, example: string): string {
  return `${where} looks like ${kind}; ${what} must name a secret, never contain it: store the value as an environment secret, write its NAME (e.g. ${example}) and rotate the value if it was ever committed`;
}

export function secretNotSet(name: string, usedBy?: string): string {
  const by = usedBy ? ` (named by ${usedBy})` : '';
  return `environment variable ${name} is not set${by}; set it to the secret's value (on GitHub: an environment secret of that name, passed to the step as env)`;
}

export function pathNotFound(path: string): string {
  return `no such file or directory: ${path}; pass tenant files, directories of them, or platform.yaml`;
}

export function pathOutsideRepository(path: string): string {
  return `${path} is outside the repository's tenants/ and platform.yaml; allowed: tenant files or folders under tenants/, and platform.yaml (nothing else is ever read)`;
}

export function symbolicLink(file: string): string {
  return `${file} is a symbolic link, which is not read; allowed: a regular file (a link could make validation read a file outside the repository)`;
}
