// npm run chaos [-- --mode schema|database|byod]: the crash-convergence sweep. For each isolation
// mode, a clean apply counts its writes N; then for every i in 1..N a real `tenantops apply` is
// SIGKILLed right after its i-th write (TENANTOPS_CHAOS_KILL_AFTER, src/db/sql.ts), re-run, and its
// catalogs and registry rows compared with the clean run's. Prints `converged X/Y`; exit 1 unless
// every kill point converged. Runs on its own embedded PostgreSQL in .tenantops/chaos-pg.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { startEmbeddedPostgres } from '@tenantops/emulators';
import { createChaosHarness, MODES, type Mode } from '../test/support/chaos.ts';

const { values } = parseArgs({ options: { mode: { type: 'string', multiple: true } } });
const modes = (values.mode ?? [...MODES]) as Mode[];
for (const m of modes) if (!(MODES as readonly string[]).includes(m)) throw new Error(`--mode ${m}: allowed ${MODES.join(', ')}`);

const root = path.resolve(import.meta.dirname, '..');
const server = await startEmbeddedPostgres({ dataDir: path.join(root, '.tenantops', 'chaos-pg'), password: 'chaos-sandbox' });
const harness = await createChaosHarness(server.url);
let converged = 0;
let total = 0;
const failures: string[] = [];
try {
  for (const mode of modes) {
    const writes = await harness.apply(mode);
    const clean = await harness.snapshot(mode);
    await harness.teardown(mode);
    console.log(`${mode}: a clean apply makes ${writes} writes; killing after each`);
    for (let i = 1; i <= writes; i++) {
      total++;
      const killed = await harness.applyKilledAfter(mode, i);
      await harness.apply(mode);
      const after = await harness.snapshot(mode);
      if (killed && isDeepStrictEqual(after, clean)) converged++;
      else failures.push(`${mode} kill after write ${i}: ${killed ? `differs at ${firstDifference(clean, after)}` : 'the run finished before the kill point'}`);
      await harness.teardown(mode);
      process.stdout.write(i % 10 === 0 || i === writes ? `  ${i}/${writes}\n` : '');
    }
  }
} finally {
  await harness.close();
  await server.stop();
}
for (const f of failures) console.log(`not converged: ${f}`);
console.log(`converged ${converged}/${total}`);
process.exitCode = converged === total ? 0 : 1;

function firstDifference(a: unknown, b: unknown, at = '$'): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
      if (found) return found;
    }
  }
  return `${at}: clean ${JSON.stringify(a)?.slice(0, 200)}, re-run ${JSON.stringify(b)?.slice(0, 200)}`;
}
