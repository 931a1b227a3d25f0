// `npm run mutation`: Stryker over the safety code (stryker.config.json: grants, masking, the plan
// hash check, locks, the journal, the envelope), running only the tests that guard it
// (vitest.mutation.config.ts), then one line with the score. Incremental: a re-run tests only the
// mutants whose code or tests changed. Extra arguments go to `stryker run` (e.g. --force).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const report = path.join(root, '.tenantops', 'stryker', 'mutation.json');
const stryker = path.join(root, 'node_modules', '.bin', 'stryker');
const run = spawnSync(stryker, ['run', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
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
