// A Fabric sandbox for tests: the Entra emulator issues real tokens, the Fabric emulator checks
// them, over real HTTPS with the test CA, all on one virtual clock. `call()` is the tests' plain
// HTTPS call (support/https.ts), not a product client: it sends exactly what the test says.

import { startEntra, type EntraEmulator } from '../../src/entra/index.ts';
import { startFabric, type FabricEmulator, type FabricOptions } from '../../src/fabric/index.ts';
import { createVirtualClock, type VirtualClock } from '../../src/http/index.ts';
import { createWorld, type World } from '../../src/world/index.ts';
import { createTokenSource, FABRIC_SCOPE } from './entra.ts';
import { call, type Reply } from './https.ts';
import { testTls } from './tls.ts';

export const TENANT_ID = '3f1d2c4b-0000-4000-8000-0000000fab01';
export const APP = { clientId: '3f1d2c4b-0000-4000-8000-00000000a101', secret: 'synthetic-fabric-secret-a', objectId: '3f1d2c4b-0000-4000-8000-00000000b101', displayName: 'automation-deployer' };
export const OTHER_APP = { clientId: '3f1d2c4b-0000-4000-8000-00000000a102', secret: 'synthetic-fabric-secret-b', objectId: '3f1d2c4b-0000-4000-8000-00000000b102', displayName: 'other-app' };
export const CAPACITY_ID = '3f1d2c4b-0000-4000-8000-0000000cafe1';

export interface FabricSandbox {
  entra: EntraEmulator;
  fabric: FabricEmulator;
  world: World;
  clock: VirtualClock;
  token(app?: typeof APP, scope?: string): Promise<string>;
  /** Calls Fabric as APP (or with the given token / extra headers). `path` may be a full URL. */
  /** `body`: a string as it is, anything else as JSON. */
  call(method: string, path: string, options?: { body?: unknown; token?: string; headers?: Record<string, string> }): Promise<Reply>;
  stop(): Promise<void>;
}

export async function startFabricSandbox(options: { start?: number; fabric?: Partial<FabricOptions> } = {}): Promise<FabricSandbox> {
  const tls = testTls();
  const clock = createVirtualClock(options.start ?? Date.UTC(2026, 5, 25, 11, 0, 0));
  const world = createWorld({ now: () => clock.now() });
  world.addCapacity({ id: CAPACITY_ID, displayName: 'sandbox-f2', sku: 'F2', region: 'West Central US' });
  const entra = await startEntra({ tls, tenantId: TENANT_ID, apps: [APP, OTHER_APP], clock });
  const fabric = await startFabric({
    world, tls, clock, verifyToken: (authorization, o) => entra.verifyAccessToken(authorization, o), ...options.fabric,
  });
  const token = createTokenSource(entra, TENANT_ID, { app: APP, scope: FABRIC_SCOPE });
  return {
    entra, fabric, world, clock, token,
    async call(method, path, o = {}) {
      const bearer = o.token ?? (await token());
      const url = /^https?:/.test(path) ? path : `${fabric.url}${path}`;
      return call(url, method, { body: o.body, headers: { authorization: `Bearer ${bearer}`, ...(o.headers ?? {}) } });
    },
    async stop() {
      await fabric.stop();
      await entra.stop();
    },
  };
}
