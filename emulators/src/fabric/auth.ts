// Who is calling Fabric. The bearer token may carry either audience: the Fabric API's own
// (`https://api.fabric.microsoft.com`) or Power BI's (`https://analysis.windows.net/powerbi/api`),
// because the same `/v1/...` API answers on api.powerbi.com (the trace's fabric-cicd run called it
// there 4,376 times) and accepts Power BI tokens; the sandbox serves both hosts at one origin, so it
// accepts both audiences everywhere. An expired token answers 401 `TokenExpired`.
//
// Power BI's `X-PowerBI-Profile-Id` header is refused (400): the Fabric item APIs are documented
// for users and service principals, not profiles, so the product must never rely on a profile
// here; answering loudly keeps a mistaken header from passing silently in the sandbox.

import type { EmulatorRequest, Identity, TokenVerifier } from '../http/index.ts';
import type { World } from '../world/index.ts';
import { FabricError } from './errors.ts';

export const FABRIC_AUDIENCE = 'https://api.fabric.microsoft.com';
export const POWER_BI_AUDIENCE = 'https://analysis.windows.net/powerbi/api';

export interface FabricIdentity extends Identity {
  oid: string;
  appId: string;
  tenantId: string;
}

export function createFabricAuthenticator(world: World, verify: TokenVerifier, now: () => number) {
  return async (req: EmulatorRequest): Promise<FabricIdentity> => {
    const check = await verify(req.headers.authorization, { audience: [FABRIC_AUDIENCE, POWER_BI_AUDIENCE], now: now() });
    if (!check.ok) {
      if (check.reason === 'expired') throw new FabricError(401, 'TokenExpired', 'The access token has expired.');
      throw new FabricError(401, 'Unauthorized', check.message);
    }
    if (req.headers['x-powerbi-profile-id']) {
      throw new FabricError(400, 'ProfileNotSupported', 'The Fabric item APIs act as the calling user or service principal; the X-PowerBI-Profile-Id header is not supported here.');
    }
    const { oid, appId, tenantId } = check.identity;
    world.ensurePrincipal({ id: oid, appId });
    return { key: oid.toLowerCase(), oid: oid.toLowerCase(), appId, tenantId };
  };
}

/** The caller's stable key (an operation is visible only to whoever started it). */
export function callerKey(req: EmulatorRequest): string {
  return (req.identity as FabricIdentity | undefined)?.oid ?? 'anonymous';
}
