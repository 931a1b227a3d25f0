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
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { AGREEMENT_ROUNDS, type Figure, type Scenario } from '../scenario.ts';
import { applyTenants } from '../../src/run/index.ts';
import { callMix, readsByRoute, documentedLimits, FABRIC_PER_MINUTE, fleetRepository, POWERBI_PER_MINUTE, powerbiBudgetPer, rateTerm } from '../support/fleet-powerbi.ts';
import { computeCriticalPath, startPowerBiBench } from './powerbi-onboard-realistic.ts';

const TENANTS = Number(process.env.FLEET_BENCH_TENANTS ?? 50);
const CONCURRENCY = Number(process.env.FLEET_BENCH_CONCURRENCY ?? 4);
const PER = powerbiBudgetPer();
const REPORTS = 42;

const scenario: Scenario = {
  name: 'fleet-onboard-50',
  rounds: AGREEMENT_ROUNDS,
  description: `onboard ${TENANTS} tenants × ${REPORTS} reports under the documented rate limits (Power BI per ${PER}), vs max(critical path, writes ÷ rate per identity)`,
  async run(): Promise<Figure[]> {
    const { root, codes } = await fleetRepository(TENANTS, 'fleet');
    const bench = await startPowerBiBench({ latency: { profile: 'realistic', scale: 1 }, root, ...documentedLimits(PER) });
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
      const mix = callMix([...logs.powerbi, ...logs.fabric]);
      const pbi = rateTerm(logs.powerbi, POWERBI_PER_MINUTE);
      const fab = rateTerm(logs.fabric, FABRIC_PER_MINUTE);
      const critical = computeCriticalPath(REPORTS);
      const boundMs = Math.max(critical.ms, pbi.ms, fab.ms);
      console.error(
        `fleet-onboard: ${TENANTS} tenants at ${CONCURRENCY} at once, Power BI per ${PER}: ${mix.all} calls (${mix.writes} writes, ${mix.reads} reads, ${mix.polls} polls, ${mix.throttled} × 429); ` +
          `virtual ${(wallMs / 1000).toFixed(1)} s in ${(realMs / 1000).toFixed(1)} s real; critical path ${(critical.ms / 1000).toFixed(1)} s, ` +
          `Power BI ${pbi.most} writes on the busiest of ${pbi.identities} budgets → ${(pbi.ms / 1000).toFixed(1)} s, Fabric ${fab.most} → ${(fab.ms / 1000).toFixed(1)} s`,
      );
      console.error(`reads and polls by route: ${readsByRoute([...logs.powerbi, ...logs.fabric])}`);
      return [
        { name: `onboarding ${TENANTS} × ${REPORTS} reports (Power BI per ${PER}, ${CONCURRENCY} at once)`, value: wallMs / 1000, unit: 's', clock: 'virtual' },
        { name: 'B', value: boundMs / 1000, unit: 's', bound: `max(critical path ${(critical.ms / 1000).toFixed(1)} s, Power BI ${pbi.most} writes ÷ ${POWERBI_PER_MINUTE}/min = ${(pbi.ms / 1000).toFixed(1)} s, Fabric ${fab.most} writes ÷ ${FABRIC_PER_MINUTE}/min = ${(fab.ms / 1000).toFixed(1)} s)` },
        { name: 'ratio to B', value: wallMs / boundMs, unit: '×', target: 1.2, direction: 'max', bound: 'virtual wall ÷ B', clock: 'virtual' },
        { name: 'ratio to the burst-aware bound', value: wallMs / Math.max(critical.ms, pbi.burstAwareMs, fab.burstAwareMs), unit: '×', bound: 'writes less the bucket\'s burst of a minute\'s calls, for information', clock: 'virtual' },
        { name: 'busiest Power BI budget: all its calls ÷ rate', value: pbi.allCallsMs / 1000, unit: 's', bound: 'reads and polls included: the wall of a rate-bound run' },
        { name: '429s ÷ calls', value: (mix.throttled / mix.all) * 100, unit: '%', target: 1, direction: 'max' },
        { name: 'calls made', value: mix.all, unit: 'calls', bound: `${mix.writes} writes, ${mix.reads} reads, ${mix.polls} polls, ${mix.throttled} refused with 429` },
        { name: 'real time', value: realMs / 1000, unit: 's' },
      ];
    } finally {
      await bench.close();
      await rm(root, { recursive: true, force: true });
    }
  },
};
export default scenario;
