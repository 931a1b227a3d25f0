// The Power BI side of tenantops against the sandbox over real HTTPS: the Entra, Power BI and
// Fabric emulators on one virtual clock and one world, a migrated registry and each tenant's
// database on the worker's embedded PostgreSQL. The template workspace holds the catalog's 400
// reports bound to the template model, as the analytics team publishes them.
import { createMemoryLogger, type Logger } from '../../src/log/index.ts';
import { applyTenants, createServices, loadInputs, type Inputs, type Services } from '../../src/run/index.ts';
import { migrateRegistry, openRegistry, parseKeyring, type Pool } from '../../src/registry/index.ts';
import { deriveNames } from '../../src/naming/index.ts';
import {
  createTlsMaterial, createVirtualClock, createWorld, type EntraEmulator, type FabricEmulator, type FaultRule, type Item,
  type FabricThrottling, type LatencySetting, type PowerBiEmulator, type PowerBiThrottling, startEntra, startFabric, startPowerBi, type TlsMaterial, type VirtualClock, type World,
} from '@tenantops/emulators';
import { MARKER_COLUMNS } from '../../dev/world-config.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';
import { provisionTenantData, seedTemplateWorkspace } from './powerbi-seed.ts';
import { repoRoot } from './repo.ts';

export const TENANT_ID = '3f1e2d4c-0000-4000-8000-0000000000aa';
export const APP = { clientId: '6a1b2c3d-0000-4000-8000-0000000000a1', secret: 'synthetic-deployer-secret', objectId: '9e8d7c6b-0000-4000-8000-0000000000b1', displayName: 'tenantops-deployer' };
export const ADMIN_GROUP = 'a0a0a0a0-0000-4000-8000-0000000000c1';
const ENCRYPTION_KEY = `test1:${Buffer.alloc(32, 7).toString('base64')}`;

let tls: TlsMaterial | undefined;

export interface HarnessOptions {
  /** A copy of the repository to work from (tests that edit templates); default the repository. */
  root?: string;
  latency?: LatencySetting;
  faults?: { powerbi?: FaultRule[]; fabric?: FaultRule[] };
  /** The emulators' own throttling configuration (default: none). */
  throttling?: { powerbi?: PowerBiThrottling; fabric?: FabricThrottling };
}

