// The world's internal state and the access rules every operation goes through: who an actor
// is, whether it can see a workspace, and with which access right. One place, so Power BI and
// Fabric can never disagree about visibility or ownership.

import { randomUUID } from 'node:crypto';
import { WorldError } from './errors.ts';
import type { AccessRight, Actor, Capacity, Gateway, Item, Member, Principal, Profile, Workspace } from './types.ts';

export interface WorldOptions {
  /** Epoch milliseconds; pass the emulators' shared clock (`clock.now()`). Default `Date.now`. */
  now?: () => number;
  /** Id generator; default `crypto.randomUUID`. */
  newId?: () => string;
  /** Workspaces one identity (a principal, or each profile) may be a member of. Default 1,000. */
  workspaceLimit?: number;
  /** Refreshes per model per UTC day on shared capacity. Default 8. */
  sharedRefreshesPerDay?: number;
  /** How long a deleted item's name stays taken when the caller does not say. Default 0. */
  nameReservationMs?: number;
  /**
   * Whether `UpdateReportContent` keeps the report bound to its model. Microsoft documents that it
   * keeps the report id, not the binding; `false` reproduces a service that rebinds the report to
   * the source report's model, so clients must check and rebind. Default true.
   */
  updateContentKeepsBinding?: boolean;
}

export interface ReservedName {
  workspaceId: string;
  type: string;
  name: string;
  until: number;
}

export interface WorldState {
  now: () => number;
  newId: () => string;
  workspaceLimit: number;
  sharedRefreshesPerDay: number;
  nameReservationMs: number;
  /** See `WorldOptions.updateContentKeepsBinding`; a switch tests may flip at any time. */
  updateContentKeepsBinding: boolean;
  principals: Map<string, Principal>;
  profiles: Map<string, Profile>;
  workspaces: Map<string, Workspace>;
  items: Map<string, Item>;
  capacities: Map<string, Capacity>;
  gateways: Map<string, Gateway>;
  reservedNames: ReservedName[];
  /** The gateway cloud datasources are bound to unless a model is bound to another one. */
  cloudGatewayId: string;
}

export function createState(options: WorldOptions, cloudGateway: Gateway): WorldState {
  return {
    now: options.now ?? Date.now,
    newId: options.newId ?? randomUUID,
    workspaceLimit: options.workspaceLimit ?? 1000,
    sharedRefreshesPerDay: options.sharedRefreshesPerDay ?? 8,
    nameReservationMs: options.nameReservationMs ?? 0,
    updateContentKeepsBinding: options.updateContentKeepsBinding ?? true,
    principals: new Map(),
    profiles: new Map(),
    workspaces: new Map(),
    items: new Map(),
    capacities: new Map(),
    gateways: new Map([[cloudGateway.id, cloudGateway]]),
    reservedNames: [],
    cloudGatewayId: cloudGateway.id,
  };
}

const RANK: Record<AccessRight, number> = { Viewer: 1, Contributor: 2, Member: 3, Admin: 4 };

/** A stable string for an actor: `principal:<oid>` or `profile:<profileId>`. */
export function actorKey(actor: Actor): string {
  return actor.kind === 'principal' ? `principal:${actor.principalId}` : `profile:${actor.profileId}`;
}

export function sameActor(a: Actor, b: Actor): boolean {
  return actorKey(a) === actorKey(b);
}

/** Does this workspace member stand for this actor? Profiles are never their principal, and vice versa. */
export function memberIsActor(s: WorldState, member: Member, actor: Actor): boolean {
  if (member.principalType !== 'App') return false;
  if (actor.kind === 'profile') return member.profileId === actor.profileId;
  if (member.profileId) return false;
  const principal = s.principals.get(actor.principalId);
  return member.identifier === actor.principalId || (!!principal && member.identifier.toLowerCase() === principal.appId.toLowerCase());
}

export function accessOf(s: WorldState, workspace: Workspace, actor: Actor): AccessRight | undefined {
  let best: AccessRight | undefined;
  for (const m of workspace.members) {
    if (memberIsActor(s, m, actor) && (!best || RANK[m.accessRight] > RANK[best])) best = m.accessRight;
  }
  return best;
}

/** The workspace if the actor can see it; a workspace it cannot see does not exist for it. */
export function visibleWorkspace(s: WorldState, actor: Actor, workspaceId: string, needs: AccessRight = 'Viewer'): Workspace {
  const ws = s.workspaces.get(workspaceId.toLowerCase());
  const right = ws ? accessOf(s, ws, actor) : undefined;
  if (!ws || !right) throw new WorldError('WorkspaceNotFound', `Workspace ${workspaceId} was not found or the caller has no access to it.`);
  if (RANK[right] < RANK[needs]) {
    throw new WorldError('InsufficientAccess', `The caller's role ${right} in workspace ${ws.displayName} does not allow this; it needs ${needs} or higher.`);
  }
  return ws;
}

/** The item if the actor can see its workspace. */
export function visibleItem(s: WorldState, actor: Actor, itemId: string, needs: AccessRight = 'Viewer', type?: string): Item {
  const item = s.items.get(itemId.toLowerCase());
  if (!item || (type && item.type !== type)) throw new WorldError('ItemNotFound', `${type ?? 'Item'} ${itemId} was not found.`);
  try {
    visibleWorkspace(s, actor, item.workspaceId, needs);
  } catch (e) {
    if (e instanceof WorldError && e.code === 'WorkspaceNotFound') throw new WorldError('ItemNotFound', `${type ?? 'Item'} ${itemId} was not found or the caller has no access to it.`);
    throw e;
  }
  return item;
}

export function principalOf(s: WorldState, actor: Actor): Principal {
  const p = s.principals.get(actor.principalId);
  if (!p) throw new WorldError('PrincipalNotFound', `Service principal ${actor.principalId} is not known.`);
  return p;
}

/** Display name of an actor, as `ConfiguredBy` and `createdBy` fields show it. */
export function actorName(s: WorldState, actor: Actor): string {
  if (actor.kind === 'profile') return s.profiles.get(actor.profileId)?.displayName ?? actor.profileId;
  return s.principals.get(actor.principalId)?.displayName ?? actor.principalId;
}

export function isGuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
