// Onboarding a fleet: 50 tenants × 42 reports (copies of acme-training) in Power BI and Fabric on
// the `realistic` latency profile, with the emulators throttling as the services document
// (src/http/limits.ts: Power BI 60 calls a minute per budget, Fabric 200 a minute per principal;
// 429 + Retry-After) and our client pacing to the same documented figures, its buckets shared
// through the registry. Never a lifted client rate: a 429 counts.
//
// Figures: wall ÷ B (target ≤ 1.2) and 429s ÷ calls (target < 1 %), with
//
//   B = max(critical path, max over identities of (writes of that identity ÷ its documented rate))
//
// The critical path is computeCriticalPath(42) of powerbi-onboard-realistic (one tenant's longest
// chain; tenants can run side by side, so the fleet's is the same). The rate term counts only the
// writes each identity made (every profile, workspace, access grant, model, credential, refresh
// and report clone is one write no client can avoid; reads, polls and 429-refused calls are left
// out), so it is at most the fewest calls the API allows; it ignores the bucket's burst (a
// minute's calls at once), as the formula does.
//
// Whose budget a Power BI call draws on is not documented (a profile's own, or the principal's):
// FLEET_POWERBI_PER=principal|profile selects it for the emulator and our client alike (default
// principal, the pessimistic reading). Time is the emulators' virtual clock (createSettlingClock:
// see powerbi-onboard-realistic), labelled as such. Scale: FLEET_BENCH_TENANTS (default 50),
// FLEET_BENCH_CONCURRENCY tenants at once (default 4, applyTenants' default).
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Figure, Scenario } from '../scenario.ts';
import { DOCUMENTED_LIMITS } from '../../src/http/index.ts';
import { applyTenants } from '../../src/run/index.ts';
import type { RequestLogEntry } from '@tenantops/emulators';
import { repoRoot } from '../../test/support/repo.ts';
import { CODE, computeCriticalPath, startPowerBiBench } from './powerbi-onboard-realistic.ts';

const TENANTS = Number(process.env.FLEET_BENCH_TENANTS ?? 50);
const CONCURRENCY = Number(process.env.FLEET_BENCH_CONCURRENCY ?? 4);
const PER = process.env.FLEET_POWERBI_PER === 'profile' ? 'profile' : 'principal';
const REPORTS = 42;

/** Polls: calls that only ask whether something has finished. */
const POLLS = new Set(['operations.get', 'groups.capacityAssignmentStatus', 'datasets.refreshes']);

