import { chmodSync, statSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The tests that guard the safety code Stryker mutates (stryker.config.json): grants, masking,
// the plan hash check, locks, the journal and the envelope. Only these run for each mutant, so a
// mutation run stays within hours on two cores; `npm run mutation` uses this file. (Spread, not
// mergeConfig: that would append this list to the whole suite's.)

// Stryker runs this in a copy of the project made by mkdtemp (mode 700), where the test PostgreSQL
// (global-setup.ts, run as the postgres user) could not enter its data directory: let it pass.
chmodSync(import.meta.dirname, statSync(import.meta.dirname).mode | 0o011);

const SUITE_TESTS: Record<string, string[]> = {
  grants: ['test/db/grants.test.ts'],
  registry: ['test/registry/locks.test.ts', 'test/registry/journal.test.ts', 'test/registry/envelope.test.ts'],
};

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // `npm run mutation -- --grants` / `--registry` (scripts/mutation.ts): one part against its own fast tests.
    include: SUITE_TESTS[process.env.TENANTOPS_MUTATION_SUITE ?? ''] ?? [
      'test/security/masking.test.ts',
      'test/run/compose.test.ts',
      'test/plan/hash.test.ts',
      'test/plan/apply.test.ts',
      'test/registry/locks.test.ts',
      'test/registry/journal.test.ts',
      'test/registry/envelope.test.ts',
      'test/db/isolation.test.ts',
      'test/db/idempotence.test.ts',
      'test/db/grants.test.ts',
    ],
    // The summary reporter writes the suite's own report; a mutant run wants none.
    reporters: ['default'],
    maxWorkers: 1,
    // The registry suite's tests take well under a second each; a mutant that breaks a lock's
    // release makes one wait for ever, which should cost seconds, not the suite's minute.
    ...(process.env.TENANTOPS_MUTATION_SUITE === 'registry' ? { testTimeout: 10_000 } : {}),
  },
});
