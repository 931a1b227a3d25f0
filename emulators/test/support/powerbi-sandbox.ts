// A Power BI sandbox for tests: the Entra emulator issues real tokens, the Power BI emulator
// checks them, both over real HTTPS with the test CA. `pbi()` is the tests' plain HTTPS call
// (support/https.ts), not a product client: it sends exactly what the test says.

import { createVirtualClock, type Clock, type ExchangeObserver, type LatencySetting } from '../../src/http/index.ts';
import { startEntra, type EntraEmulator } from '../../src/entra/index.ts';
import { startPowerBi, type PowerBiEmulator } from '../../src/powerbi/index.ts';
import { createWorld, type Actor, type Item, type World, type WorldOptions, type Workspace } from '../../src/world/index.ts';
import { createTokenSource, POWERBI_SCOPE } from './entra.ts';
import { call, type Reply } from './https.ts';
import { testTls } from './tls.ts';
import { templateFor } from './definitions.ts';

export const TENANT_ID = '7d0a52c4-7a53-4c4e-9f0e-2d6a1c1d0a01';
export const APP = { clientId: '1c3e9f3a-0000-4000-8000-00000000a001', secret: 'synthetic-secret-a', objectId: '5b2d8c11-0000-4000-8000-00000000b001', displayName: 'automation-deployer' };
export const OTHER_APP = { clientId: '1c3e9f3a-0000-4000-8000-00000000a002', secret: 'synthetic-secret-b', objectId: '5b2d8c11-0000-4000-8000-00000000b002', displayName: 'other-app' };

export interface Sandbox {
  entra: EntraEmulator;
  powerbi: PowerBiEmulator;
  world: World;
  clock: Clock;
  /** A Power BI token for APP (or another app). */
  token(app?: typeof APP, scope?: string): Promise<string>;
  /** Calls Power BI as APP (optionally as one of its profiles, or with another token). */
  /** `body`: a string or Buffer as it is, anything else as JSON. */
  pbi(method: string, path: string, options?: { body?: unknown; profileId?: string; token?: string; headers?: Record<string, string> }): Promise<Reply>;
  /** The world actor of APP, or of one of its profiles. */
  actor(profileId?: string): Actor;
  stop(): Promise<void>;
}

/** The column the tests' tenant tables carry (data.test.ts): refreshes load its values. */
export const MARKER_COLUMN = 'tenant_marker';

export async function startSandbox(options: { virtualClock?: boolean; world?: WorldOptions; latency?: LatencySetting; onExchange?: ExchangeObserver } = {}): Promise<Sandbox> {
  const tls = testTls();
  const clock = options.virtualClock ? createVirtualClock(Date.UTC(2026, 0, 5, 9)) : undefined;
  const world = createWorld({ ...options.world, now: clock ? () => clock.now() : Date.now });
  const entra = await startEntra({ tls, tenantId: TENANT_ID, apps: [APP, OTHER_APP], clock });
  const powerbi = await startPowerBi({
    world, tls, clock, latency: options.latency, onExchange: options.onExchange, markerColumns: [MARKER_COLUMN],
    verifyToken: (authorization, o) => entra.verifyAccessToken(authorization, o),
  });
  const token = createTokenSource(entra, TENANT_ID, { app: APP, scope: POWERBI_SCOPE });
  world.ensurePrincipal({ id: APP.objectId, appId: APP.clientId, displayName: APP.displayName });
  return {
    entra, powerbi, world, clock: powerbi.clock, token,
    async pbi(method, path, o = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${o.token ?? (await token())}`, ...(o.headers ?? {}) };
      if (o.profileId) headers['X-PowerBI-Profile-Id'] = o.profileId;
      return call(`${powerbi.url}${path}`, method, { headers, body: o.body });
    },
    actor: (profileId) => world.resolveActor(APP.objectId, profileId),
    async stop() {
      await powerbi.stop();
      await entra.stop();
    },
  };
}

/**
 * The product's shape of a tenant, built through the world (as the Fabric emulator would):
 * a profile, its workspace with the principal added, and the template model created by the
 * principal with the given parameter values.
 */
export function seedTenant(sb: Sandbox, name: string, values: Parameters<typeof templateFor>[0] = {}): { profileId: string; workspace: Workspace; model: Item } {
  const profile = sb.world.createProfile(APP.objectId, name);
  const profileActor = sb.actor(profile.id);
  const workspace = sb.world.createWorkspace(profileActor, { displayName: `${name} workspace` });
  sb.world.addMember(profileActor, workspace.id, { identifier: APP.objectId, principalType: 'App', accessRight: 'Admin' });
  const model = sb.world.createItem(sb.actor(), workspace.id, { type: 'SemanticModel', displayName: 'Tenant Analytics', definition: { parts: templateFor(values) } }, { uniqueNames: true });
  return { profileId: profile.id, workspace, model };
}
