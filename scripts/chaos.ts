// npm run chaos [-- --part db|crash|faults|concurrency] [--mode schema|database|byod] [--onboardings N]
// The crash and fault sweeps. Every part runs unless --part names some:
// - db: a clean apply of the database slice counts its SQL writes N; for every i a real
//   `tenantops apply` SIGKILLed right after write i (TENANTOPS_CHAOS_KILL_AFTER, src/db/sql.ts),
//   re-run, catalogs and registry rows compared with the clean run's (per isolation mode, on its
//   own embedded PostgreSQL in .tenantops/chaos-pg).
// - crash: a full onboarding (db → powerbi → dns) on the sandbox with a 3-report catalog counts its
//   journal records per capability; for every capability c and every k up to its count the child
//   is SIGKILLed right after c's k-th record (TENANTOPS_CHAOS_KILL_AFTER_STEP, src/registry/journal.ts),
//   re-run, and the whole end state (Power BI / Fabric, DNS, registry, catalog) compared with the
//   clean run's. Per capability because capabilities apply side by side: a global record number
//   names a different record, or none, in a run that interleaves them otherwise.
// A child that is not killed at its kill point is a sweep error (the point was never tested), not a
// convergence failure: reported apart, and not counted in K/K.
// - faults: onboardings (100 by default) under seeded random faults (test/support/chaos-faults.ts).
// - concurrency: 8 applies of one tenant at once, and 8 tenants of one cluster at once.
// Prints `converged K/K` per capability (K: the kills that happened) and the fault counts; exit 1
// unless everything converged and every kill point was reached.
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '@tenantops/emulators';
import { createChaosHarness, MODES, type Mode } from '../test/support/chaos.ts';
import { duplicates, killAfterStep, openSweep, SWEEP_CLUSTER_CONNECTIONS, type Sweep } from '../test/support/chaos-sweep.ts';
import { FAULT_KINDS, faultedOnboarding, firstDifference, type FaultLabel } from '../test/support/chaos-faults.ts';

