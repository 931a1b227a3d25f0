// Golden files: the expected rendering lives in test/plan/golden/ and is reviewed like code.
// `UPDATE_GOLDEN=1` rewrites them, loudly (each rewritten file is named on stderr), and refuses to
// under CI so a pipeline can never bless its own output.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from './repo.ts';

const DIR = join(repoRoot, 'test', 'plan', 'golden');

export function expectGolden(name: string, actual: string): void {
  const file = join(DIR, name);
  const update = process.env.UPDATE_GOLDEN === '1';
  if (update && process.env.CI) throw new Error('UPDATE_GOLDEN=1 is refused under CI: regenerate golden files locally and review the diff');
  const expected = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (update && expected !== actual) {
    writeFileSync(file, actual);
    process.stderr.write(`golden file ${expected === undefined ? 'created' : 'updated'}: test/plan/golden/${name} — review the diff\n`);
    return;
  }
  if (expected === undefined) throw new Error(`golden file test/plan/golden/${name} is missing; create it with UPDATE_GOLDEN=1 and review it`);
  expect(actual, `rendering differs from test/plan/golden/${name} (UPDATE_GOLDEN=1 rewrites it)`).toBe(expected);
}