export interface Harness {
  /** The sandbox CA, for clients in other processes or with their own agents. */
  caPem: string;
  clock: VirtualClock;
  world: World;
  entra: EntraEmulator;
  powerbi: PowerBiEmulator;
  fabric: FabricEmulator;
  registry: Pool;
  inputs: Inputs;
  env: NodeJS.ProcessEnv;
  log: Logger & { lines: string[] };
  templateWorkspaceId: string;
  templateModel: Item;
  /** Reads tenants, catalog and templates from the root again (after a test edited them). */
  reload(): Promise<void>;
  /** Services of one run (a fresh process would have fresh ones). */
  services(overrides?: Partial<Parameters<typeof createServices>[0]['powerbi']>): Services;
  /** Gives the tenant its schema or database, tables, rows, BI role, and the registry records provision-db leaves. */
  provisionData(code: string, rows?: number): Promise<void>;
  /** What powerbi-apply-child.ts needs to apply `code` from another process. */
  childConfig(code: string): string;
  /** One apply of the Power BI slice, with fresh services. */
  apply(code: string, options?: { services?: Services }): ReturnType<typeof applyTenants>;
  /** Non-GET calls the emulators answered since the last `clearLogs` (token requests excluded). */
  writes(): { method: string; path: string; route?: string; status: number }[];
  reads(): { method: string; path: string; route?: string }[];
  clearLogs(): void;
  stop(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  tls ??= await createTlsMaterial();
  const clock = createVirtualClock(Date.UTC(2026, 2, 2, 8));
  const world = createWorld({ now: () => clock.now() });
  const entra = await startEntra({ tls, tenantId: TENANT_ID, apps: [APP], clock });
  const verifyToken = (authorization: string | undefined, o: { audience: string | string[]; now?: number }) => entra.verifyAccessToken(authorization, o);
  const powerbi = await startPowerBi({ world, tls, clock, verifyToken, latency: options.latency, faults: options.faults?.powerbi, markerColumns: MARKER_COLUMNS, throttling: options.throttling?.powerbi });
  const fabric = await startFabric({ world, tls, clock, verifyToken, latency: options.latency, faults: options.faults?.fabric, throttling: options.throttling?.fabric });

  world.ensurePrincipal({ id: APP.objectId, appId: APP.clientId, displayName: APP.displayName });
  world.addCapacity({ displayName: 'sandbox-a1', sku: 'A1', region: 'UK South' });
  const principal = world.resolveActor(APP.objectId);
  const root = options.root ?? repoRoot;
  const loaded = await loadInputs(root);
  if (!loaded.inputs) throw new Error(`the repository does not load: ${loaded.findings.map((f) => f.message).join('; ')}`);
  const { workspace: template, model: templateModel } = seedTemplateWorkspace(world, principal, { root, name: loaded.inputs.platform.powerbi.templateWorkspace, catalog: loaded.inputs.catalog });

  const regDb = await createTestDatabase('pbireg');
  const registry = openRegistry(regDb.url, createMemoryLogger());
  await migrateRegistry(registry);
  const shared = await createTestDatabase('pbishared');
  const databases: TestDatabase[] = [regDb, shared];

  const platform = structuredClone(loaded.inputs.platform);
  platform.credentialProfiles.deployer = { tenantId: TENANT_ID, clientId: APP.clientId, type: 'client-secret', clientSecretSecret: 'TENANTOPS_DEPLOYER_SECRET' };
  platform.powerbi.adminGroupId = ADMIN_GROUP;
  let inputs: Inputs = { ...loaded.inputs, platform };
  const env: NodeJS.ProcessEnv = { TENANTOPS_DEPLOYER_SECRET: APP.secret, TENANTOPS_REGISTRY_URL: regDb.url, TENANTOPS_ENCRYPTION_KEY: ENCRYPTION_KEY };
  const log = createMemoryLogger();
  const openServices: Services[] = [];
  // One log across both emulators, in the order answers were given (each emulator numbers its own).
  let exchanges: { method: string; path: string; route?: string; status: number }[] = [];
  for (const emulator of [powerbi, fabric]) emulator.onExchange((x) => exchanges.push({ method: x.method, path: x.path, route: x.route, status: x.status }));

  const harness: Harness = {
    caPem: tls.caPem,
    clock, world, entra, powerbi, fabric, registry, env, log,
    get inputs() {
      return inputs;
    },
    async reload() {
      const again = await loadInputs(root);
      if (!again.inputs) throw new Error(again.findings.map((f) => f.message).join('; '));
      inputs = { ...again.inputs, platform };
    },
    templateWorkspaceId: template.id,
    templateModel,
    services(overrides = {}) {
      const services = createServices({
        platform, root, log, env,
        powerbi: {
          ca: tls!.caPem, authorityHost: entra.authorityHost, powerbiUrl: powerbi.url, fabricUrl: fabric.url,
          // Virtual time, during which the emulator's background refreshes (real PostgreSQL I/O)
          // get to finish, as they would while a real client waits.
          sleep: async (ms) => {
            await clock.sleep(ms);
            if (ms > 0) await powerbi.settleRefreshes();
          },
          now: () => clock.now(), ratePerSecond: 50, ...overrides,
        },
      });
      openServices.push(services);
      return services;
    },
    async provisionData(code, rows = 3) {
      const config = inputs.tenants.find((t) => t.config.code === code)!.config;
      const own = config.database.isolation === 'database' ? await createTestDatabase(`pbi_${code.replace(/-/g, '_')}`) : undefined;
      if (own) databases.push(own);
      await provisionTenantData({ config, url: (own ?? shared).url, registry, keyring: parseKeyring(env), root, rows });
    },
    childConfig: (code) =>
      JSON.stringify({
        root, tenant: code, platform, env,
        powerbi: { ca: tls!.caPem, authorityHost: entra.authorityHost, powerbiUrl: powerbi.url, fabricUrl: fabric.url, ratePerSecond: 50 },
      }),
    async apply(code, o = {}) {
      const services = o.services ?? harness.services();
      return applyTenants(inputs, services, { tenant: code, only: ['powerbi'], actor: 'test' });
    },
    writes: () => exchanges.filter((r) => r.method !== 'GET'),
    reads: () => exchanges.filter((r) => r.method === 'GET'),
    clearLogs() {
      exchanges = [];
      powerbi.clearRequests();
      fabric.clearRequests();
    },
    async stop() {
      for (const s of openServices) await s.close().catch(() => undefined);
      await powerbi.stop();
      await fabric.stop();
      await entra.stop();
      await registry.end();
      for (const db of databases.reverse()) await db.drop().catch(() => undefined);
    },
  };
  return harness;
}

/** The tenant's world objects, read straight from the emulator's state (a test's own eyes). */
export function tenantObjects(h: Harness, code: string) {
  const names = deriveNames(code);
  const ws = [...h.world.state.workspaces.values()].filter((w) => w.displayName === names.workspace);
  const items = [...h.world.state.items.values()].filter((i) => ws.some((w) => w.id === i.workspaceId));
  const profiles = [...h.world.state.profiles.values()].filter((p) => p.displayName === names.profile);
  return {
    profiles,
    workspaces: ws,
    models: items.filter((i) => i.type === 'SemanticModel'),
    reports: items.filter((i) => i.type === 'Report'),
  };
}
