// `npm run mutation`: Stryker over the safety code (stryker.config.json: grants, masking, the plan
// hash check, locks, the journal, the envelope), running only the tests that guard it
// (vitest.mutation.config.ts), then one line with the score. Incremental: a re-run tests only the
// mutants whose code or tests changed. Extra arguments go to `stryker run` (e.g. --force).
//
// `npm run mutation -- --grants` runs the grants suite instead: the code that writes GRANT and
// REVOKE (db/grants' policy and repair statements; the per-database ACL lock) against
// test/db/grants.test.ts alone (TENANTOPS_MUTATION_SUITE, read by vitest.mutation.config.ts), about
// 20 minutes at concurrency 1. Static mutants are kept there: the suite is small enough to re-run
// whole, and the apply in a test's setup is what reaches most of that code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const report = path.join(root, '.tenantops', 'stryker', 'mutation.json');
const stryker = path.join(root, 'node_modules', '.bin', 'stryker');
const GRANTS_MUTATE = ['src/db/grants.ts:54-75', 'src/db/grants.ts:234-296', 'src/db/database-acl.ts'];

let args = process.argv.slice(2);
const env = { ...process.env };
if (args.includes('--grants')) {
  args = args.filter((a) => a !== '--grants');
  const config = { ...JSON.parse(readFileSync(path.join(root, 'stryker.config.json'), 'utf8')), mutate: GRANTS_MUTATE, ignoreStatic: false, incrementalFile: '.tenantops/stryker/incremental-grants.json' };
  const file = path.join(root, '.tenantops', 'stryker', 'grants.config.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(config, null, 2));
  args.unshift(file);
  env.TENANTOPS_MUTATION_SUITE = 'grants';
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