const scenario: Scenario = {
  name: 'fleet-onboard-50',
  description: `onboard ${TENANTS} tenants × ${REPORTS} reports under the documented rate limits (Power BI per ${PER}), vs max(critical path, writes ÷ rate per identity)`,
  async run(): Promise<Figure[]> {
    const root = await mkdtemp(path.join(tmpdir(), 'tenantops-bench-fleet-'));
    for (const entry of ['templates', 'platform.yaml', 'platform.schema.json']) await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
    await mkdir(path.join(root, 'tenants'));
    const template = await readFile(path.join(repoRoot, 'tenants', `${CODE}.yaml`), 'utf8');
    const codes = Array.from({ length: TENANTS }, (_, i) => `fleet-${String(i).padStart(3, '0')}`);
    for (const code of codes) await writeFile(path.join(root, 'tenants', `${code}.yaml`), template.replaceAll(CODE, code));

    const powerbiPerMinute = DOCUMENTED_LIMITS.powerbi.perMinute;
    const fabricPerMinute = DOCUMENTED_LIMITS.fabric.perMinute;
    const bench = await startPowerBiBench({
      latency: { profile: 'realistic', scale: 1 },
      root,
      throttling: { powerbi: { per: PER, perMinute: powerbiPerMinute }, fabric: { perMinute: fabricPerMinute } },
      client: {
        powerbiBudgetPer: PER,
        budgets: {
          powerbi: { perSecond: powerbiPerMinute / 60, burst: powerbiPerMinute },
          fabric: { perSecond: fabricPerMinute / 60, burst: fabricPerMinute },
        },
      },
    });
    try {
      const services = bench.services();
      await services.registry();
      for (const code of codes) await bench.provision(code);
      const before = { powerbi: bench.powerbi.requests().length, fabric: bench.fabric.requests().length };
      const started = bench.clock.now();
      const real = performance.now();
      const result = await applyTenants(bench.inputs, services, { only: ['powerbi'], actor: 'bench', tenantConcurrency: CONCURRENCY });
      const wallMs = bench.clock.now() - started;
      const realMs = performance.now() - real;
      const failed = result.tenants.filter((t) => t.failed.length || t.skipped.length);
      if (failed.length) throw new Error(`${failed.length} tenant(s) did not onboard: ${failed[0].tenant} ${failed[0].failed.join(', ')}`);

      const logs = { powerbi: bench.powerbi.requests().slice(before.powerbi), fabric: bench.fabric.requests().slice(before.fabric) };
      const all = [...logs.powerbi, ...logs.fabric];
      const throttled = all.filter((r) => r.status === 429).length;
      const rateMs = (entries: RequestLogEntry[], perMinute: number) => {
        const writes = new Map<string, number>();
        for (const r of entries) {
          if (r.method === 'GET' || r.status === 429 || POLLS.has(r.route ?? '')) continue;
          const key = r.identity?.rateKey ?? r.identity?.key ?? 'anonymous';
          writes.set(key, (writes.get(key) ?? 0) + 1);
        }
        const most = Math.max(0, ...writes.values());
        return { ms: (most / perMinute) * 60_000, most, identities: writes.size, writes: [...writes.values()].reduce((a, b) => a + b, 0) };
      };
      const pbi = rateMs(logs.powerbi, powerbiPerMinute);
      const fab = rateMs(logs.fabric, fabricPerMinute);
      const critical = computeCriticalPath(REPORTS);
      const boundMs = Math.max(critical.ms, pbi.ms, fab.ms);
      const polls = all.filter((r) => POLLS.has(r.route ?? '')).length;
      const reads = all.filter((r) => r.method === 'GET' && !POLLS.has(r.route ?? '')).length;
      console.error(
        `fleet-onboard: ${TENANTS} tenants at ${CONCURRENCY} at once, Power BI per ${PER}: ${all.length} calls (${pbi.writes + fab.writes} writes, ${reads} reads, ${polls} polls, ${throttled} × 429); ` +
          `virtual ${(wallMs / 1000).toFixed(1)} s in ${(realMs / 1000).toFixed(1)} s real; critical path ${(critical.ms / 1000).toFixed(1)} s, ` +
          `Power BI ${pbi.most} writes on the busiest of ${pbi.identities} budgets → ${(pbi.ms / 1000).toFixed(1)} s, Fabric ${fab.most} → ${(fab.ms / 1000).toFixed(1)} s`,
      );
      return [
        { name: `onboarding ${TENANTS} × ${REPORTS} reports (Power BI per ${PER}, ${CONCURRENCY} at once)`, value: wallMs / 1000, unit: 's', clock: 'virtual' },
        { name: 'B', value: boundMs / 1000, unit: 's', bound: `max(critical path ${(critical.ms / 1000).toFixed(1)} s, Power BI ${pbi.most} writes ÷ ${powerbiPerMinute}/min = ${(pbi.ms / 1000).toFixed(1)} s, Fabric ${fab.most} writes ÷ ${fabricPerMinute}/min = ${(fab.ms / 1000).toFixed(1)} s)` },
        { name: 'ratio to B', value: wallMs / boundMs, unit: '×', target: 1.2, direction: 'max', bound: 'virtual wall ÷ B', clock: 'virtual' },
        { name: '429s ÷ calls', value: (throttled / all.length) * 100, unit: '%', target: 1, direction: 'max' },
        { name: 'calls made', value: all.length, unit: 'calls', bound: `${pbi.writes + fab.writes} writes, ${reads} reads, ${polls} polls, ${throttled} refused with 429` },
        { name: 'real time', value: realMs / 1000, unit: 's' },
      ];
    } finally {
      await bench.close();
      await rm(root, { recursive: true, force: true });
    }
  },
};
export default scenario;
