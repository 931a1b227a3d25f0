// Boots the sandbox: TLS material, the emulated Entra ID, embedded PostgreSQL for the registry,
// every cluster of platform.yaml and every BYOD customer, the Power BI / Fabric world and the DNS
// zone, and what points a run at them (src/run's sandboxTarget, from the same SandboxInfo that
// sandbox.json publishes). Everything listens on loopback; everything stops with `stop()`. Given
// a snapshot file, the world is kept: restored at start, saved by `save()` and at `stop()`. Given
// a repository to serve, an emulated GitHub too (fresh at every start: runs are not world state).
import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createTlsMaterial, createVirtualClock, createWorld, EmulatorSetupError, startEntra, startFabric, startGithub, startGodaddy, startPowerBi,
  type EntraApp, type EntraEmulator, type FabricEmulator, type GithubEmulator, type GodaddyEmulator, type LatencySetting, type PowerBiEmulator, type TlsMaterial,
  type World,
} from '@tenantops/emulators';
import type { TemplateReport } from '../src/catalog/index.ts';
import type { LoadedTenant, PlatformConfig } from '../src/config/index.ts';
import { EnvironmentError } from '../src/errors/index.ts';
import type { Logger } from '../src/log/index.ts';
import { sandboxTarget, type SandboxInfo, type SandboxTarget } from '../src/run/index.ts';
import YAML from 'yaml';
import { startSandboxPostgres } from './sandbox-postgres.ts';
import { SANDBOX_ENTRA_RESOURCES, startSandboxSmtp } from './sandbox-smtp.ts';
import { startSandboxBlob } from './sandbox-blob.ts';
import { seedWorld, type SeedResult } from './seed.ts';
import { readSnapshot, removeSnapshot, writeSnapshot, type SandboxSnapshot } from './snapshot.ts';
import { MARKER_COLUMNS, throwawayEncryptionKey, throwawaySecret } from './world-config.ts';

export interface SandboxOptions {
  /** The repository: templates/ is read from it. */
  root: string;
  /** Where state lives (git-ignored): `.tenantops/sandbox` under the repository. */
  workDir: string;
  /** The report catalog: the template workspace is seeded with it. */
  catalog: readonly TemplateReport[];
  platform: PlatformConfig;
  tenants: readonly LoadedTenant[];
  log: Logger;
  /** `instant` (default) or `realistic` latencies for the Power BI and Fabric emulators. */
  latency?: LatencySetting;
  /**
   * Keep the world in this file: restored from it at start (unless `fresh`), saved to it by
   * `save()` and `stop()`. Without it every start is a fresh world on emptied PostgreSQL.
   */
  snapshotFile?: string;
  /** Start a fresh world even when `snapshotFile` holds one (it is deleted). */
  fresh?: boolean;
  /** Serve an emulated GitHub holding this repository. */
  github?: SandboxGithubOptions;
}

export interface SandboxGithubOptions {
  /** `owner/name`. */
  repository: string;
  /** Who may sign in; `login` is whose token sandbox.json publishes. */
  users: string[];
  login: string;
  /** Required reviewers of the environments that require them. */
  reviewers: string[];
  /**
   * `.github/environments.yml`: the environments the workflows name and the secret names each
   * holds; the sandbox gives each the values it has for them.
   */
  environmentsFile: string;
}

export interface SandboxIdentity {
  name: string;
  clientId: string;
  clientSecret: string;
}

