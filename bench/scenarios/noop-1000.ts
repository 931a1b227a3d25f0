// A re-run over 1,000 onboarded tenants (Power BI and DNS) of which 1 % drifted, a third each way:
// a report deleted, a model parameter changed, the tenant's DNS record edited. The re-run is the
// plan a drift check makes (`tenantops plan`, online): it reads, it writes nothing. Figures: reads
// per tenant (target ≤ 1 on average), counted from the emulators' request logs (Power BI, Fabric
// and GoDaddy, token requests excluded), and the tenants found drifted (target: exactly the
// drifted ones, no more, no fewer).
//
// Where the reads go: a plan of 20 or more tenants reads Power BI once for the fleet through the
// admin scanner API (platform.yaml powerbi.fleetReads: scanner here; the default `auto` is the same when allowed; src/powerbi/fleet.ts):
// the organisation's workspace ids, one getInfo per 100 workspaces with its status polls and its
// result (users, reports, models with their M expressions, i.e. the parameters), the principal's
// profiles; and the zone once per read pass (src/dns/service.ts), plus GoDaddy's domain lookups.
// getInfo is a POST that only starts a scan (it changes nothing): counted as a read.
// NOOP_BENCH_FLEET_READS=per-tenant measures the per-tenant reads (five per tenant) for comparison.
// The line printed on stderr gives the calls by route.
//
// Latency is `instant` and the limits are off: the figures are call counts, not times. Scale:
// NOOP_BENCH_TENANTS (default 999: the most one principal holds beside the template workspace,
// TENANTS_PER_PRINCIPAL in bench/support/fleet-powerbi.ts; 1,000 is refused at the last tenant);
// the drifted share stays 1 % (at least 3 tenants, one per kind of drift). The fleet is
// onboarded with a service principal profile per tenant (withTenantProfiles: each workspace made
// by its tenant's profile, at every scale, so a small run plans the same calls as the full one). The setup onboards every tenant first (not measured); the first round at a
// scale saves the onboarded fleet and later rounds restore it (bench/support/fleet-snapshot.ts).
// The drift is made after either, so every round plans the same drifted fleet.
import { performance } from 'node:perf_hooks';
import { AGREEMENT_ROUNDS, type Figure, type Scenario } from '../scenario.ts';
import { mapLimit } from '../../src/plan/index.ts';
import { deriveNames } from '../../src/naming/index.ts';
import { applyTenants, planOnline } from '../../src/run/index.ts';
import { type Clock, createTlsMaterial, startGodaddy } from '@tenantops/emulators';
import { principalWorkspaces, READ_POSTS, TENANTS_PER_PRINCIPAL, withTenantProfiles } from '../support/fleet-powerbi.ts';
import { openFleet } from '../support/fleet-snapshot.ts';
import { BENCH_REQUEST_LOG, startPowerBiBench } from './powerbi-onboard-realistic.ts';

const TENANTS = Number(process.env.NOOP_BENCH_TENANTS ?? TENANTS_PER_PRINCIPAL);
const DRIFTED = Math.max(3, Math.round(TENANTS / 100));
const FLEET_READS = process.env.NOOP_BENCH_FLEET_READS === 'per-tenant' ? 'per-tenant' : 'scanner';
/** Tenants onboarded at once by the setup (limits off, instant latency): 16 was no faster at 100 tenants, the process is CPU-bound. */
const SETUP_CONCURRENCY = 8;
const KEY = 'synthetic-bench-godaddy-key';
const SECRET = 'synthetic-bench-godaddy-secret';

