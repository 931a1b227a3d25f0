// Who is calling Power BI: the bearer token must be a Power BI token (a Fabric one is refused),
// unexpired (403 TokenExpired, as the service answers); the `X-PowerBI-Profile-Id` header — any
// case — selects one of the principal's profiles, except on the Profiles API, which refuses it.

import { EmulatorRequestError, type EmulatorRequest, type Identity, type TokenVerifier } from '../http/index.ts';
import type { Actor, World } from '../world/index.ts';
import { WorldError } from '../world/index.ts';

export const POWER_BI_AUDIENCE = 'https://analysis.windows.net/powerbi/api';

export interface PowerBiIdentity extends Identity {
  oid: string;
  appId: string;
  profileId?: string;
}

const PROFILE_HEADER = 'x-powerbi-profile-id';

export function createAuthenticator(world: World, verify: TokenVerifier, now: () => number, throttleBy: 'profile' | 'principal' = 'profile') {
  return async (req: EmulatorRequest): Promise<PowerBiIdentity> => {
    const check = await verify(req.headers.authorization, { audience: POWER_BI_AUDIENCE, now: now() });
    if (!check.ok) {
      if (check.reason === 'expired') throw new EmulatorRequestError(403, 'TokenExpired', 'Access token has expired, resubmit with a new access token');
      throw new EmulatorRequestError(401, 'PowerBINotAuthorizedException', check.message);
    }
    const { oid, appId, tenantId } = check.identity;
    world.ensurePrincipal({ id: oid, appId });
    const profileId = req.headers[PROFILE_HEADER]?.trim() || undefined;
    if (profileId && /^\/v1\.0\/myorg\/profiles(\/|$)/i.test(req.path)) {
      throw new EmulatorRequestError(400, 'InvalidRequest', 'The Profiles API cannot be called with a service principal profile (X-PowerBI-Profile-Id header); call it as the service principal.');
    }
    if (profileId) {
      try {
        world.resolveActor(oid, profileId);
      } catch (e) {
        if (e instanceof WorldError) throw new EmulatorRequestError(404, 'PowerBIProfileNotFound', `Profile ${profileId} was not found for this service principal.`);
        throw e;
      }
    }
    const key = profileId ? `${oid}/${profileId.toLowerCase()}` : oid;
    return { key, rateKey: throttleBy === 'principal' ? oid : key, oid, appId, tenantId, profileId: profileId?.toLowerCase() };
  };
}

/** The world actor behind an authenticated request. */
export function actorOf(world: World, req: EmulatorRequest): Actor {
  const id = req.identity as PowerBiIdentity | undefined;
  if (!id) throw new EmulatorRequestError(401, 'PowerBINotAuthorizedException', 'No caller.');
  return world.resolveActor(id.oid, id.profileId);
}
