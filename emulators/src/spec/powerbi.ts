// The Power BI REST swagger, loaded for the Power BI emulator's fidelity tests. Paths are matched
// case-insensitively because the service does. The Power BI emulator's tests pass their own
// overrides (each with its `why`), e.g. for the spec's known mistakes listed in the specs'
// own README.

import { join } from 'node:path';
import type { SpecOverride } from './overrides.ts';
import { loadOpenApiSpec, type OpenApiSpec } from './validator.ts';

export const POWERBI_SPEC_FILE = 'swagger.json';

/** The Power BI swagger (`<specsDir>/powerbi`). */
export function loadPowerBiSpec(specsDir: string, options: { overrides?: readonly SpecOverride[] } = {}): OpenApiSpec {
  return loadOpenApiSpec({
    root: join(specsDir, 'powerbi'),
    files: [POWERBI_SPEC_FILE],
    caseInsensitivePaths: true,
    overrides: options.overrides ?? [],
  });
}
