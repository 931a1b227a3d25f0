// Where Microsoft's specs and the recorded trace live: `../shared/specs/` beside the repository
// (read in place, never copied into the project), or TENANTOPS_SPECS_DIR.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding `powerbi/`, `fabric/` and `fabric-trace/`. */
export function specsRoot(): string {
  const fromEnv = process.env.TENANTOPS_SPECS_DIR;
  if (fromEnv) return resolve(fromEnv);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  return resolve(repoRoot, '../shared/specs');
}

/** True when the specs are present (tests skip loudly otherwise). */
export function specsAvailable(): boolean {
  return existsSync(join(specsRoot(), 'fabric', 'platform', 'swagger.json'));
}
