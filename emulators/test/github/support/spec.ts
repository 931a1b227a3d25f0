// GitHub's REST description from `@octokit/openapi` (a development dependency of the repository),
// loaded once per test file: what the conformance test and the parity check read.

import { createRequire } from 'node:module';
import { GITHUB_SPEC_FILE, loadGithubSpec, type OpenApiSpec } from '../../../src/spec/index.ts';

const require = createRequire(import.meta.url);

/** The path of api.github.com's description inside the installed package. */
export const GITHUB_SPEC_PATH = require.resolve(`@octokit/openapi/${GITHUB_SPEC_FILE}`);

let spec: OpenApiSpec | undefined;

export function githubSpec(): OpenApiSpec {
  return (spec ??= loadGithubSpec(GITHUB_SPEC_PATH));
}
