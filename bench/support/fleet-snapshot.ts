// Provisioned-fleet snapshots: the fleet scenarios onboard hundreds of tenants before they measure
// anything (setup, not measured), which at 1,000 tenants takes longer than every round's measured
// part together. The first round at a scale builds the fleet as before and saves what the measured
// part starts from — the bench's PostgreSQL data (registry and tenant data), the Power BI / Fabric
// world, the GoDaddy zones, the virtual time, the key the registry's envelopes were sealed with and
// the fleet repository — under .tenantops/bench-cache/<scenario>-<scale>-<key>/; later rounds
// (fresh processes) restore it instead of onboarding. BENCH_FLEET_SNAPSHOT=off builds every round
// and saves nothing (to compare a restored round with a fresh one).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { GodaddySnapshot } from '@tenantops/emulators';
import { copyCluster, isFree } from '../../dev/sandbox-postgres.ts';
import { writePrivateJson } from '../../dev/private-json.ts';
import { repoRoot } from '../../test/support/repo.ts';
import type { Figure } from '../scenario.ts';
import type { BenchRestore, PowerBiBench } from '../scenarios/powerbi-onboard-realistic.ts';
import { fleetRepository } from './fleet-powerbi.ts';

/**
 * What shapes a provisioned fleet, hashed into the snapshot's key so that a stale snapshot is
 * never reused: the product (src/), its templates, the emulators, the bench's own support code,
 * the bench sandbox and the seeding it runs, the inputs `fleetRepository` copies, and the
 * installed packages (the PostgreSQL binaries among them). The scenario's file and its scale
 * knobs are added per scenario. Any byte changed in any of them gives a new key.
 */
export const SHAPING_PATHS = [
  'src',
  'templates',
  'emulators/src',
  'bench/support',
  'bench/scenarios/powerbi-onboard-realistic.ts',
  'test/support/powerbi-seed.ts',
  'test/support/pg.ts',
  'dev/world-config.ts',
  'dev/sandbox-postgres.ts',
  'platform.yaml',
  'platform.schema.json',
  'tenants/acme-training.yaml',
  'package-lock.json',
];

const STATE_FILE = 'state.json';
const VERSION = 1;

