// A `schema_changed` rollout across the fleet: one new tenant migration and a change to the
// semantic model definition, rolled out through `tenantops rollout start` (src/run/rollout.ts) in
// waves — the canary, then batches of 10 % — each tenant migrated (db slice) and its model
// redeployed with its parameters written in again and its credentials set (Power BI slice).
// Figure: wall ÷ B (target ≤ 1.3).
//
// The fleet is onboarded first (db and Power BI slices, the limits off, instant latency: setup,
// not measured); the first round at a scale saves it and later rounds restore it
// (bench/support/fleet-snapshot.ts). Then the emulators get the `realistic` latencies and the
// documented limits (src/http/limits.ts), our client budgets to the same figures, and the rollout runs.
//
//   B = max(critical path, max over budgets of (writes ÷ documented rate))
//   critical path = waves × one tenant's chain, from the committed latency tables:
//     R(groups.list) + R(the workspace's lists, at once)
//     + W(updateDefinition) + max(its run, the Retry-After of its 202) + R(operations.get)
//     + R(datasources) + W(updateDatasource)
//     + W(datasets.refresh) + D(dataset.refresh) + R(datasets.refreshes)
//
// Waves run one after another by design (a wave's gate judges its failures before the next
// starts), so each wave pays one tenant's chain at least: `waves ×` keeps B a lower bound of any
// run of this policy. Writes are counted as in fleet-onboard-50 (reads, polls, 429s left out).
// Time is virtual for Power BI and Fabric (see powerbi-onboard-realistic); the migration's SQL runs
// on a real PostgreSQL in real time, which the virtual clock does not count (the real time is
// printed beside it). Scale: FLEET_BENCH_TENANTS (default 999: the most one principal holds beside
// the template workspace, TENANTS_PER_PRINCIPAL in bench/support/fleet-powerbi.ts; 1,000 is refused
// at the last tenant), FLEET_BENCH_CONCURRENCY (tenants at once within a wave, default 40),
// FLEET_POWERBI_PER (principal or profile budgets; with `principal` the profiles' calls draw on the
// principal's budget, in our client and in the emulator's throttling alike).
//
// The fleet is onboarded with a service principal profile per tenant (withTenantProfiles): each
// tenant's workspace is made by its own profile, as a fleet near 1,000 tenants must be, and so at
// every scale, so a small run makes the same calls per tenant as the full one.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AGREEMENT_ROUNDS, type Figure, type Scenario } from '../scenario.ts';
import { applyTenants, loadInputs, startRollout, type Inputs } from '../../src/run/index.ts';
import { FABRIC_LATENCY, fabricRateLimits, POWER_BI_LATENCY, powerBiRateLimits, type RequestLogEntry } from '@tenantops/emulators';
import { withClient } from '../../test/support/pg.ts';
import { callMix, isWrite, documentedLimits, FABRIC_PER_MINUTE, POWERBI_PER_MINUTE, powerbiBudgetPer, principalWorkspaces, rateTerm, readsByRoute, TENANTS_PER_PRINCIPAL, withTenantProfiles } from '../support/fleet-powerbi.ts';
import { openFleet } from '../support/fleet-snapshot.ts';
import { startPowerBiBench } from './powerbi-onboard-realistic.ts';
import { BENCH_MIGRATION, BENCH_MIGRATION_FILE } from '../support/migration.ts';

const TENANTS = Number(process.env.FLEET_BENCH_TENANTS ?? TENANTS_PER_PRINCIPAL);
// 40 at once: one principal's budget (60 Power BI calls a minute) serves about 27 tenants a minute
// at ~2.2 calls a tenant, and a tenant's chain takes 75 s, so fewer than ~34 in flight would leave
// the budget idle and make the run concurrency-bound instead (8 at once: 13 chains a wave of 100).
const CONCURRENCY = Number(process.env.FLEET_BENCH_CONCURRENCY ?? 40);
const PER = powerbiBudgetPer();
const BATCH = '10%' as const;
const LIFTED = { budgets: { powerbi: { perSecond: 1000, burst: 2000 }, fabric: { perSecond: 1000, burst: 2000 } } };
/** Tenants onboarded at once by the setup (limits off, instant latency). */
const SETUP_CONCURRENCY = 8;
const CLUSTER = 'shared-eu';
const DATABASE = 'fleet_tenants';