const scenario: Scenario = {
  name: 'noop-1000',
  rounds: AGREEMENT_ROUNDS,
  description: `re-run (online plan) of ${TENANTS} onboarded tenants of which ${DRIFTED} drifted: reads per tenant, drift found`,
  async run(): Promise<Figure[]> {
    const fleet = await openFleet({ scenario: 'noop-1000', scenarioFile: import.meta.filename, tenants: TENANTS, prefix: 'noop' });
    const { root, codes } = fleet;
    const tls = await createTlsMaterial();
    // GoDaddy and our DNS client on the bench's virtual clock, as Power BI and Fabric are: the
    // domain's edit lock (3 s after each edit, and every tenant's records are in one domain) would
    // otherwise be waited in real time, which made most of the setup's time.
    let clock: Clock | undefined;
    const benchTime: Clock = { now: () => clock!.now(), sleep: (ms, signal) => clock!.sleep(ms, signal) };
    const godaddy = await startGodaddy({ tls, clock: benchTime, credentials: [{ key: KEY, secret: SECRET }], domains: { 'example.com': {} }, requestLogCapacity: BENCH_REQUEST_LOG });
    if (fleet.godaddy) godaddy.restore(fleet.godaddy);
    const bench = await startPowerBiBench({
      latency: { profile: 'instant' },
      root,
      dns: { overrides: { apiUrl: godaddy.url, ca: tls.caPem, ...benchTime }, env: { TENANTOPS_GODADDY_API_KEY: KEY, TENANTOPS_GODADDY_API_SECRET: SECRET } },
      restore: fleet.restore,
    });
    clock = bench.clock;
    withTenantProfiles(bench.inputs.platform);
    godaddy.setRateLimits({}); // setup at full speed; the figures are counts
    try {
      if (!fleet.restore) {
        const setup = bench.services();
        await setup.registry();
        // Each tenant's schema on its own connection: side by side, the DDL uses both cores.
        await mapLimit(codes, 4, (code) => bench.provision(code));
        const first = await applyTenants(bench.inputs, setup, { only: ['powerbi', 'dns'], actor: 'bench', tenantConcurrency: SETUP_CONCURRENCY });
        const notOnboarded = first.tenants.filter((t) => t.failed.length || t.skipped.length);
        if (notOnboarded.length) throw new Error(`${notOnboarded.length} tenant(s) did not onboard: ${notOnboarded[0].tenant} ${notOnboarded[0].failed.join(', ')}`);
        await fleet.save(bench, { godaddy: godaddy.snapshot() });
      }
      const setupFigure = fleet.ready();

      // Drift, spread over the fleet: every hundredth tenant, one kind each in turn.
      const drifted = Array.from({ length: DRIFTED }, (_, i) => codes[Math.floor((i * TENANTS) / DRIFTED)]);
      drifted.forEach((code, i) => drift(bench.world, godaddy, code, i % 3));

      // The measured part starts from empty logs: the setup's calls are not the re-run's (and the
      // logs keep only their newest BENCH_REQUEST_LOG entries).
      for (const emulator of [bench.powerbi, bench.fabric, godaddy]) emulator.clearRequests();
      const before = { powerbi: bench.powerbi.requests().length, fabric: bench.fabric.requests().length, godaddy: godaddy.requests().length };
      const real = performance.now();
      bench.inputs.platform.powerbi.fleetReads = FLEET_READS;
      const plan = await planOnline(bench.inputs, bench.services(), { only: ['powerbi', 'dns'] });
      const realMs = performance.now() - real;
      const requests = [
        ...bench.powerbi.requests().slice(before.powerbi),
        ...bench.fabric.requests().slice(before.fabric),
        ...godaddy.requests().slice(before.godaddy),
      ];
      const writes = requests.filter((r) => r.method !== 'GET' && !READ_POSTS.has(r.route ?? '')).length;
      const reads = requests.length - writes;
      const byRoute = new Map<string, number>();
      for (const r of requests) byRoute.set(r.route ?? '?', (byRoute.get(r.route ?? '?') ?? 0) + 1);
      const powerbiReads = bench.powerbi.requests().length - before.powerbi;
      const godaddyReads = godaddy.requests().length - before.godaddy;
      const found = plan.tenants.filter((t) => t.changes.length).map((t) => t.tenant).sort();
      const expected = [...drifted].sort();
      const missed = expected.filter((c) => !found.includes(c));
      const extra = found.filter((c) => !expected.includes(c));
      console.error(`noop: ${TENANTS} tenants (${FLEET_READS} reads), ${DRIFTED} drifted; ${reads} reads (Power BI ${powerbiReads}, GoDaddy ${godaddyReads}), ${writes} writes (${[...byRoute].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}); found ${found.length}, missed ${missed.join(' ') || 'none'}, extra ${extra.slice(0, 5).join(' ') || 'none'}; ${(realMs / 1000).toFixed(1)} s real; the principal is a member of ${principalWorkspaces(bench.world)} workspaces (Power BI's cap: 1,000)`);
      return [
        { name: `reads per tenant (${TENANTS} tenants, ${FLEET_READS})`, value: reads / TENANTS, unit: 'calls', target: 1, direction: 'max' },
        { name: 'Power BI reads per tenant', value: powerbiReads / TENANTS, unit: 'calls' },
        { name: 'GoDaddy reads per tenant', value: godaddyReads / TENANTS, unit: 'calls' },
        { name: 'writes on the re-run', value: writes, unit: 'calls', target: 0, direction: 'max' },
        { name: 'drifted tenants not found', value: missed.length, unit: 'tenants', target: 0, direction: 'max' },
        { name: 'tenants found drifted that were not', value: extra.length, unit: 'tenants', target: 0, direction: 'max' },
        { name: 're-run wall time (instant latency)', value: realMs / 1000, unit: 's' },
        setupFigure,
      ];
    } finally {
      await bench.close();
      await godaddy.stop();
      await fleet.remove();
    }
  },
};
export default scenario;

type World = Awaited<ReturnType<typeof startPowerBiBench>>['world'];

/** One kind of drift made directly in the emulated services, as someone in their UIs would. */
function drift(world: World, godaddy: Awaited<ReturnType<typeof startGodaddy>>, code: string, kind: number): void {
  const workspace = [...world.state.workspaces.values()].find((w) => w.displayName === deriveNames(code).workspace);
  if (!workspace) throw new Error(`no workspace for ${code}`);
  const items = [...world.state.items.values()].filter((i) => i.workspaceId === workspace.id);
  if (kind === 0) {
    const report = items.find((i) => i.type === 'Report')!;
    world.state.items.delete(report.id);
  } else if (kind === 1) {
    const model = items.find((i) => i.type === 'SemanticModel')!;
    const values = model.semanticModel!.parameterValues;
    const name = Object.keys(values)[0];
    values[name] = `${values[name]}-edited`;
  } else {
    godaddy.putRecords('example.com', [{ type: 'CNAME', name: `${code}.tenants`, data: 'elsewhere.example.net', ttl: 600 }]);
  }
}
