// A new version of the 42 templates a tenant uses, redeployed to 200 tenants: each report is
// updated in place with UpdateReportContent (same id, same embed URL), and rebound only where the
// update dropped its binding. Figures: wall ÷ B (target ≤ 1.15) and writes per report (exactly 1;
// 2 where a rebind is needed), counted from the emulator's request log.
//
// The fleet is onboarded first with the limits off and instant latency (setup, not measured; the
// first round at a scale saves it and later rounds restore it, bench/support/fleet-snapshot.ts);
// then the emulators get the `realistic` latencies and the documented limits (src/http/limits.ts,
// as in fleet-onboard-50), our client budgets to the same figures, and the new versions are
// published (catalog entry + report in the template workspace, as test/powerbi/lifecycle.test.ts
// does) and applied.
//
//   B = max(critical path, max over budgets of (writes ÷ documented rate))
//   critical path = R(discovery) + R(the tenant's lists) + W(reports.updateContent) [+ W(reports.rebind)]
//
// with R and W the route latencies of POWER_BI_LATENCY (every report of a tenant at once: unlimited
// parallelism); writes are counted as in fleet-onboard-50 (reads, polls and 429s left out).
// FLEET_DROP_BINDING=1 runs the emulator as a service whose update drops the binding (every report
// then needs its rebind: 2 writes). Scale: FLEET_BENCH_TENANTS (default 200), FLEET_BENCH_CONCURRENCY
// (default 4). Time is virtual (see powerbi-onboard-realistic).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AGREEMENT_ROUNDS, type Figure, type Scenario } from '../scenario.ts';
import { mapLimit } from '../../src/plan/index.ts';
import { listReportMappings } from '../../src/registry/index.ts';
import { applyTenants, loadInputs, type Inputs } from '../../src/run/index.ts';
import { fabricRateLimits, POWER_BI_LATENCY, powerBiRateLimits } from '@tenantops/emulators';
import { callMix, readsByRoute, documentedLimits, FABRIC_PER_MINUTE, POWERBI_PER_MINUTE, powerbiBudgetPer, rateTerm } from '../support/fleet-powerbi.ts';
import { openFleet } from '../support/fleet-snapshot.ts';
import { startPowerBiBench } from './powerbi-onboard-realistic.ts';

const TENANTS = Number(process.env.FLEET_BENCH_TENANTS ?? 200);
const CONCURRENCY = Number(process.env.FLEET_BENCH_CONCURRENCY ?? 4);
const DROP_BINDING = process.env.FLEET_DROP_BINDING === '1';
const PER = powerbiBudgetPer();
const LIFTED = { budgets: { powerbi: { perSecond: 1000, burst: 2000 }, fabric: { perSecond: 1000, burst: 2000 } } };
/** Tenants onboarded at once by the setup (limits off, instant latency). */
const SETUP_CONCURRENCY = 8;
const APP_OBJECT_ID = '9e8d7c6b-0000-4000-8000-0000000000c1';

