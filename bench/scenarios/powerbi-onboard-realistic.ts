// Onboarding one tenant (acme-training, 42 reports) on the sandbox's `realistic` latency profile,
// as a ratio to the critical-path bound computed from that same profile. Target ≤ 1.25.
//
// Time is a virtual clock shared by the emulators and our client's sleeps: every latency,
// asynchronous duration and Retry-After of the profile is "spent" exactly as a real run would
// spend it, overlapping where calls overlap, while the run itself takes seconds. The figure is
// therefore about orchestration — order, parallelism, polling — not CPU. The clock moves to the
// next due timer only when no real work is in flight (createSettlingClock, bench/support/clock-
// settling.ts: no SQL, every HTTP call asleep in an emulator's handler, a few real ms of quiet),
// so real work in between (registry writes, loopback HTTP, PostgreSQL) finishes at the virtual
// instant it started, as it would next to second-long service latencies, however loaded the
// machine is; a clock that jumped while work was under way would let one branch's sleeps race
// past another branch's database write.
//
// The bound (computeCriticalPath below) is the longest path through what the contract forces:
//   discovery          R                                    one round of parallel reads
//   profile            W(profiles.create)                   after discovery
//   template access    R (template lookup) ∥ W(groups.users.add)   after the profile
//   workspace          W(groups.create)                     after the profile
//   access             W(groups.users.add)                  after the workspace
//   capacity           W(groups.assignToCapacity) + D(capacity.assignment) + R(status)   after the workspace
//   model              A(accept) + max(run, Retry-After) + R(operations.get) + R(operations.result)
//                      — a client honouring Retry-After cannot learn sooner — after workspace + access
//   takeover ∥ datasources   max(W(takeOver), R(datasources))   after the model
//   credentials        W(gateways.updateDatasource)         after both
//   refresh            W(datasets.refresh) + D(dataset.refresh) + R(refreshes)   after credentials + capacity
//   reports            W(reports.clone) (all 42 at once: unlimited parallelism)   after model + template access
//   end                max(refresh, reports)
// with W/R the route latencies of POWER_BI_LATENCY / FABRIC_LATENCY and D their durations.
// Every latency is read from the committed tables, so the bound moves with them.
//
// This file also exports the bench sandbox the other powerbi-* scenarios use.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AGREEMENT_ROUNDS, type Figure, type Scenario } from '../scenario.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { deriveNames } from '../../src/naming/index.ts';
import { applyTenants, createServices, loadInputs, type Inputs, type Services } from '../../src/run/index.ts';
import type { PowerBiServicesOptions } from '../../src/powerbi/index.ts';
import type { DnsSettingsOverrides } from '../../src/dns/index.ts';
import { parseKeyring } from '../../src/registry/index.ts';
import {
  type Clock, createTlsMaterial, type FabricThrottling, type PowerBiThrottling, createWorld, type EmbeddedPostgres, FABRIC_LATENCY, type FabricEmulator, type LatencySetting,
  POWER_BI_LATENCY, type PowerBiEmulator, startEmbeddedPostgres, startEntra, startFabric, startPowerBi, type World, type WorldSnapshot,
} from '@tenantops/emulators';
import { copyCluster } from '../../dev/sandbox-postgres.ts';
import { MARKER_COLUMNS } from '../../dev/world-config.ts';
import { createSettlingClock } from '../support/clock-settling.ts';
import { urlWith, withClient } from '../../test/support/pg.ts';
import { provisionTenantData, seedTemplateWorkspace } from '../../test/support/powerbi-seed.ts';
import { repoRoot } from '../../test/support/repo.ts';

const TENANT_ID = '3f1e2d4c-0000-4000-8000-0000000000cc';
const APP = { clientId: '6a1b2c3d-0000-4000-8000-0000000000c1', secret: 'synthetic-bench-secret', objectId: '9e8d7c6b-0000-4000-8000-0000000000c1', displayName: 'tenantops-bench' };

