// Validation of tenant files and platform.yaml from their text: YAML faults, schema, rules,
// secrets, and uniqueness across tenants, all gathered into findings (nothing throws). Pure: no
// file system, so tests and the benchmark feed it text directly.

import type { Finding } from '../errors/index.ts';
import { sortFindings } from '../errors/index.ts';
import type { ProviderRegistry } from '../catalog/index.ts';
import { locatePath, parseYamlSource, toPlainData } from '../yaml/index.ts';
import type { LoadedTenant, PlatformConfig, TenantConfig } from './types.ts';
import { positionIssues } from './issues.ts';
import type { Issue } from './issues.ts';
import { getValidators, schemas } from './schemas.ts';
import { collectSchemaIssues } from './schema-issues.ts';
import { scanForSecrets } from './secret-scan.ts';
import { checkTenantRules } from './tenant-rules.ts';
import type { PlatformView } from './tenant-rules.ts';
import { checkPlatformRules, toPlatformView } from './platform-rules.ts';
import { checkText, escapeForbidden } from './text-rules.ts';
import * as msg from './messages.ts';

export interface SourceText {
  /** Path relative to the repository root, forward slashes; findings carry it. */
  file: string;
  text: string;
}

export interface ValidateOptions {
  providers: ProviderRegistry;
  /** Report findings only for files this accepts (default: all). Other files still serve as context. */
  report?: (file: string) => boolean;
  /** Rules over every valid tenant and the valid platform that need knowledge config does not have. */
  rules?: readonly CrossFileRule[];
}

/**
 * A rule across files that a layer above config adds (the run layer adds the derived-name
 * collisions, which need the db isolation strategies' answers). It sees only files without
 * findings; what it returns is reported at the tenant's `code` or `subdomain`.
 */
export type CrossFileRule = (tenants: readonly LoadedTenant[], platform: PlatformConfig) => CrossFileFinding[];

export interface CrossFileFinding {
  file: string;
  field: UniqueField;
  /** `what is wrong; what is allowed` */
  message: string;
}

export interface ValidationResult {
  /** Tenant files without any finding, defaults applied, sorted by file. */
  tenants: LoadedTenant[];
  /** undefined when platform.yaml is absent or has findings. */
  platform: PlatformConfig | undefined;
  findings: Finding[];
}

interface CheckedFile {
  file: string;
  /**
   * Where `code` and `subdomain` stand, for the cross-file uniqueness findings. Kept instead of the
   * parsed document: a thousand YAML syntax trees held to the end cost over 100 MB.
   */
  at?: Record<UniqueField, { line: number; col: number }>;
  data?: Record<string, unknown>;
  findings: Finding[];
  /** Values the secret scan flagged in this file; no message may repeat them. */
  secrets: string[];
}

const TENANT_WORDS = { what: 'a tenant file', example: 'GAMMA_SKILLS_DATABASE_URL' };
const PLATFORM_WORDS = { what: 'platform.yaml', example: 'TENANTOPS_DEPLOYER_SECRET' };

export function validateSources(input: { tenants: readonly SourceText[]; platform?: SourceText }, options: ValidateOptions): ValidationResult {
  const validators = getValidators();

  let platformChecked: CheckedFile | undefined;
  let platformView: PlatformView | undefined;
  if (input.platform) {
    platformChecked = checkFile(input.platform, PLATFORM_WORDS, schemas.platform.required, (data) => {
      validators.platform(data);
      return [...collectSchemaIssues(validators.platform.errors ?? [], data), ...checkPlatformRules(data)];
    });
    platformView = toPlatformView(platformChecked.data, input.platform.file);
  }

  const tenants = input.tenants.map((t) =>
    checkFile(t, TENANT_WORDS, schemas.tenant.required, (data) => {
      validators.tenant(data);
      return [
        ...collectSchemaIssues(validators.tenant.errors ?? [], data),
        ...checkTenantRules(data, t.file, { providers: options.providers, platform: platformView }),
      ];
    }),
  );
  addUniquenessFindings(tenants);
  if (platformChecked?.findings.length === 0 && platformChecked.data) {
    addRuleFindings(tenants, platformChecked.data as unknown as PlatformConfig, options.rules ?? []);
  }
  for (const t of tenants) t.findings = redact(t.findings, t.secrets);

  const report = options.report ?? (() => true);
  const all = [...(platformChecked ? [platformChecked] : []), ...tenants];
  return {
    tenants: tenants
      .filter((t) => t.findings.length === 0 && t.data && report(t.file))
      .map((t) => ({ file: t.file, config: t.data as unknown as TenantConfig }))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    platform: platformChecked && platformChecked.findings.length === 0 ? (platformChecked.data as unknown as PlatformConfig) : undefined,
    findings: sortFindings(all.filter((f) => report(f.file)).flatMap((f) => f.findings)),
  };
}

