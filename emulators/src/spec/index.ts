// OpenAPI validation for the emulator fidelity tests: load Microsoft's swagger 2.0 files with
// their cross-file `$ref`s (and GitHub's OpenAPI 3 description, read into the same shape), find
// the operation a call addresses, and validate requests and responses with ajv. A short list of
// commented overrides records where a spec is known to differ from the service. See
// docs/parity.md for how the tests use it.

export { loadOpenApiSpec } from './validator.ts';
export type { CallToValidate, LoadSpecOptions, OpenApiSpec, ResponseToValidate, ValidationResult } from './validator.ts';
export type { SpecOperation, SpecParameter } from './operations.ts';
export { specRef } from './overrides.ts';
export type { SpecOverride } from './overrides.ts';
export { FABRIC_SPEC_FILES, FABRIC_SPEC_OVERRIDES, loadFabricSpec } from './fabric.ts';
export { POWERBI_SPEC_FILE, loadPowerBiSpec } from './powerbi.ts';
export { GITHUB_SPEC_FILE, githubSpecOverrides, loadGithubSpec } from './github.ts';
export { openApi3ToSwagger } from './openapi3.ts';