const scenario: Scenario = {
  name: 'fleet-redeploy-200',
  rounds: AGREEMENT_ROUNDS,
  description: `a new version of 42 templates redeployed to ${TENANTS} tenants under the documented limits: wall ÷ B, writes per report`,
  async run(): Promise<Figure[]> {
    const fleet = await openFleet({ scenario: 'fleet-redeploy-200', scenarioFile: import.meta.filename, tenants: TENANTS, prefix: 'redeploy', knobs: { per: PER } });
    const { root, codes } = fleet;
    const limits = documentedLimits(PER);
    const bench = await startPowerBiBench({ latency: { profile: 'instant' }, root, ...limits, restore: fleet.restore });
    try {
      // Setup: onboard with the limits off (the emulator's throttling keeps its `per`).
      bench.powerbi.setRateLimits({});
      bench.fabric.setRateLimits({});
      if (!fleet.restore) {
        const setup = bench.services({ client: LIFTED });
        await setup.registry();
        // Each tenant's schema on its own connection: side by side, the DDL uses both cores.
        await mapLimit(codes, 4, (code) => bench.provision(code));
        const first = await applyTenants(bench.inputs, setup, { only: ['powerbi'], actor: 'bench', tenantConcurrency: SETUP_CONCURRENCY });
        const notOnboarded = first.tenants.filter((t) => t.failed.length || t.skipped.length);
        if (notOnboarded.length) throw new Error(`${notOnboarded.length} tenant(s) did not onboard: ${notOnboarded[0].tenant} ${notOnboarded[0].failed.join(', ')}`);
        await fleet.save(bench);
      }
      const setupFigure = fleet.ready();

      // The new versions: every template the fleet uses, one minor version up.
      const registry = await bench.services().registry();
      const used = await listReportMappings(registry, codes[0]);
      const inputs = await publishNextVersions(bench, root, used.map((m) => ({ name: m.templateName, version: m.templateVersion })));
      const reports = used.length * TENANTS;

      bench.powerbi.setLatency({ profile: 'realistic', scale: 1 });
      bench.fabric.setLatency({ profile: 'realistic', scale: 1 });
      bench.powerbi.setRateLimits(powerBiRateLimits(limits.throttling!.powerbi!));
      bench.fabric.setRateLimits(fabricRateLimits(limits.throttling!.fabric!));
      if (DROP_BINDING) bench.world.state.updateContentKeepsBinding = false;
      // The measured part starts from empty logs: the setup's calls are not the redeploy's (and the
      // logs keep only their newest BENCH_REQUEST_LOG entries, bench/scenarios/powerbi-onboard-realistic.ts).
      for (const emulator of [bench.powerbi, bench.fabric]) emulator.clearRequests();
      const before = { powerbi: bench.powerbi.requests().length, fabric: bench.fabric.requests().length };
      const services = bench.services();
      const started = bench.clock.now();
      const real = performance.now();
      const result = await applyTenants(inputs, services, { only: ['powerbi'], actor: 'bench', tenantConcurrency: CONCURRENCY });
      const wallMs = bench.clock.now() - started;
      const realMs = performance.now() - real;
      const failed = result.tenants.filter((t) => t.failed.length || t.skipped.length);
      if (failed.length) throw new Error(`${failed.length} tenant(s) failed the redeploy: ${failed[0].tenant} ${failed[0].failed.join(', ')}`);

      const logs = { powerbi: bench.powerbi.requests().slice(before.powerbi), fabric: bench.fabric.requests().slice(before.fabric) };
      const mix = callMix([...logs.powerbi, ...logs.fabric]);
      const reportWrites = logs.powerbi.filter((r) => (r.route === 'reports.updateContent' || r.route === 'reports.rebind') && r.status !== 429).length;
      const otherWrites = mix.writes - reportWrites;
      const pbi = rateTerm(logs.powerbi, POWERBI_PER_MINUTE);
      const fab = rateTerm(logs.fabric, FABRIC_PER_MINUTE);
      const lat = (route: string) => POWER_BI_LATENCY.routes?.[route] ?? POWER_BI_LATENCY.defaultMs ?? 0;
      const criticalMs = 2 * lat('groups.list') + lat('reports.updateContent') + (DROP_BINDING ? lat('reports.rebind') : 0);
      const boundMs = Math.max(criticalMs, pbi.ms, fab.ms);
      const expected = DROP_BINDING ? 2 : 1;
      console.error(
        `fleet-redeploy: ${reports} reports (${TENANTS} tenants at ${CONCURRENCY} at once, Power BI per ${PER}${DROP_BINDING ? ', binding dropped' : ''}): ` +
          `${mix.all} calls (${reportWrites} report writes, ${otherWrites} other writes, ${mix.reads} reads, ${mix.polls} polls, ${mix.throttled} × 429); ` +
          `virtual ${(wallMs / 1000).toFixed(1)} s in ${(realMs / 1000).toFixed(1)} s real; critical path ${(criticalMs / 1000).toFixed(1)} s, Power BI ${pbi.most} writes → ${(pbi.ms / 1000).toFixed(1)} s`,
      );
      console.error(`reads and polls by route: ${readsByRoute([...logs.powerbi, ...logs.fabric])}`);
      return [
        { name: `redeploy ${TENANTS} × ${used.length} reports (Power BI per ${PER}, ${CONCURRENCY} at once)`, value: wallMs / 1000, unit: 's', clock: 'virtual' },
        { name: 'B', value: boundMs / 1000, unit: 's', bound: `max(critical path ${(criticalMs / 1000).toFixed(1)} s, Power BI ${pbi.most} writes ÷ ${POWERBI_PER_MINUTE}/min = ${(pbi.ms / 1000).toFixed(1)} s, Fabric ${fab.most} writes ÷ ${FABRIC_PER_MINUTE}/min)` },
        { name: 'ratio to B', value: wallMs / boundMs, unit: '×', target: 1.15, direction: 'max', bound: 'virtual wall ÷ B', clock: 'virtual' },
        { name: `writes per report${DROP_BINDING ? ' (binding dropped: update + rebind)' : ''}`, value: reportWrites / reports, unit: 'writes', target: expected, direction: 'max' },
        { name: 'other writes', value: otherWrites, unit: 'writes', target: 0, direction: 'max' },
        { name: 'reads per tenant', value: mix.reads / TENANTS, unit: 'calls' },
        { name: 'ratio to the burst-aware bound', value: wallMs / Math.max(criticalMs, pbi.burstAwareMs, fab.burstAwareMs), unit: '×', bound: 'writes less the bucket\'s burst of a minute\'s calls, for information', clock: 'virtual' },
        { name: 'busiest Power BI budget: all its calls ÷ rate', value: pbi.allCallsMs / 1000, unit: 's', bound: 'reads and polls included: the wall of a rate-bound run' },
        { name: '429s ÷ calls', value: (mix.throttled / mix.all) * 100, unit: '%', target: 1, direction: 'max' },
        { name: 'real time', value: realMs / 1000, unit: 's' },
        setupFigure,
      ];
    } finally {
      await bench.close();
      await fleet.remove();
    }
  },
};
export default scenario;

