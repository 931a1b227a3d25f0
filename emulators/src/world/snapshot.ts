// The world as plain JSON and back: what a caller saves when it stops the emulators and restores
// when it starts them again, so a rehearsal's workspaces, items and profiles outlive the process.
// A snapshot holds secrets (datasource credentials, gateway private keys): store it privately.

import { WorldError } from './errors.ts';
import type { ReservedName, WorldState } from './state.ts';
import type { Capacity, Gateway, Item, Principal, Profile, Workspace } from './types.ts';

export interface WorldSnapshot {
  version: 1;
  principals: Principal[];
  profiles: Profile[];
  workspaces: Workspace[];
  items: Item[];
  capacities: Capacity[];
  gateways: Gateway[];
  reservedNames: ReservedName[];
  cloudGatewayId: string;
}

/** A deep copy of the state: later changes to the world do not reach it, nor it the world. */
export function snapshotWorld(s: WorldState): WorldSnapshot {
  return structuredClone({
    version: 1,
    principals: [...s.principals.values()],
    profiles: [...s.profiles.values()],
    workspaces: [...s.workspaces.values()],
    items: [...s.items.values()],
    capacities: [...s.capacities.values()],
    gateways: [...s.gateways.values()],
    reservedNames: s.reservedNames,
    cloudGatewayId: s.cloudGatewayId,
  });
}

/**
 * Replaces the whole state with the snapshot's. Work that was running when it was taken (a
 * refresh, a dataflow transaction) has nobody left to finish it, so it ends as cancelled now,
 * rather than blocking the next refresh of its model for ever.
 */
export function restoreWorld(s: WorldState, snapshot: WorldSnapshot): void {
  if (snapshot?.version !== 1) throw new WorldError('InvalidRequest', `world snapshot version ${String(snapshot?.version)} is not supported (expected 1)`);
  const copy = structuredClone(snapshot);
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id.toLowerCase(), x]));
  s.principals = byId(copy.principals);
  s.profiles = byId(copy.profiles);
  s.workspaces = byId(copy.workspaces);
  s.items = byId(copy.items);
  s.capacities = byId(copy.capacities);
  s.gateways = byId(copy.gateways);
  s.reservedNames = copy.reservedNames;
  s.cloudGatewayId = copy.cloudGatewayId;
  const now = s.now();
  for (const item of s.items.values()) {
    for (const r of item.semanticModel?.refreshes ?? []) {
      if (r.status === 'Unknown' && r.endTime === undefined) Object.assign(r, { status: 'Cancelled', endTime: now });
    }
    for (const t of item.dataflow?.transactions ?? []) {
      if (t.status === 'InProgress') Object.assign(t, { status: 'Cancelled', endTime: now });
    }
  }
}