const scenario: Scenario = {
  name: 'fleet-schema-changed-1000',
  rounds: AGREEMENT_ROUNDS,
  description: `one migration + model redeploy across ${TENANTS} tenants in waves (canary, then ${BATCH}) through the rollout, under the documented limits: wall ÷ B`,
  async run(): Promise<Figure[]> {
    // The emulators' throttling keeps its `per` through the setup: a knob of the provisioned state.
    const fleet = await openFleet({ scenario: 'fleet-schema-changed-1000', scenarioFile: import.meta.filename, tenants: TENANTS, prefix: 'schema', knobs: { per: PER } });
    const { root, codes } = fleet;
    const limits = documentedLimits(PER);
    const bench = await startPowerBiBench({ latency: { profile: 'instant' }, root, ...limits, restore: fleet.restore });
    withTenantProfiles(bench.inputs.platform);
    try {
      // The tenants' cluster is the bench's own PostgreSQL (platform.yaml names a remote one); a restored fleet has it.
      if (!fleet.restore) {
        await withClient(bench.url('postgres'), async (c) => {
          await c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
          await c.query(`CREATE DATABASE ${DATABASE} TEMPLATE template0`);
        });
      }
      const cluster = bench.inputs.platform.clusters[CLUSTER];
      const server = new URL(bench.url(DATABASE));
      Object.assign(cluster, { host: server.hostname, port: Number(server.port), database: DATABASE, sslmode: 'disable', maxConnections: 100 });
      bench.env[cluster.adminSecret] = bench.url(DATABASE);
      const withPolicy = (inputs: Inputs): Inputs => ({ ...inputs, platform: { ...bench.inputs.platform, rollout: { canary: [codes[0]], batch: BATCH, haltAfter: 0 } } });

      // Setup: onboard with the limits off (the emulator's throttling keeps its `per`).
      bench.powerbi.setRateLimits({});
      bench.fabric.setRateLimits({});
      if (!fleet.restore) {
        const setup = bench.services({ client: LIFTED });
        await setup.registry();
        const first = await applyTenants(withPolicy(bench.inputs), setup, { only: ['db', 'powerbi'], actor: 'bench', tenantConcurrency: SETUP_CONCURRENCY });
        const notOnboarded = first.tenants.filter((t) => t.failed.length || t.skipped.length);
        if (notOnboarded.length) throw new Error(`${notOnboarded.length} tenant(s) did not onboard: ${notOnboarded[0].tenant} ${notOnboarded[0].failed.join(', ')}`);
        await fleet.save(bench);
      }
      const setupFigure = fleet.ready();

      // The setup's refreshes ran at instant latency: their recorded durations (the virtual clock's
      // jumps while the emulator loaded the rows in real time) say nothing of a refresh under the
      // realistic profile, and the rollout's first polls would wait them. A fleet's own history
      // would hold its real durations; here the canary records the first.
      await (await bench.services().registry()).query('DELETE FROM refresh_runs');
      // The change a `schema_changed` push brings: a migration file and a new model definition.
      await writeFile(path.join(root, 'templates/tenant-migrations', BENCH_MIGRATION_FILE), BENCH_MIGRATION);
      const modelFile = path.join(root, 'templates/semantic-model/Tenant Analytics.SemanticModel/definition/model.tmdl');
      await writeFile(modelFile, (await readFile(modelFile, 'utf8')).replace('culture: en-GB', 'culture: en-GB\n\tdescription: Tenant analytics v2'));
      const again = await loadInputs(root);
      if (!again.inputs) throw new Error(again.findings.slice(0, 3).map((f) => f.message).join('; '));
      const inputs = withPolicy(again.inputs);

      bench.powerbi.setLatency({ profile: 'realistic', scale: 1 });
      bench.fabric.setLatency({ profile: 'realistic', scale: 1 });
      bench.powerbi.setRateLimits(powerBiRateLimits(limits.throttling!.powerbi!));
      bench.fabric.setRateLimits(fabricRateLimits(limits.throttling!.fabric!));
      // The measured part starts from empty logs: the setup's calls are not the rollout's (and the
      // logs keep only their newest BENCH_REQUEST_LOG entries, bench/scenarios/powerbi-onboard-realistic.ts).
      for (const emulator of [bench.powerbi, bench.fabric]) emulator.clearRequests();
      const before = { powerbi: bench.powerbi.requests().length, fabric: bench.fabric.requests().length };
      const services = bench.services();
      const started = bench.clock.now();
      const real = performance.now();
      const report = await startRollout(inputs, services, { actor: 'bench', revision: 'bench-schema-changed', only: ['db', 'powerbi'], reason: 'schema_changed', tenantConcurrency: CONCURRENCY });
      const wallMs = bench.clock.now() - started;
      const realMs = performance.now() - real;
      if (report.status !== 'completed' || report.counts.applied !== TENANTS) {
        const failed = report.waves.flatMap((w) => w.tenants).find((t) => t.state === 'failed');
        throw new Error(`rollout ${report.status}: ${report.counts.applied} of ${TENANTS} applied${failed ? `; ${failed.tenant}: ${failed.error}` : ''}`);
      }

      const logs = { powerbi: bench.powerbi.requests().slice(before.powerbi), fabric: bench.fabric.requests().slice(before.fabric) };
      // FLEET_BENCH_TRACE=<file>: every call of the rollout in time order, to see where a wave's time goes.
      if (process.env.FLEET_BENCH_TRACE) {
        const lines = [...logs.powerbi, ...logs.fabric].sort((a, b) => a.time.localeCompare(b.time)).map((r) => `${r.time} ${r.status} ${r.method} ${r.route} ${r.path}`);
        await writeFile(process.env.FLEET_BENCH_TRACE, lines.join('\n') + '\n');
      }
      const mix = callMix([...logs.powerbi, ...logs.fabric]);
      const redeploys = logs.fabric.filter((r) => r.route === 'semanticModels.updateDefinition' && r.status !== 429).length;
      const pbi = rateTerm(logs.powerbi, POWERBI_PER_MINUTE);
      const fab = rateTerm(logs.fabric, FABRIC_PER_MINUTE);
      const waves = report.waves.length;
      const pbiLat = (route: string) => POWER_BI_LATENCY.routes?.[route] ?? POWER_BI_LATENCY.defaultMs ?? 0;
      const fabLat = (route: string) => FABRIC_LATENCY.routes?.[route] ?? FABRIC_LATENCY.defaultMs ?? 0;
      const duration = (table: typeof POWER_BI_LATENCY, name: string) => table.durations?.[name] ?? 0;
      const chainMs =
        2 * pbiLat('groups.list') +
        fabLat('semanticModels.updateDefinition') + Math.max(duration(FABRIC_LATENCY, 'run.updateDefinition'), duration(FABRIC_LATENCY, 'lro.retryAfter')) + fabLat('operations.get') +
        pbiLat('datasets.datasources') + pbiLat('gateways.updateDatasource') +
        pbiLat('datasets.refresh') + duration(POWER_BI_LATENCY, 'dataset.refresh') + pbiLat('datasets.refreshes');
      const criticalMs = waves * chainMs;
      const boundMs = Math.max(criticalMs, pbi.ms, fab.ms);
      console.error(
        `fleet-schema-changed: ${TENANTS} tenants in ${waves} waves (${CONCURRENCY} at once, Power BI per ${PER}): ${redeploys} model redeploys; ` +
          `${mix.all} calls (${mix.writes} writes, ${mix.reads} reads, ${mix.polls} polls, ${mix.throttled} × 429); ` +
          `virtual ${(wallMs / 1000).toFixed(1)} s in ${(realMs / 1000).toFixed(1)} s real; critical path ${waves} × ${(chainMs / 1000).toFixed(1)} s, ` +
          `Power BI ${pbi.most} writes → ${(pbi.ms / 1000).toFixed(1)} s, Fabric ${fab.most} writes → ${(fab.ms / 1000).toFixed(1)} s; ` +
          `the principal is a member of ${principalWorkspaces(bench.world)} workspaces (Power BI's cap: 1,000)`,
      );
      console.error(`reads and polls by route: ${readsByRoute([...logs.powerbi, ...logs.fabric])}`);
      // Where the principal's Power BI budget goes, per tenant, and what 1,000 tenants would need
      // of it: every Power BI call (not only the writes B counts) spends one of its 60 a minute.
      const kinds = callKinds(logs.powerbi, logs.fabric, TENANTS);
      const perTenantPbi = Object.values(kinds.powerbi).reduce((a, b) => a + b, 0);
      const waves1000 = 1 + Math.ceil((1000 - 1) / Math.ceil((1000 - 1) * 0.1));
      const bound1000Ms = Math.max(waves1000 * chainMs, ((kinds.powerbi.writes * 1000) / POWERBI_PER_MINUTE) * 60_000);
      const budget1000Ms = ((perTenantPbi * 1000) / POWERBI_PER_MINUTE) * 60_000;
      console.error(
        `per tenant: Power BI ${Object.entries(kinds.powerbi).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')} = ${perTenantPbi.toFixed(2)}; ` +
          `Fabric ${Object.entries(kinds.fabric).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}; ` +
          `1,000 tenants on one principal: ${(budget1000Ms / 60_000).toFixed(0)} min of Power BI budget vs B ${(bound1000Ms / 60_000).toFixed(0)} min (${waves1000} waves) = ${(budget1000Ms / bound1000Ms).toFixed(2)}×`,
      );
      return [
        { name: `schema change to ${TENANTS} tenants in ${waves} waves (Power BI per ${PER}, ${CONCURRENCY} at once)`, value: wallMs / 1000, unit: 's', clock: 'virtual' },
        {
          name: 'B', value: boundMs / 1000, unit: 's',
          bound: `max(critical path ${waves} waves × ${(chainMs / 1000).toFixed(1)} s, Power BI ${pbi.most} writes ÷ ${POWERBI_PER_MINUTE}/min = ${(pbi.ms / 1000).toFixed(1)} s, Fabric ${fab.most} writes ÷ ${FABRIC_PER_MINUTE}/min = ${(fab.ms / 1000).toFixed(1)} s)`,
        },
        { name: 'ratio to B', value: wallMs / boundMs, unit: '×', target: 1.3, direction: 'max', bound: 'virtual wall ÷ B', clock: 'virtual' },
        { name: 'models redeployed', value: redeploys, unit: 'models', target: TENANTS, direction: 'min' },
        { name: 'reads per tenant', value: mix.reads / TENANTS, unit: 'calls' },
        { name: 'busiest Power BI budget: all its calls ÷ rate', value: pbi.allCallsMs / 1000, unit: 's', bound: 'reads and polls included: the wall of a rate-bound run' },
        { name: '429s ÷ calls', value: (mix.throttled / mix.all) * 100, unit: '%', target: 1, direction: 'max' },
        { name: 'Power BI calls per tenant', value: perTenantPbi, unit: 'calls', bound: Object.entries(kinds.powerbi).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ') },
        { name: '1,000 tenants: Power BI calls ÷ 60/min on one principal ÷ B(1,000)', value: budget1000Ms / bound1000Ms, unit: '×', bound: `computed from the calls per tenant: ${(budget1000Ms / 60_000).toFixed(0)} min vs B ${(bound1000Ms / 60_000).toFixed(0)} min` },
        { name: 'real time (the migrations\' SQL included)', value: realMs / 1000, unit: 's' },
        setupFigure,
      ];
    } finally {
      await bench.close();
      await fleet.remove();
    }
  },
};
export default scenario;

/**
 * Calls per tenant by what they are for: writes; the plan's and the lock's reads of the tenant
 * (lists of groups, models, users, reports, the model's parameters); the datasource listing before
 * credentials; refresh and capacity polls; Fabric's operation polls.
 */
function callKinds(powerbi: readonly RequestLogEntry[], fabric: readonly RequestLogEntry[], tenants: number) {
  const ok = (r: RequestLogEntry) => r.status !== 429;
  const count = (entries: readonly RequestLogEntry[], pick: (r: RequestLogEntry) => boolean) => entries.filter((r) => ok(r) && pick(r)).length / tenants;
  const refreshPolls = new Set(['datasets.refreshes', 'admin.capacities.refreshables']);
  const special = new Set(['datasets.datasources', 'groups.capacityAssignmentStatus', ...refreshPolls]);
  return {
    powerbi: {
      writes: count(powerbi, isWrite),
      reads: count(powerbi, (r) => !isWrite(r) && !special.has(r.route ?? '')),
      datasources: count(powerbi, (r) => r.route === 'datasets.datasources'),
      // A model's own history, or the capacity's refreshables that follow many refreshes at once.
      'refresh polls': count(powerbi, (r) => refreshPolls.has(r.route ?? '')),
      'capacity polls': count(powerbi, (r) => r.route === 'groups.capacityAssignmentStatus'),
    },
    fabric: {
      writes: count(fabric, isWrite),
      'operation polls': count(fabric, (r) => r.route === 'operations.get'),
      'other reads': count(fabric, (r) => r.method === 'GET' && r.route !== 'operations.get'),
    },
  };
}