/** The next minor version of each template: a catalog entry after the current one, and its report in the template workspace. */
async function publishNextVersions(bench: Awaited<ReturnType<typeof startPowerBiBench>>, root: string, templates: { name: string; version: string }[]): Promise<Inputs> {
  const file = path.join(root, 'templates/reports.yaml');
  let text = await readFile(file, 'utf8');
  const principal = bench.world.resolveActor(APP_OBJECT_ID);
  const workspace = [...bench.world.state.workspaces.values()].find((w) => w.displayName === bench.inputs.platform.powerbi.templateWorkspace)!;
  const model = bench.world.listItems(principal, workspace.id, 'SemanticModel')[0];
  for (const t of templates) {
    const [major, minor] = t.version.split('.').map(Number);
    const oldName = `${t.name} v${t.version}`;
    const newName = `${t.name} v${major}.${minor + 1}`;
    const at = text.indexOf(`name: ${oldName}\n`);
    if (at < 0) throw new Error(`templates/reports.yaml has no entry ${oldName}`);
    const lineStart = text.lastIndexOf('\n', at) + 1;
    // An entry is two lines: `- name: ...` and `module: ...`.
    const entryEnd = text.indexOf('\n', text.indexOf('\n', at) + 1);
    const entry = text.slice(lineStart, entryEnd);
    text = text.slice(0, entryEnd + 1) + entry.replace(oldName, newName) + '\n' + text.slice(entryEnd + 1);
    bench.world.createItem(principal, workspace.id, { type: 'Report', displayName: newName, datasetId: model.id });
  }
  await writeFile(file, text);
  const again = await loadInputs(root);
  if (!again.inputs) throw new Error(again.findings.slice(0, 3).map((f) => f.message).join('; '));
  return { ...again.inputs, platform: bench.inputs.platform };
}
