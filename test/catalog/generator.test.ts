import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReportsYaml } from '../../scripts/generate-catalog.ts';

describe('scripts/generate-catalog.ts', () => {
  it('reproduces the committed templates/reports.yaml byte for byte', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', '..', 'templates', 'reports.yaml'), 'utf8');
    // On failure: run `npx node scripts/generate-catalog.ts` after changing the generator, or bring
    // the generator in line with a hand edit of the catalog.
    expect(renderReportsYaml() === committed).toBe(true);
  });
  it('is deterministic', () => {
    expect(renderReportsYaml()).toBe(renderReportsYaml());
  });
});
