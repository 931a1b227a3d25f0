// npm run bench [scenario...]: runs each scenario in its own process, prints one markdown row per
// figure (figure, target, met or not) and writes every figure to bench/results.json.
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderRow, type Scenario, type ScenarioResult } from '../bench/scenario.ts';

const benchDir = path.resolve(import.meta.dirname, '..', 'bench');
const all = readdirSync(path.join(benchDir, 'scenarios')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
const wanted = process.argv.slice(2);
const names = wanted.length ? all.filter((n) => wanted.includes(n)) : all;

const results: (ScenarioResult & { maxRssMb?: number })[] = [];
console.log('| scenario | figure | value | target | met |\n|---|---|---|---|---|');
for (const name of names) {
  const scenario = ((await import(path.join(benchDir, 'scenarios', `${name}.ts`))) as { default: Scenario }).default;
  const out = execFileSync(process.execPath, [path.join(benchDir, 'run-scenario.ts'), name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = out.split('\n').find((l) => l.startsWith('@@result '));
  if (!line) throw new Error(`scenario ${name} printed no result`);
  const result = JSON.parse(line.slice('@@result '.length)) as ScenarioResult;
  results.push({ ...result, maxRssMb: scenario.maxRssMb });
  for (const row of renderRow(result, scenario.maxRssMb)) console.log(row);
}
writeFileSync(path.join(benchDir, 'results.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2) + '\n');
console.log(`\nfigures written to bench/results.json`);