/** The key of a fleet: a hash over the contents of every shaping file, the scenario's file and the knobs. */
export function fleetKey(input: { scenarioFile: string; knobs: Record<string, string | number>; root?: string; paths?: readonly string[] }): string {
  const root = input.root ?? repoRoot;
  const hash = createHash('sha256');
  const files = [...(input.paths ?? SHAPING_PATHS).flatMap((p) => listFiles(root, p)), path.relative(root, input.scenarioFile)];
  for (const file of [...new Set(files)].sort()) {
    // Name and content, each length-prefixed, so a renamed or moved file changes the key too.
    const content = readFileSync(path.join(root, file));
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  hash.update(JSON.stringify(Object.entries(input.knobs).sort(([a], [b]) => a.localeCompare(b))));
  return hash.digest('hex').slice(0, 16);
}

/** Files under `rel` (or `rel` itself), relative to root, skipping what git ignores here (node_modules). */
function listFiles(root: string, rel: string): string[] {
  const full = path.join(root, rel);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [rel];
  return readdirSync(full, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules')
    .flatMap((e) => listFiles(root, path.join(rel, e.name)));
}

/** What the measured part starts from besides the bench itself. */
export interface FleetState extends Omit<BenchRestore, 'postgresDir'> {
  version: typeof VERSION;
  savedAt: string;
  godaddy?: GodaddySnapshot;
  /** Real seconds the build took (onboarding included), for the report. */
  buildSeconds: number;
}

export interface FleetSpec {
  /** The scenario's name and file (its file is part of the key). */
  scenario: string;
  scenarioFile: string;
  tenants: number;
  /** Tenant codes are `<prefix>-0000`…. */
  prefix: string;
  /** Every other knob that shapes the provisioned state (not those of the measured part only). */
  knobs?: Record<string, string | number>;
  /** Writes the repository a build starts from; default `fleetRepository` (copies of acme-training). Keep it in the scenario's file: that file is in the key. */
  repository?: (count: number, prefix: string) => Promise<{ root: string; codes: string[] }>;
}

export interface Fleet {
  root: string;
  codes: string[];
  /** Present when the fleet is restored: pass to startPowerBiBench. */
  restore?: BenchRestore;
  /** The GoDaddy zones to restore, when the snapshot has them. */
  godaddy?: GodaddySnapshot;
  /** After a build: saves the fleet (the bench's PostgreSQL is stopped for the copy and started again). */
  save(bench: PowerBiBench, extra?: { godaddy?: GodaddySnapshot }): Promise<void>;
  /** Once the fleet is ready: prints whether it was restored or built and how long that took; returns it as a figure. */
  ready(): Figure;
  /** Removes the fleet repository (the snapshot stays). */
  remove(): Promise<void>;
}

/** Opens the fleet of a scenario at its scale: a usable snapshot is restored, otherwise a fresh repository is made for a build. */
export async function openFleet(spec: FleetSpec): Promise<Fleet> {
  const started = performance.now();
  const scale = `${spec.scenario}-${spec.tenants}`;
  const cacheRoot = path.join(repoRoot, '.tenantops', 'bench-cache');
  const dir = path.join(cacheRoot, `${scale}-${fleetKey({ scenarioFile: spec.scenarioFile, knobs: { tenants: spec.tenants, ...spec.knobs } })}`);
  const off = process.env.BENCH_FLEET_SNAPSHOT === 'off';
  const saved = off ? undefined : await readState(dir);
  // The registry's data stores and the models' parameters name the port: a snapshot whose port is taken now is built again.
  const usable = saved && (await isFree(saved.port));
  if (saved && !usable) console.error(`${spec.scenario}: port ${saved.port} of the saved fleet is taken; building the fleet again`);
  let root: string;
  let codes: string[];
  if (usable) {
    root = await mkdtemp(path.join(tmpdir(), 'tenantops-bench-fleet-'));
    await cp(path.join(dir, 'fleet'), root, { recursive: true });
    codes = readdirSync(path.join(root, 'tenants')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
  } else {
    ({ root, codes } = await (spec.repository ?? fleetRepository)(spec.tenants, spec.prefix));
  }
  let buildSeconds = saved?.buildSeconds;
  let saveSeconds: number | undefined;
  return {
    root,
    codes,
    restore: usable ? { postgresDir: path.join(dir, 'postgres'), port: saved.port, clockMs: saved.clockMs, encryptionKey: saved.encryptionKey, world: saved.world } : undefined,
    godaddy: usable ? saved.godaddy : undefined,
    async save(bench, extra = {}) {
      buildSeconds = (performance.now() - started) / 1000;
      if (off) return;
      const state: FleetState = { version: VERSION, savedAt: new Date().toISOString(), ...bench.state(), godaddy: extra.godaddy, buildSeconds };
      // Made aside and renamed: a round killed half-way never leaves half a snapshot under the key.
      const staging = `${dir}.${process.pid}`;
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true });
      await cp(root, path.join(staging, 'fleet'), { recursive: true });
      await bench.withPostgresStopped((dataDir) => copyCluster(dataDir, path.join(staging, 'postgres')));
      await writePrivateJson(path.join(staging, STATE_FILE), state);
      await rm(dir, { recursive: true, force: true });
      await rename(staging, dir);
      saveSeconds = (performance.now() - started) / 1000 - buildSeconds;
      // Snapshots of the same scenario and scale under another key are stale for good: a fleet is hundreds of MB.
      for (const other of readdirSync(cacheRoot)) {
        if (other.startsWith(`${scale}-`) && path.join(cacheRoot, other) !== dir && !/\.\d+$/.test(other)) await rm(path.join(cacheRoot, other), { recursive: true, force: true });
      }
    },
    ready() {
      const seconds = (performance.now() - started) / 1000;
      const how = usable ? 'restored' : 'built';
      const detail = usable
        ? ` (building it took ${buildSeconds?.toFixed(1)} s; snapshot ${path.relative(repoRoot, dir)})`
        : saveSeconds === undefined ? '' : ` (onboarding ${buildSeconds?.toFixed(1)} s, saving the snapshot ${saveSeconds.toFixed(1)} s)`;
      console.error(`${spec.scenario}: fleet of ${spec.tenants} tenants ${how} in ${seconds.toFixed(1)} s real${detail}`);
      return { name: `fleet setup, ${how} (${spec.tenants} tenants, real time)`, value: seconds, unit: 's' };
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

async function readState(dir: string): Promise<FleetState | undefined> {
  const text = await readFile(path.join(dir, STATE_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const state = JSON.parse(text) as FleetState;
  return state.version === VERSION && existsSync(path.join(dir, 'postgres', 'PG_VERSION')) ? state : undefined;
}