export interface Sandbox {
  tls: TlsMaterial;
  caFile: string;
  entra: EntraEmulator;
  /** The Microsoft world the Power BI and Fabric emulators share. */
  world: World;
  powerbi: PowerBiEmulator;
  fabric: FabricEmulator;
  /** The platform's DNS zone on the GoDaddy emulator (when platform.yaml's provider is godaddy). */
  godaddy?: GodaddyEmulator & { key: string; secret: string };
  /**
   * How the pipeline reaches the zone: the emulator's URL and CA, and the clock it shares with
   * the emulator, so GoDaddy's pacing and 409 edit locks cost no real time in a rehearsal.
   */
  dns?: { apiUrl: string; ca: string; now: () => number; sleep: (ms: number, signal?: AbortSignal) => Promise<void> };
  seed: SeedResult;
  /** The emulated GitHub (with `options.github`). */
  github?: GithubEmulator;
  /** What sandbox.json publishes: how another process reaches this sandbox. */
  info: SandboxInfo;
  /** What points a run at this sandbox (from `info`), `dns` on the shared clock. */
  target: SandboxTarget;
  /** platform.yaml pointed at the sandbox (`target.platform`). */
  platform: PlatformConfig;
  /** Environment for the pipeline: every secret platform.yaml and the tenant files name (`target.env`). */
  env: Record<string, string>;
  identities: SandboxIdentity[];
  postgres: { registry: string; clusters: Record<string, string>; byod: Record<string, string> };
  /** When the world was restored from the snapshot file, the time it had been saved. */
  reusedFrom?: string;
  /** Puts the emulators on real time for good (the GoDaddy clock stops jumping): for a sandbox kept serving. */
  followRealTime(): void;
  /** Saves the world to the snapshot file (nothing without one). */
  save(): Promise<void>;
  /** Saves the world (when started completely), then stops everything. */
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { platform, log } = options;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch((err: Error) => log.warn(`sandbox: ${err.message}`));
    stops.length = 0;
  };
  try {
    await mkdir(options.workDir, { recursive: true });
    const snapshotFile = options.snapshotFile;
    if (snapshotFile && options.fresh) await removeSnapshot(snapshotFile);
    const saved = snapshotFile && !options.fresh ? await readSnapshot(snapshotFile) : undefined;
    const caFile = path.join(options.workDir, 'ca.pem');
    const tls = await createTlsMaterial({ caFile });

    // One app registration per credential profile, each with a throwaway secret; a kept world
    // keeps them, since the Power BI world knows its principals by their object ids.
    const entra = await startEntra({ tls, tenantId: saved?.entra.tenantId ?? randomUUID(), apps: [], resources: SANDBOX_ENTRA_RESOURCES });
    stops.push(() => entra.stop());
    if (saved) entra.restore(saved.entra);
    const apps = entra.snapshot().apps;
    const identities: SandboxIdentity[] = Object.entries(platform.credentialProfiles).map(([name, profile]) => {
      let app = apps.find((a) => a.clientId.toLowerCase() === profile.clientId.toLowerCase() && a.secret);
      if (!app) {
        app = { clientId: profile.clientId, secret: throwawaySecret(), objectId: randomUUID(), displayName: `tenantops ${name}` };
        entra.addApp(app);
        apps.push(app);
      }
      return { name, clientId: profile.clientId, clientSecret: app.secret! };
    });
    log.info(`sandbox: Entra ID at ${entra.authorityHost}`);

    const pg = await startSandboxPostgres({ workDir: options.workDir, platform, tenants: options.tenants, log, stops, saved: saved?.postgres });
    log.info(`sandbox: PostgreSQL for the registry, ${Object.keys(pg.clusters).length} cluster(s) and ${Object.keys(pg.byod).length} BYOD customer(s)`);
    const kept = saved && pg.kept ? saved : undefined;
    if (saved && !kept) log.warn(`sandbox: the registry's PostgreSQL under ${options.workDir} is new, so the saved world cannot be kept`);
    log.info(kept ? `sandbox: reusing the sandbox world from ${kept.savedAt} (\`npm start -- --fresh\` starts afresh)` : 'sandbox: fresh sandbox world');

    const world = createWorld();
    if (kept) world.restore(kept.world);
    const verifyToken = (authorization: string | undefined, o: { audience: string | string[]; now?: number }) => entra.verifyAccessToken(authorization, o);
    const powerbi = await startPowerBi({ world, tls, verifyToken, latency: options.latency, markerColumns: MARKER_COLUMNS });
    stops.push(() => powerbi.stop());
    // The same workspaces and items, seen through the Fabric API.
    const fabric = await startFabric({ world, tls, verifyToken, latency: options.latency });
    stops.push(() => fabric.stop());
    const deployer = deployerApp(apps, platform);
    const seed = await seedWorld(world, { root: options.root, platform, deployer, catalog: options.catalog });
    log.info(`sandbox: Power BI at ${powerbi.url}, Fabric at ${fabric.url}; template workspace "${platform.powerbi.templateWorkspace}" with ${seed.reports} reports and the template model`);

    // The platform's DNS zone, on GoDaddy as the reference design had it.
    const clock = createVirtualClock(Date.now());
    let godaddy: Sandbox['godaddy'];
    if (platform.dns.provider === 'godaddy') {
      const credential = saved?.secrets.godaddy ?? { key: throwawaySecret(12), secret: throwawaySecret(12) };
      const emulator = await startGodaddy({ tls, clock, credentials: [credential], domains: { [platform.dns.zone]: {} } });
      stops.push(() => emulator.stop());
      if (kept?.godaddy?.domains.some((d) => d.domain === platform.dns.zone.toLowerCase())) emulator.restore(kept.godaddy);
      godaddy = Object.assign(emulator, credential);
      log.info(`sandbox: GoDaddy at ${emulator.url} serving ${platform.dns.zone}`);
    }

    const smtp = await startSandboxSmtp({ workDir: options.workDir, tls, entra, log, fresh: options.fresh });
    stops.push(() => smtp.emulator.stop());
    // Blob Storage for offboarding exports, when platform.yaml offboards to it.
    const blob = platform.offboarding ? await startSandboxBlob({ workDir: options.workDir, log, stops }) : undefined;

    const encryptionKey = saved?.secrets.encryptionKey ?? throwawayEncryptionKey();
    const postgres = { registry: pg.registry, clusters: pg.clusters, byod: pg.byod };
    const info: SandboxInfo = {
      version: 2,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      caFile,
      entra: { authorityHost: entra.authorityHost, tenantId: entra.tenantId },
      identities,
      powerbi: { url: powerbi.url },
      fabric: { url: fabric.url },
      ...(godaddy ? { godaddy: { url: godaddy.url, key: godaddy.key, secret: godaddy.secret } } : {}),
      postgres,
      encryptionKey,
      smtp: smtp.info,
      ...(blob ? { blob } : {}),
    };
    let github: GithubEmulator | undefined;
    if (options.github) {
      github = await startSandboxGithub(options.github, tls, sandboxTarget(info, tls.caPem, options).env);
      stops.push(() => github!.stop());
      info.github = { url: github.url, token: github.issueToken(options.github.login) };
      log.info(`sandbox: GitHub at ${github.url} serving ${options.github.repository}`);
    }
    const target = sandboxTarget(info, tls.caPem, options);
    const dns = target.dns && { apiUrl: target.dns.apiUrl!, ca: tls.caPem, now: () => clock.now(), sleep: (ms: number, signal?: AbortSignal) => clock.sleep(ms, signal) };
    if (dns) target.dns = { ...target.dns, now: dns.now, sleep: dns.sleep };

    const snapshot = (): Omit<SandboxSnapshot, 'version' | 'savedAt'> => ({
      entra: entra.snapshot(),
      world: world.snapshot(),
      godaddy: godaddy?.snapshot(),
      secrets: { encryptionKey, godaddy: godaddy && { key: godaddy.key, secret: godaddy.secret } },
      postgres: { ports: pg.ports, byodPasswords: pg.byodPasswords },
    });
    const save = async () => {
      if (snapshotFile) await writeSnapshot(snapshotFile, snapshot());
    };
    return {
      tls,
      caFile,
      entra,
      world,
      powerbi,
      fabric,
      godaddy,
      dns,
      seed,
      github,
      info,
      target,
      platform: target.platform,
      env: target.env,
      identities,
      postgres,
      reusedFrom: kept?.savedAt,
      followRealTime: () => clock.followRealTime(),
      save,
      async stop() {
        if (stops.length) await save().catch((err: Error) => log.warn(`sandbox: the world could not be saved: ${err.message}`));
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    // A machine that cannot host the sandbox is the user's environment to fix (exit code 2).
    throw err instanceof EmulatorSetupError ? new EnvironmentError(err.message) : err;
  }
}

async function startSandboxGithub(options: SandboxGithubOptions, tls: TlsMaterial, env: Record<string, string>): Promise<GithubEmulator> {
  const declared = YAML.parse(await readFile(options.environmentsFile, 'utf8')) as { environments: Record<string, { requiredReviewers: boolean; secrets: string[] }> };
  const environments = Object.fromEntries(Object.entries(declared.environments).map(([name, e]) => [name, {
    reviewers: e.requiredReviewers ? options.reviewers : [],
    secrets: Object.fromEntries(e.secrets.filter((s) => env[s] !== undefined).map((s) => [s, env[s]])),
  }]));
  return startGithub({ tls, users: options.users.map((login) => ({ login })), repositories: [{ fullName: options.repository, environments }] });
}

/** The app of powerbi.credentialProfile: the principal the template workspace belongs to. */
function deployerApp(apps: EntraApp[], platform: PlatformConfig): { objectId: string; clientId: string; displayName: string } {
  const clientId = platform.credentialProfiles[platform.powerbi.credentialProfile]?.clientId?.toLowerCase();
  return apps.find((a) => a.clientId.toLowerCase() === clientId) ?? apps[0];
}
