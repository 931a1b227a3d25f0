// config: tenant files and platform.yaml — reading them from a repository, JSON Schema validation,
// rules across files, and findings as `file:line:col: what is wrong; what is allowed`. Parsing with
// source positions is the shared YAML loader's (src/yaml).

export { loadRepository, PLATFORM_FILE, TENANTS_DIR } from './load.ts';
export type { LoadOptions } from './load.ts';
export { validateSources, validateTenantText, validatePlatformText } from './validate.ts';
export type { CrossFileFinding, CrossFileRule, SourceText, ValidateOptions, ValidationResult } from './validate.ts';
export { resolveSecret } from './resolve-secret.ts';
export { detectSecret } from './secret-scan.ts';
export { RESERVED_NAMES } from './tenant-rules.ts';
export type * from './types.ts';
export type { TenantContext } from './tenant-context.ts';
// The positioned-findings machinery other YAML file kinds (operations/*.yaml) reuse.
export { createAjv } from './schemas.ts';
export { collectSchemaIssues } from './schema-issues.ts';
export { positionIssues, type Issue } from './issues.ts';
export { checkText } from './text-rules.ts';