/** One tenant file (with an optional platform.yaml as context): for tests and editors. */
export function validateTenantText(
  text: string,
  file: string,
  options: { providers: ProviderRegistry; platform?: SourceText },
): { config: TenantConfig | undefined; findings: Finding[] } {
  const result = validateSources({ tenants: [{ file, text }], platform: options.platform }, { providers: options.providers, report: (f) => f === file });
  return { config: result.tenants[0]?.config, findings: result.findings };
}

export function validatePlatformText(text: string, file = 'platform.yaml'): { config: PlatformConfig | undefined; findings: Finding[] } {
  const none: ProviderRegistry = { lms: [], englishMaths: [], crm: [], hr: [], modules: [] };
  const result = validateSources({ tenants: [], platform: { file, text } }, { providers: none });
  return { config: result.platform, findings: result.findings };
}

function checkFile(
  input: SourceText,
  words: { what: string; example: string },
  required: readonly string[],
  validate: (data: Record<string, unknown>) => Issue[],
): CheckedFile {
  const parsed = parseYamlSource(input.text, input.file, { what: words.what, required });
  const data = toPlainData(parsed);
  if (!parsed.source) return { file: input.file, findings: parsed.findings, secrets: [] };

  // Secrets are looked for even when the YAML is broken: a pasted key must never pass silently.
  const secrets = scanForSecrets(parsed.source, words.what, words.example);
  const issues = data ? withTextIssues(validate(data), checkText(data)) : [];
  const all = [...parsed.findings, ...positionIssues(parsed.source, [...issues, ...secrets.issues]), ...secrets.commentFindings];
  const at = {
    code: locatePath(parsed.source, ['code'], 'value'),
    subdomain: locatePath(parsed.source, ['subdomain'], 'value'),
  };
  return { file: input.file, at, data, findings: redact(all, secrets.values), secrets: secrets.values };
}

/**
 * Text issues where no other issue stands: a code with a newline breaks its pattern and holds a
 * control character, one fault that should read as one finding.
 */
function withTextIssues(issues: Issue[], text: Issue[]): Issue[] {
  const place = (i: Issue) => `${i.target}:${JSON.stringify(i.path)}`;
  const taken = new Set(issues.map(place));
  return [...issues, ...text.filter((i) => !taken.has(place(i)))];
}

/**
 * Belt and braces: whatever a message quotes, a flagged secret never reaches output, and nothing
 * it quotes can break its line or steer a terminal.
 */
function redact(findings: Finding[], secrets: readonly string[]): Finding[] {
  const values = secrets.filter((s) => s.length >= 4);
  return findings.map((f) => {
    let message = escapeForbidden(f.message);
    for (const v of values) message = message.split(v).join('***');
    // quote() shortens long values to a prefix and "…": a prefix of a secret is a secret too.
    message = message.replace(/"([^"]{8,})…"/g, (m, head: string) => (values.some((v) => v.startsWith(head)) ? '"***"' : m));
    return message === f.message ? f : { ...f, message };
  });
}

function addRuleFindings(tenants: CheckedFile[], platform: PlatformConfig, rules: readonly CrossFileRule[]): void {
  if (!rules.length) return;
  const valid = tenants.filter((t) => t.findings.length === 0 && t.data && t.at);
  const byFile = new Map(valid.map((t) => [t.file, t]));
  const loaded = valid.map((t) => ({ file: t.file, config: t.data as unknown as TenantConfig }));
  for (const rule of rules) {
    for (const f of rule(loaded, platform)) {
      const t = byFile.get(f.file);
      if (t) t.findings.push({ file: t.file, ...t.at![f.field], message: f.message });
    }
  }
}

/** code and subdomain are unique across tenants, case-insensitively; each file names the others. */
type UniqueField = 'code' | 'subdomain';

function addUniquenessFindings(tenants: CheckedFile[]): void {
  for (const field of ['code', 'subdomain'] as const) {
    const byValue = new Map<string, CheckedFile[]>();
    for (const t of tenants) {
      const value = t.data?.[field];
      if (typeof value !== 'string' || !t.at) continue;
      const key = value.toLowerCase();
      const group = byValue.get(key);
      if (group) group.push(t);
      else byValue.set(key, [t]);
    }
    for (const group of byValue.values()) {
      if (group.length < 2) continue;
      for (const t of group) {
        const others = group.filter((o) => o !== t).map((o) => `${o.file}:${o.at![field].line}:${o.at![field].col}`);
        t.findings.push({ file: t.file, ...t.at![field], message: msg.alsoUsedBy(field, String(t.data?.[field]), others) });
      }
    }
  }
}