const PARTS = ['db', 'crash', 'faults', 'concurrency'] as const;
type Part = (typeof PARTS)[number];
const { values } = parseArgs({ options: { part: { type: 'string', multiple: true }, mode: { type: 'string', multiple: true }, onboardings: { type: 'string' }, seed: { type: 'string' } } });
const parts = (values.part ?? [...PARTS]) as Part[];
for (const p of parts) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--part ${p}: allowed ${PARTS.join(', ')}`);
const modes = (values.mode ?? [...MODES]) as Mode[];
for (const m of modes) if (!(MODES as readonly string[]).includes(m)) throw new Error(`--mode ${m}: allowed ${MODES.join(', ')}`);
const onboardings = Number(values.onboardings ?? 100);
const seed = Number(values.seed ?? 20261205);
const root = path.resolve(import.meta.dirname, '..');
const TENANT = 'sweep-1';

const failures: string[] = [];
const sweepErrors: string[] = [];
const lines: string[] = [];
const seconds = (since: number) => `${Math.round((Date.now() - since) / 1000)} s`;
const report = (line: string) => {
  lines.push(line);
  console.log(line);
};

if (parts.includes('db')) await dbSweep();
if (parts.includes('crash')) await withSweep(1, crashSweep);
if (parts.includes('faults')) await withSweep(1, faultSweep);
if (parts.includes('concurrency')) await withSweep(8, concurrency);

for (const f of failures) console.log(`not converged: ${f}`);
for (const e of sweepErrors) console.log(`sweep error: ${e}`);
console.log('\nsummary:');
for (const line of lines) console.log(`  ${line}`);
process.exitCode = failures.length || sweepErrors.length ? 1 : 0;

async function withSweep(tenants: number, fn: (sweep: Sweep) => Promise<void>): Promise<void> {
  const sweep = await openSweep({ tenants });
  try {
    await fn(sweep);
  } finally {
    await sweep.close();
  }
}

async function dbSweep(): Promise<void> {
  const started = Date.now();
  const server = await startEmbeddedPostgres({ dataDir: path.join(root, '.tenantops', 'chaos-pg'), password: 'chaos-sandbox' });
  const harness = await createChaosHarness(server.url);
  let converged = 0;
  let total = 0;
  try {
    for (const mode of modes) {
      const writes = await harness.cleanApply(mode);
      const clean = await harness.snapshot(mode);
      await harness.teardown(mode);
      console.log(`db (${mode}): a clean apply makes ${writes} writes; killing after each`);
      for (let i = 1; i <= writes; i++) {
        const killed = await harness.applyKilledAfter(mode, i);
        await harness.apply(mode);
        const after = await harness.snapshot(mode);
        if (!killed) sweepErrors.push(`db ${mode}: the run to be killed after write ${i} of ${writes} finished first`);
        else {
          total++;
          if (isDeepStrictEqual(after, clean)) converged++;
          else failures.push(`db ${mode} kill after write ${i}: differs at ${firstDifference(clean, after)}`);
        }
        await harness.teardown(mode);
        process.stdout.write(i % 10 === 0 || i === writes ? `  ${i}/${writes}\n` : '');
      }
    }
  } finally {
    await harness.close();
    await server.stop();
  }
  report(`db writes (${modes.join(', ')}): converged ${converged}/${total} (${seconds(started)})`);
}

async function crashSweep(sweep: Sweep): Promise<void> {
  const started = Date.now();
  const clean = await sweep.apply(TENANT);
  if (clean.code !== 0) throw new Error(`the clean onboarding failed: ${clean.stderr.slice(-3000)}`);
  const points = await sweep.journalKillPoints(TENANT);
  const expected = await sweep.endState(TENANT);
  await sweep.reset();
  const n = points.length;
  const tally = new Map<string, { converged: number; total: number; errors: number }>();
  for (const { capability } of points) tally.set(capability, { converged: 0, total: 0, errors: 0 });
  console.log(`crash: a clean onboarding writes ${n} journal records (${[...tally.keys()].map((c) => `${c} ${points.filter((p) => p.capability === c).length}`).join(', ')}); killing after each`);
  for (const [index, point] of points.entries()) {
    const count = tally.get(point.capability)!;
    const where = `${point.capability} record ${point.k}`;
    const killed = await sweep.apply(TENANT, killAfterStep(point));
    if (killed.signal !== 'SIGKILL') {
      count.errors++;
      sweepErrors.push(`crash: the run to be killed after ${where} was not killed (exit ${killed.code}; it wrote fewer ${point.capability} records than the clean run): ${killed.stderr.slice(-500)}`);
    } else {
      count.total++;
      let problem: string | undefined;
      try {
        const rerun = await sweep.applyInProcess(TENANT);
        const failed = rerun.tenants.flatMap((t) => t.failed);
        if (failed.length) problem = `the re-run failed: ${JSON.stringify(failed).slice(0, 800)}`;
      } catch (err) {
        problem = `the re-run threw: ${(err as Error).message}`;
      }
      if (!problem) {
        const after = await sweep.endState(TENANT);
        const dups = duplicates(sweep, TENANT);
        if (dups.length) problem = `duplicates: ${dups.join(', ')}`;
        else if (!isDeepStrictEqual(after, expected)) problem = `differs at ${firstDifference(expected, after)}`;
      }
      if (problem) failures.push(`crash: kill after ${where}: ${problem}`);
      else count.converged++;
    }
    await sweep.reset();
    process.stdout.write((index + 1) % 5 === 0 || index + 1 === n ? `  ${index + 1}/${n}\n` : '');
  }
  for (const [capability, { converged, total, errors }] of tally) report(`crash ${capability}: converged ${converged}/${total}${errors ? ` (${errors} sweep errors: not killed)` : ''}`);
  report(`crash: ${n} journal records in a full onboarding, swept in ${seconds(started)}`);
}

async function faultSweep(sweep: Sweep): Promise<void> {
  const started = Date.now();
  const first = await sweep.applyInProcess(TENANT);
  if (first.tenants[0].failed.length) throw new Error(`the clean onboarding failed: ${JSON.stringify(first.tenants[0].failed)}`);
  const clean = await sweep.endState(TENANT);
  await sweep.reset();
  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultLabel, number>;
  const outcomes = { 'first-time': 0, 're-run': 0, 'not-converged': 0 };
  let dupCount = 0;
  const failuresSeen: string[] = [];
  for (let k = 0; k < onboardings; k++) {
    // A timeout holds a call for the client's whole 100 s: on every 50th onboarding only.
    const result = await faultedOnboarding(sweep, TENANT, seed + k, clean, { timeout: k % 50 === 49 });
    for (const kind of FAULT_KINDS) faults[kind] += result.faults[kind];
    outcomes[result.outcome]++;
    dupCount += duplicates(sweep, TENANT).length;
    if (result.failure && failuresSeen.length < 5) failuresSeen.push(result.failure.slice(0, 300));
    if (result.outcome === 'not-converged') failures.push(`faults seed ${seed + k}: ${result.problems.join('; ')} (first run: ${result.failure ?? 'ok'})`);
    await sweep.reset();
    process.stdout.write((k + 1) % 10 === 0 ? `  ${k + 1}/${onboardings}\n` : '');
  }
  for (const f of failuresSeen) console.log(`  a first run failed with: ${f}`);
  report(`faults: ${onboardings} onboardings, faults injected ${FAULT_KINDS.map((k) => `${k} ${faults[k]}`).join(', ')}; converged first time ${outcomes['first-time']}, on re-run ${outcomes['re-run']}, not converged ${outcomes['not-converged']}; duplicates ${dupCount} (${seconds(started)})`);
}

async function concurrency(sweep: Sweep): Promise<void> {
  const started = Date.now();
  const first = await sweep.applyInProcess(TENANT);
  if (first.tenants[0].failed.length) throw new Error(`the clean onboarding failed: ${JSON.stringify(first.tenants[0].failed)}`);
  const clean = await sweep.endState(TENANT);
  await sweep.reset();

  const same = await Promise.all(sweep.tenants.map(() => sweep.apply(TENANT)));
  const codes = same.map((o) => o.code);
  await sweep.applyInProcess(TENANT);
  const after = await sweep.endState(TENANT);
  const dups = duplicates(sweep, TENANT);
  const ok = isDeepStrictEqual(after, clean) && !dups.length && codes.every((c) => c === 0 || c === 1 || c === 2);
  if (!ok) failures.push(`concurrency: ${sweep.tenants.length} applies of ${TENANT}: exit codes ${codes.join(' ')}, ${dups.join(', ') || 'no duplicates'}, ${firstDifference(clean, after) || 'same end state'}`);
  report(`concurrency: ${sweep.tenants.length} applies of one tenant at once: exit codes ${codes.join(' ')}; end state ${isDeepStrictEqual(after, clean) ? 'the clean one' : 'DIFFERS'}; duplicates ${dups.length}`);
  await sweep.reset();

  let peak = 0;
  let done = false;
  const all = Promise.all(sweep.tenants.map((code) => sweep.apply(code))).finally(() => (done = true));
  while (!done) {
    peak = Math.max(peak, await sweep.clusterConnections());
    await Promise.race([all, new Promise((r) => setTimeout(r, 200))]);
  }
  const outcomes = await all;
  const failed = sweep.tenants.filter((_, k) => outcomes[k].code !== 0);
  for (const code of failed) await sweep.applyInProcess(code);
  let isolated = 0;
  for (const code of sweep.tenants) {
    const state = JSON.parse(JSON.stringify(await sweep.endState(code)).replaceAll(code, TENANT).replaceAll(code.replaceAll('-', '_'), TENANT.replaceAll('-', '_')));
    if (isDeepStrictEqual(state, clean) && !duplicates(sweep, code).length) isolated++;
    else failures.push(`concurrency: ${code} applied beside ${sweep.tenants.length - 1} others: ${firstDifference(clean, state)}`);
  }
  if (peak > SWEEP_CLUSTER_CONNECTIONS) failures.push(`concurrency: ${peak} connections on the cluster, budget ${SWEEP_CLUSTER_CONNECTIONS}`);
  for (const code of failed) console.log(`  ${code} failed first: ${outcomes[sweep.tenants.indexOf(code)].stderr.split('\n').filter((l) => l.startsWith('- ')).join(' | ').slice(0, 400)}`);
  report(`concurrency: ${sweep.tenants.length} tenants on one cluster at once: ${sweep.tenants.length - failed.length} succeeded first time, ${failed.length} on re-run; ${isolated}/${sweep.tenants.length} with exactly their own stack; peak ${peak} cluster connections (budget ${SWEEP_CLUSTER_CONNECTIONS}) (${seconds(started)})`);
}
