// npm run bench [--rounds N] [scenario...]: runs every scenario its own number of rounds, or N
// each when --rounds is given, interleaved — round 1 of each scenario, then round 2 of each that
// has one, … — so a slow spell of the machine spreads over all scenarios instead of skewing one.
//
// A scenario's rounds (`rounds` on the Scenario, bench/scenario.ts): 2 (AGREEMENT_ROUNDS) where
// every judged figure is virtual time or a call count — those are deterministic (the settling
// clock makes rounds agree to 0 %), so a second round is there only for the agreement check, and
// three more would cost an hour at 1,000 tenants for the same figures; 5 (WALL_CLOCK_ROUNDS) where
// a figure is timed on the wall clock (validate-plan-*, provision-*: a CLI, PostgreSQL), whose
// median needs them. The rounds of each scenario are printed before the first.
//
// Each round is a fresh child process (its peak RSS is its own, and CLI figures are as a user
// gets them). Prints one markdown row per figure (median, the rounds' min–max, target, met or
// not) and writes every round, the medians and the machine to bench/results.json. Exits 1 when
// the rounds of a virtual-time figure disagree beyond its tolerance (bench/stats.ts): such a
// figure measured the machine, not the orchestration.
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine } from '../bench/machine.ts';
import { renderRow, roundsOf, type Scenario, type ScenarioResult } from '../bench/scenario.ts';
import { foldRounds, median } from '../bench/stats.ts';

const root = path.resolve(import.meta.dirname, '..');
const benchDir = path.join(root, 'bench');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string' } } });
const override = values.rounds === undefined ? undefined : Number(values.rounds);
if (override !== undefined && (!Number.isInteger(override) || override < 1)) {
  console.error(`npm run bench: --rounds must be a positive integer (got ${values.rounds})`);
  process.exit(2);
}
const all = readdirSync(path.join(benchDir, 'scenarios')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
const unknown = positionals.filter((n) => !all.includes(n));
if (unknown.length) {
  console.error(`npm run bench: unknown scenario(s) ${unknown.join(', ')}; known: ${all.join(', ')}`);
  process.exit(2);
}
const names = positionals.length ? all.filter((n) => positionals.includes(n)) : all;
const scenarios = new Map<string, Scenario>();
for (const name of names) scenarios.set(name, ((await import(path.join(benchDir, 'scenarios', `${name}.ts`))) as { default: Scenario }).default);

const rounds = new Map(names.map((n) => [n, roundsOf(scenarios.get(n)!, override)]));

const machine = describeMachine(root);
console.log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, load ${machine.loadStart.toFixed(2)} at start, node ${machine.node}, revision ${machine.revision}`);
console.log(`rounds${override === undefined ? '' : ' (--rounds)'}: ${names.map((n) => `${n} ${rounds.get(n)}`).join(', ')}`);
const byScenario = new Map<string, ScenarioResult[]>(names.map((n) => [n, []]));
for (let round = 1; round <= Math.max(...rounds.values()); round++) {
  for (const name of names) {
    if (round > rounds.get(name)!) continue;
    const started = performance.now();
    byScenario.get(name)!.push(runOnce(name));
    console.error(`round ${round}/${rounds.get(name)}: ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}
machine.loadEnd = os.loadavg()[0];

console.log('\n| scenario | figure | median (min–max) | target | met |\n|---|---|---|---|---|');
const results = names.map((name) => {
  const runs = byScenario.get(name)!;
  const folded = {
    scenario: name,
    rounds: runs.length,
    figures: foldRounds(runs.map((r) => r.figures), { tolerance: scenarios.get(name)!.tolerance }),
    peakRssMb: median(runs.map((r) => r.peakRssMb)),
    maxRssMb: scenarios.get(name)!.maxRssMb,
    notes: [...new Set(runs.flatMap((r) => r.notes ?? []))],
  };
  for (const row of renderRow(folded, folded.maxRssMb)) console.log(row);
  return folded;
});
writeFileSync(path.join(benchDir, 'results.json'), JSON.stringify({ at: new Date().toISOString(), machine, rounds: Object.fromEntries(rounds), results }, null, 2) + '\n');
console.log(`\nload ${machine.loadStart.toFixed(2)} → ${machine.loadEnd.toFixed(2)}; figures written to bench/results.json`);
const disagreeing = results.flatMap((r) => r.figures.filter((f) => f.disagree).map((f) => `${r.scenario}: ${f.name} (${f.rounds.join(', ')} ${f.unit})`));
if (disagreeing.length) {
  console.error(`npm run bench: the rounds of ${disagreeing.length} virtual-time figure(s) disagree beyond their tolerance:\n  ${disagreeing.join('\n  ')}`);
  process.exitCode = 1;
}

function runOnce(name: string): ScenarioResult {
  const out = execFileSync(process.execPath, [path.join(benchDir, 'run-scenario.ts'), name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = out.split('\n').find((l) => l.startsWith('@@result '));
  if (!line) throw new Error(`scenario ${name} printed no result`);
  return JSON.parse(line.slice('@@result '.length)) as ScenarioResult;
}