// Re-exported: the other scenarios take the clock from here.
export { createSettlingClock };

/**
 * Requests each emulator of the bench keeps (their default is 10,000): the fleet scenarios count
 * a 1,000-tenant run's calls from the logs, and a cut log would under-count them. Room for about
 * 100 calls a tenant at 1,000 tenants; the logs are cleared before each measured part.
 */
export const BENCH_REQUEST_LOG = 200_000;

export interface PowerBiBench {
  clock: Clock;
  world: World;
  powerbi: PowerBiEmulator;
  fabric: FabricEmulator;
  inputs: Inputs;
  /** `reports` narrows the run to the reports whose name contains one of these; `client` replaces the bench's client rate options. */
  services(options?: { reports?: string[]; client?: PowerBiBenchOptions['client'] }): Services;
  /** What provision-db leaves for a tenant: schema, tables, rows, BI role, registry records. */
  provision(code: string): Promise<void>;
  /** Calls answered since the last clear, both emulators. */
  calls(): { method: string; route?: string }[];
  /** A database URL of the bench's PostgreSQL server, as its superuser (a scenario's own cluster). */
  url(database: string): string;
  /** The variables services read (a scenario adds its cluster's admin URL). */
  env: Record<string, string>;
  clear(): void;
  /** What a later process needs, beside a copy of the PostgreSQL data, to start from this state (`restore`). */
  state(): Omit<BenchRestore, 'postgresDir'>;
  /**
   * Closes every services object handed out (their pools would lose their connections), stops
   * PostgreSQL, runs `during` on its data directory (a copy is consistent only while it is
   * stopped) and starts it again on the same port; later `services()` connect afresh.
   */
  withPostgresStopped(during: (dataDir: string) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** A saved bench to start from instead of an empty one (bench/support/fleet-snapshot.ts). */
export interface BenchRestore {
  /** A stopped copy of the bench's PostgreSQL data directory, copied in before the start. */
  postgresDir: string;
  /** The port it ran on: the registry's data stores and the models' parameters name it. */
  port: number;
  /** The virtual time it was saved at: the world's times and the registry's are not in the future then. */
  clockMs: number;
  /** The registry's envelopes were sealed with it. */
  encryptionKey: string;
  world: WorldSnapshot;
}

export interface PowerBiBenchOptions {
  latency: LatencySetting;
  root?: string;
  /** The emulators' throttling (the documented limits); default none. */
  throttling?: { powerbi?: PowerBiThrottling; fabric?: FabricThrottling };
  /** Our client's rate options; given, they replace the lifted rate (1,000 calls a second) the other scenarios use. */
  client?: Pick<PowerBiServicesOptions, 'budgets' | 'powerbiBudgetPer'>;
  /** DNS as the run reaches it (a GoDaddy emulator's URL, CA, clock) and the variables its credentials come from. */
  dns?: { overrides: DnsSettingsOverrides; env: Record<string, string> };
  /** Start from a saved bench (its databases, world, clock and key) instead of an empty one. */
  restore?: BenchRestore;
}

export async function startPowerBiBench(options: PowerBiBenchOptions): Promise<PowerBiBench> {
  const root = options.root ?? repoRoot;
  const { restore } = options;
  const dataDir = path.join(repoRoot, '.tenantops', 'bench-pbi-pg');
  if (restore) await copyCluster(restore.postgresDir, dataDir);
  let server: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir, password: 'bench-sandbox', port: restore?.port });
  const url = (db: string) => urlWith(server.url, db);
  if (!restore) {
    await withClient(url('postgres'), async (admin) => {
      for (const db of ['pbi_registry', 'pbi_shared']) {
        await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${db} TEMPLATE template0`);
      }
    });
  }

  const tls = await createTlsMaterial();
  const clock = createSettlingClock(restore?.clockMs ?? Date.UTC(2026, 4, 4, 8));
  const world = createWorld({ now: () => clock.now() });
  const entra = await startEntra({ tls, tenantId: TENANT_ID, apps: [APP], clock });
  const verifyToken = (a: string | undefined, o: { audience: string | string[]; now?: number }) => entra.verifyAccessToken(a, o);
  const powerbi = await startPowerBi({ world, tls, clock, verifyToken, latency: options.latency, markerColumns: MARKER_COLUMNS, throttling: options.throttling?.powerbi, requestLogCapacity: BENCH_REQUEST_LOG });
  const fabric = await startFabric({ world, tls, clock, verifyToken, latency: options.latency, throttling: options.throttling?.fabric, requestLogCapacity: BENCH_REQUEST_LOG });
  world.ensurePrincipal({ id: APP.objectId, appId: APP.clientId, displayName: APP.displayName });
  world.addCapacity({ displayName: 'sandbox-a1', sku: 'A1' });

  const loaded = await loadInputs(root);
  if (!loaded.inputs) throw new Error(`inputs do not load: ${loaded.findings.slice(0, 3).map((f) => f.message).join('; ')}`);
  const principal = world.resolveActor(APP.objectId);
  seedTemplateWorkspace(world, principal, { root, name: loaded.inputs.platform.powerbi.templateWorkspace, catalog: loaded.inputs.catalog });
  // The saved world replaces the seeded one whole (the principal, capacity and template workspace with their saved ids).
  if (restore) world.restore(restore.world);

  const platform = structuredClone(loaded.inputs.platform);
  platform.credentialProfiles[platform.powerbi.credentialProfile] = { tenantId: TENANT_ID, clientId: APP.clientId, type: 'client-secret', clientSecretSecret: 'BENCH_DEPLOYER_SECRET' };
  const inputs: Inputs = { ...loaded.inputs, platform };
  const env = { ...options.dns?.env, BENCH_DEPLOYER_SECRET: APP.secret, TENANTOPS_REGISTRY_URL: url('pbi_registry'), TENANTOPS_ENCRYPTION_KEY: restore?.encryptionKey ?? `bench:${randomBytes(32).toString('base64')}` };
  let calls: { method: string; route?: string }[] = [];
  for (const e of [powerbi, fabric]) e.onExchange((x) => calls.push({ method: x.method, route: x.route }));
  const open: Services[] = [];

  const bench: PowerBiBench = {
    clock, world, powerbi, fabric, inputs,
    services(extra = {}) {
      const s = createServices({
        platform, root, log: createMemoryLogger(), env, dns: options.dns?.overrides,
        powerbi: {
          ca: tls.caPem, authorityHost: entra.authorityHost, powerbiUrl: powerbi.url, fabricUrl: fabric.url, ratePerSecond: (extra.client ?? options.client) ? undefined : 1000, ...(extra.client ?? options.client),
          sleep: (ms) => clock.sleep(ms),
          now: () => clock.now(),
          reports: extra.reports,
        },
      });
      open.push(s);
      return s;
    },
    async provision(code) {
      const config = inputs.tenants.find((t) => t.config.code === code)!.config;
      const registry = await (open[0] ?? bench.services()).registry();
      await provisionTenantData({ config, url: url('pbi_shared'), registry, keyring: parseKeyring(env), root, rows: 2 });
    },
    calls: () => calls,
    url,
    env,
    clear: () => {
      calls = [];
    },
    state: () => ({ port: server.port, clockMs: clock.now(), encryptionKey: env.TENANTOPS_ENCRYPTION_KEY, world: world.snapshot() }),
    async withPostgresStopped(during) {
      for (const s of open.splice(0)) await s.close();
      await server.stop();
      await during(dataDir);
      server = await startEmbeddedPostgres({ dataDir, password: 'bench-sandbox', port: server.port });
    },
    async close() {
      for (const s of open) await s.close().catch(() => undefined);
      await powerbi.stop();
      await fabric.stop();
      await entra.stop();
      await server.stop();
    },
  };
  return bench;
}

/** The bound described at the top of this file, in ms, from the committed latency tables. */
export function computeCriticalPath(reports: number): { ms: number; path: string } {
  const pbi = (route: string): number => POWER_BI_LATENCY.routes?.[route] ?? POWER_BI_LATENCY.defaultMs ?? 0;
  const fab = (route: string): number => FABRIC_LATENCY.routes?.[route] ?? FABRIC_LATENCY.defaultMs ?? 0;
  const d = (table: typeof POWER_BI_LATENCY, name: string) => table.durations?.[name] ?? 0;
  const R = pbi('groups.list');
  const t: Record<string, number> = {};
  t.discovery = R;
  t.profile = t.discovery + pbi('profiles.create');
  t.templateAccess = Math.max(t.discovery + R, t.profile) + pbi('groups.users.add');
  t.workspace = t.profile + pbi('groups.create');
  t.access = t.workspace + pbi('groups.users.add');
  t.capacity = t.workspace + pbi('groups.assignToCapacity') + d(POWER_BI_LATENCY, 'capacity.assignment') + pbi('groups.capacityAssignmentStatus');
  const accept = fab('semanticModels.create') + d(FABRIC_LATENCY, 'accept.SemanticModel');
  t.model = t.access + accept + Math.max(d(FABRIC_LATENCY, 'run.SemanticModel'), d(FABRIC_LATENCY, 'lro.retryAfter')) + fab('operations.get') + fab('operations.result');
  t.credentials = t.model + Math.max(pbi('datasets.takeOver'), pbi('datasets.datasources')) + pbi('gateways.updateDatasource');
  t.refresh = Math.max(t.credentials, t.capacity) + pbi('datasets.refresh') + d(POWER_BI_LATENCY, 'dataset.refresh') + pbi('datasets.refreshes');
  t.reports = reports ? Math.max(t.model, t.templateAccess) + pbi('reports.clone') : 0;
  const ms = Math.max(t.refresh, t.reports);
  return { ms, path: Object.entries(t).map(([k, v]) => `${k}@${(v / 1000).toFixed(1)}s`).join(' ') };
}

export const CODE = 'acme-training';

/** Onboards `CODE` on a fresh bench sandbox; returns the virtual ms it took. */
export async function onboardOnce(bench: PowerBiBench, options: { reports?: string[] } = {}): Promise<number> {
  const services = bench.services(options);
  await services.registry();
  await bench.provision(CODE);
  const started = bench.clock.now();
  const result = await applyTenants(bench.inputs, services, { tenant: CODE, only: ['powerbi'], actor: 'bench' });
  if (result.tenants[0].failed.length) throw new Error(`onboarding failed: ${result.tenants[0].failed.join(', ')}`);
  return bench.clock.now() - started;
}

const scenario: Scenario = {
  name: 'powerbi-onboard-realistic',
  rounds: AGREEMENT_ROUNDS,
  description: 'onboard acme-training (42 reports) on the realistic latency profile, vs the critical-path bound',
  async run(): Promise<Figure[]> {
    const bench = await startPowerBiBench({ latency: { profile: 'realistic', scale: 1 } });
    try {
      const ms = await onboardOnce(bench);
      const reports = bench.world.listItems(bench.world.resolveActor(APP.objectId), [...bench.world.state.workspaces.values()].find((w) => w.displayName === deriveNames(CODE).workspace)!.id, 'Report').length;
      if (reports !== 42) throw new Error(`expected 42 reports, found ${reports}`);
      const bound = computeCriticalPath(42);
      return [
        { name: 'onboarding', value: ms / 1000, unit: 's', clock: 'virtual' },
        { name: 'critical-path bound', value: bound.ms / 1000, unit: 's', bound: bound.path },
        { name: 'ratio to bound', value: ms / bound.ms, unit: '×', target: 1.25, direction: 'max', bound: 'onboarding ÷ critical-path bound (formula in this file)', clock: 'virtual' },
      ];
    } finally {
      await bench.close();
    }
  },
};
export default scenario;
