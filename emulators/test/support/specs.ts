// Microsoft's specs and the recorded fabric-cicd trace, which the fidelity suites check the
// emulators against: read in place from `shared/specs/` beside the repository (never copied into
// it), or from EMULATOR_SPECS_DIR. When they are missing a fidelity suite says so and skips;
// under CI it fails instead, so a pipeline can never pass without having checked anything.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

/** The folder holding `powerbi/`, `fabric/` and `fabric-trace/`. */
export const SPECS_DIR = resolve(process.env.EMULATOR_SPECS_DIR ?? join(import.meta.dirname, '../../../../shared/specs'));

/** The recorded fabric-cicd run. */
export const TRACE_FILE = join(SPECS_DIR, 'fabric-trace', 'http_trace.json.gz');

const REQUIRED = ['fabric/platform/swagger.json', 'powerbi/swagger.json', 'fabric-trace/http_trace.json.gz'];

/** What is missing, in a sentence; undefined when everything is there. */
export function specsMissing(): string | undefined {
  const absent = REQUIRED.filter((file) => !existsSync(join(SPECS_DIR, file)));
  if (absent.length === 0) return undefined;
  return `the specs are missing from ${SPECS_DIR} (${absent.join(', ')}); put them there or point EMULATOR_SPECS_DIR at the folder that holds them`;
}

/** A suite that needs the specs: its body runs only when they are there. */
export function describeWithSpecs(name: string, body: () => void): void {
  const missing = specsMissing();
  if (!missing) describe(name, body);
  else describe(name, () => reportMissing(name, missing));
}

/** One test that needs the specs, in a suite that otherwise does not. */
export function itWithSpecs(name: string, body: () => void | Promise<void>): void {
  const missing = specsMissing();
  if (!missing) it(name, body);
  else reportMissing(name, missing);
}

function reportMissing(name: string, missing: string): void {
  if (process.env.CI) {
    it(`${name}: has the specs it checks against (CI runs fidelity tests, never skips them)`, () => {
      throw new Error(missing);
    });
  } else {
    it.skip(`${name}: skipped, ${missing}`, () => {});
  }
}
