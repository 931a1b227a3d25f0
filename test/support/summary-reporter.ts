// Closes the run with the slowest test files (where the suite's time goes, so a newcomer sees what
// to speed up without a profiler) and one plain line, `N passed, N failed, N skipped`, which CI
// reads in any language; vitest's own summary stays above it.
import type { Reporter, TestModule } from 'vitest/node';

const SLOWEST_SHOWN = 8;

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
    }
    const timed = modules.map((m) => ({ file: m.relativeModuleId, seconds: m.diagnostic().duration / 1000 })).sort((a, b) => b.seconds - a.seconds);
    if (timed.length > SLOWEST_SHOWN) {
      process.stdout.write(`\nslowest files (tests and hooks): ${timed.slice(0, SLOWEST_SHOWN).map((t) => `${t.file} ${t.seconds.toFixed(0)} s`).join(', ')}\n`);
    }
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
