import { defineConfig } from 'vitest/config';

// Two workers on the 2-core machines this runs on; each worker gets its own embedded PostgreSQL
// cluster from the global setup (test/support/global-setup.ts) and a fresh database per test.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'emulators/test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Imports its JSON schema without an import attribute, which Node refuses: let Vite load it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
