// GitHub's own REST description (`@octokit/openapi`, api.github.com's OpenAPI 3.0 file), read
// through openapi3.ts, for the GitHub emulator's fidelity tests. The caller says where the file
// is (the package is a development dependency of the repository, not of the emulators).

import { basename, dirname } from 'node:path';
import { openApi3ToSwagger } from './openapi3.ts';
import type { SpecOverride } from './overrides.ts';
import { loadOpenApiSpec, type OpenApiSpec } from './validator.ts';

/** The file inside `@octokit/openapi` that describes api.github.com. */
export const GITHUB_SPEC_FILE = 'generated/api.github.com.json';

/** A URL, or the empty string the description gives as the field's default. */
const URL_OR_EMPTY = { type: 'string', pattern: '^(|[a-zA-Z][a-zA-Z0-9+.-]*:\\S*)$' };

/** Where GitHub's description contradicts itself; `{file}` is the description's file name. */
export function githubSpecOverrides(file: string): SpecOverride[] {
  const why =
    'The description types this field `format: uri` and gives it `default: ""` — what a deployment status created without it ' +
    'answers; "" is not a URI, so the default is allowed as well.';
  return ['target_url', 'log_url', 'environment_url'].map((name) => ({
    kind: 'schema', target: `${file}#/definitions/deployment-status/properties/${name}`, replace: URL_OR_EMPTY, why,
  }));
}

export function loadGithubSpec(file: string, options: { overrides?: readonly SpecOverride[] } = {}): OpenApiSpec {
  return loadOpenApiSpec({ root: dirname(file), files: [basename(file)], overrides: options.overrides ?? githubSpecOverrides(basename(file)), transform: openApi3ToSwagger });
}
