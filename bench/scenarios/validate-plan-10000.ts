// `tenantops plan --offline --markdown` in a fresh process, as a user (or the PR workflow) runs it,
// on 1,000 and 10,000 generated tenant files, against a floor script (start, read, parse,
// validate: bench/floor-validate.ts) timed in the same run. Targets (fleet issue): plan ÷ floor
// ≤ 2 at 10,000 files; peak RSS ≤ 300 MB and flat from 1,000 to 10,000.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WALL_CLOCK_ROUNDS, type Figure, type Scenario } from '../scenario.ts';
import { generateRepository } from '../fleet-files.ts';
import { repoRoot } from '../../test/support/repo.ts';

const RSS_PRELOAD = path.join(repoRoot, 'bench', 'report-rss.mjs');

interface Timed {
  seconds: number;
  /** User + system CPU seconds of the child: what a loaded machine disturbs least. */
  cpuSeconds: number;
  rssMb: number;
  bytesOut: number;
}

function timed(args: string[], cwd: string): Timed {
  // stdout goes to a file, not into this process: a 150 MiB plan held here would be our memory, not
  // the child's, and a file is written synchronously as a pipe is on Linux.
  const outFile = path.join(cwd, 'stdout.txt');
  const out = openSync(outFile, 'w');
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', RSS_PRELOAD, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', out, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  closeSync(out);
  // plan exits 0 (no changes) or 2 with --fail-on-changes only; anything else is a failure.
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const figure = (name: string) => Number(new RegExp(`@@${name} ([\\d.]+)`).exec(r.stderr)?.[1] ?? NaN);
  return { seconds, cpuSeconds: figure('cpu'), rssMb: figure('rss'), bytesOut: statSync(outFile).size };
}

async function measure(count: number) {
  const root = await generateRepository(count);
  try {
    const floor = timed([path.join(repoRoot, 'bench', 'floor-validate.ts'), root], root);
    const plan = timed([path.join(repoRoot, 'scripts', 'tenantops.mjs'), 'plan', '--offline', '--markdown', '--root', root], root);
    return { floor, plan };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const scenario: Scenario = {
  name: 'validate-plan-10000',
  rounds: WALL_CLOCK_ROUNDS,
  description: 'fresh `plan --offline --markdown` of 1,000 and 10,000 tenant files ÷ a floor (read, parse, validate) timed in the same run',
  async run(): Promise<Figure[]> {
    const small = await measure(1000);
    const large = await measure(10_000);
    return [
      { name: 'plan ÷ floor, 10,000 files', value: large.plan.seconds / large.floor.seconds, unit: '×', target: 2, direction: 'max', bound: 'floor = fresh process that reads, parses and validates the same files (bench/floor-validate.ts)' },
      { name: 'plan ÷ floor CPU time, 10,000 files', value: large.plan.cpuSeconds / large.floor.cpuSeconds, unit: '×', target: 2, direction: 'max', bound: 'user + system CPU seconds of the same two processes' },
      { name: 'plan wall, 10,000 files', value: large.plan.seconds, unit: 's' },
      { name: 'floor wall, 10,000 files', value: large.floor.seconds, unit: 's' },
      { name: 'plan peak RSS, 10,000 files', value: large.plan.rssMb, unit: 'MB', target: 300, direction: 'max' },
      { name: 'plan peak RSS, 1,000 files', value: small.plan.rssMb, unit: 'MB', target: 300, direction: 'max' },
      { name: 'RSS growth 1,000 → 10,000 files', value: large.plan.rssMb / small.plan.rssMb, unit: '×', target: 1.25, direction: 'max', bound: '"flat": within 25 %' },
      { name: 'floor peak RSS, 10,000 files', value: large.floor.rssMb, unit: 'MB' },
      { name: 'floor peak RSS, 1,000 files', value: small.floor.rssMb, unit: 'MB' },
      { name: 'plan ÷ floor, 1,000 files', value: small.plan.seconds / small.floor.seconds, unit: '×' },
      { name: 'plan wall, 1,000 files', value: small.plan.seconds, unit: 's' },
      { name: 'markdown plan size, 10,000 files', value: large.plan.bytesOut / 2 ** 20, unit: 'MiB' },
    ];
  },
};
export default scenario;
