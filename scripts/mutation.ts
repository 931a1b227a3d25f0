// `npm run mutation`: Stryker over the safety code (stryker.config.json: grants, masking, the plan
// hash check, locks, the journal, the envelope), running only the tests that guard it
// (vitest.mutation.config.ts), then one line with the score. Incremental: a re-run tests only the
// mutants whose code or tests changed. Extra arguments go to `stryker run` (e.g. --force).
//
// A suite flag runs one part on its own, against its own fast tests (TENANTOPS_MUTATION_SUITE, read
// by vitest.mutation.config.ts), with an incremental file of its own:
// - `--grants`: the code that writes GRANT and REVOKE (db/grants' policy and repair statements; the
//   per-database ACL lock) against test/db/grants.test.ts alone: about 40 minutes at concurrency 1
//   for all of it on the shared machine (12 s a mutant idle, 20-25 s loaded).
//   Static mutants are kept there: the suite is small enough to re-run whole, and the apply in a
//   test's setup is what reaches most of that code.
// - `--registry`: locks, the journal and the envelope against their own tests
//   (test/registry/{locks,journal,envelope}.test.ts): a few seconds per mutant instead of the main
//   run's isolation suite, with short timeouts since a broken lock makes tests wait.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
let report = path.join(root, '.tenantops', 'stryker', 'mutation.json');
const stryker = path.join(root, 'node_modules', '.bin', 'stryker');
const SUITES: Record<string, { mutate: string[]; ignoreStatic: boolean; timeoutMS?: number }> = {
  grants: { mutate: ['src/db/grants.ts:54-75', 'src/db/grants.ts:234-296', 'src/db/database-acl.ts'], ignoreStatic: false },
  // A mutant that breaks a lock's release makes the next test wait: 15 s (the suite's test timeout is
  // 10 s there) instead of the default minute per such mutant.
  registry: { mutate: ['src/registry/locks.ts', 'src/registry/journal.ts', 'src/registry/envelope.ts'], ignoreStatic: true, timeoutMS: 15_000 },
};

let args = process.argv.slice(2);
const env = { ...process.env };
const suite = Object.keys(SUITES).find((name) => args.includes(`--${name}`));
if (suite) {
  args = args.filter((a) => a !== `--${suite}`);
  // A report, incremental file and sandbox of its own: the suites can run at the same time.
  report = path.join(root, '.tenantops', 'stryker', `mutation-${suite}.json`);
  const config = {
    ...JSON.parse(readFileSync(path.join(root, 'stryker.config.json'), 'utf8')),
    ...SUITES[suite],
    incrementalFile: `.tenantops/stryker/incremental-${suite}.json`,
    jsonReporter: { fileName: path.relative(root, report) },
    tempDirName: `.tenantops/stryker-tmp-${suite}`,
  };
  const file = path.join(root, '.tenantops', 'stryker', `${suite}.config.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(config, null, 2));
  args.unshift(file);
  env.TENANTOPS_MUTATION_SUITE = suite;
}
const run = spawnSync(stryker, ['run', ...args], { stdio: 'inherit', cwd: root, env });
if (run.status !== 0 || !existsSync(report)) {
  console.error(`mutation: stryker did not finish (exit ${run.status ?? run.signal}); no score`);
  process.exit(run.status || 1);
}

interface MutantResult { status: string }
const { files } = JSON.parse(readFileSync(report, 'utf8')) as { files: Record<string, { mutants: MutantResult[] }> };
const count = (file: MutantResult[], ...statuses: string[]) => file.filter((m) => statuses.includes(m.status)).length;
const rows = Object.entries(files).map(([file, { mutants }]) => {
  const detected = count(mutants, 'Killed', 'Timeout');
  const valid = detected + count(mutants, 'Survived', 'NoCoverage');
  return { file, detected, valid, survived: count(mutants, 'Survived'), uncovered: count(mutants, 'NoCoverage') };
});
const total = rows.reduce((t, r) => ({ detected: t.detected + r.detected, valid: t.valid + r.valid }), { detected: 0, valid: 0 });
for (const r of rows) console.log(`mutation: ${r.file}: ${r.detected}/${r.valid} killed, ${r.survived} survived, ${r.uncovered} without coverage`);
console.log(`mutation score: ${((100 * total.detected) / Math.max(1, total.valid)).toFixed(1)}% (${total.detected}/${total.valid} mutants killed)`);
