// Principals, service principal profiles, workspaces, their members and capacity assignment.

import { WorldError } from './errors.ts';
import { accessOf, memberIsActor, principalOf, visibleWorkspace, type WorldState } from './state.ts';
import type { AccessRight, Actor, Capacity, CapacityAssignmentStatus, Member, Principal, Profile, Workspace } from './types.ts';

export const EMPTY_CAPACITY_ID = '00000000-0000-0000-0000-000000000000';

/** Registers (or refreshes) a service principal, usually from a verified token's `oid`/`appid`. */
export function ensurePrincipal(s: WorldState, p: { id: string; appId: string; displayName?: string }): Principal {
  const id = p.id.toLowerCase();
  const existing = s.principals.get(id);
  if (existing) return existing;
  const principal: Principal = { id, appId: p.appId.toLowerCase(), displayName: p.displayName ?? p.appId };
  s.principals.set(id, principal);
  return principal;
}

/**
 * The actor behind a call: the principal, or its profile when `profileId` is given. A profile
 * that does not exist or belongs to another principal is refused (`ProfileNotFound`).
 */
export function resolveActor(s: WorldState, principalId: string, profileId?: string): Actor {
  const principal = principalOf(s, { kind: 'principal', principalId: principalId.toLowerCase() });
  if (!profileId) return { kind: 'principal', principalId: principal.id };
  const profile = s.profiles.get(profileId.toLowerCase());
  if (!profile || profile.principalId !== principal.id) {
    throw new WorldError('ProfileNotFound', `Profile ${profileId} does not exist for this service principal.`);
  }
  return { kind: 'profile', principalId: principal.id, profileId: profile.id };
}

export function createProfile(s: WorldState, principalId: string, displayName: string): Profile {
  const principal = principalOf(s, { kind: 'principal', principalId: principalId.toLowerCase() });
  const name = displayName.trim();
  if (!name) throw new WorldError('InvalidRequest', 'A profile needs a displayName.');
  for (const p of s.profiles.values()) {
    if (p.principalId === principal.id && p.displayName.toLowerCase() === name.toLowerCase()) {
      throw new WorldError('ProfileNameInUse', `A profile named "${name}" already exists for this service principal.`);
    }
  }
  const profile: Profile = { id: s.newId(), displayName: name, principalId: principal.id, createdAt: s.now() };
  s.profiles.set(profile.id, profile);
  return profile;
}

export function listProfiles(s: WorldState, principalId: string): Profile[] {
  const id = principalId.toLowerCase();
  return [...s.profiles.values()].filter((p) => p.principalId === id).sort((a, b) => a.createdAt - b.createdAt);
}

export function renameProfile(s: WorldState, principalId: string, profileId: string, displayName: string): Profile {
  const profile = s.profiles.get(profileId.toLowerCase());
  if (!profile || profile.principalId !== principalId.toLowerCase()) throw new WorldError('ProfileNotFound', `Profile ${profileId} does not exist for this service principal.`);
  const name = displayName.trim();
  if (!name) throw new WorldError('InvalidRequest', 'A profile needs a displayName.');
  for (const p of s.profiles.values()) {
    if (p !== profile && p.principalId === profile.principalId && p.displayName.toLowerCase() === name.toLowerCase()) {
      throw new WorldError('ProfileNameInUse', `A profile named "${name}" already exists for this service principal.`);
    }
  }
  profile.displayName = name;
  return profile;
}

/** Deletes a profile and its workspace memberships (its workspaces stay, as the service leaves them). */
export function deleteProfile(s: WorldState, principalId: string, profileId: string): void {
  const profile = s.profiles.get(profileId.toLowerCase());
  if (!profile || profile.principalId !== principalId.toLowerCase()) throw new WorldError('ProfileNotFound', `Profile ${profileId} does not exist for this service principal.`);
  s.profiles.delete(profile.id);
  for (const ws of s.workspaces.values()) ws.members = ws.members.filter((m) => m.profileId !== profile.id);
}

function countMemberships(s: WorldState, actor: Actor): number {
  let n = 0;
  for (const ws of s.workspaces.values()) if (accessOf(s, ws, actor)) n++;
  return n;
}

function memberFor(s: WorldState, actor: Actor, accessRight: AccessRight): Member {
  const principal = principalOf(s, actor);
  return actor.kind === 'profile'
    ? { identifier: principal.id, principalType: 'App', accessRight, profileId: actor.profileId, displayName: s.profiles.get(actor.profileId)?.displayName }
    : { identifier: principal.id, principalType: 'App', accessRight, displayName: principal.displayName };
}

export function createWorkspace(s: WorldState, actor: Actor, input: { displayName: string; description?: string; capacityId?: string; assignmentMs?: number }): Workspace {
  const name = input.displayName.trim();
  if (!name) throw new WorldError('InvalidRequest', 'A workspace needs a name.');
  for (const ws of s.workspaces.values()) {
    if (ws.displayName.toLowerCase() === name.toLowerCase()) throw new WorldError('WorkspaceNameInUse', `A workspace named "${name}" already exists.`);
  }
  if (countMemberships(s, actor) >= s.workspaceLimit) {
    throw new WorldError('WorkspaceLimitReached', `The caller is already a member of ${s.workspaceLimit} workspaces, the limit per service principal or profile.`);
  }
  const ws: Workspace = {
    id: s.newId(), displayName: name, description: input.description ?? '', members: [memberFor(s, actor, 'Admin')],
    creator: actor, createdAt: s.now(),
  };
  s.workspaces.set(ws.id, ws);
  if (input.capacityId && input.capacityId !== EMPTY_CAPACITY_ID) assignToCapacity(s, actor, ws.id, input.capacityId, input.assignmentMs ?? 0);
  return ws;
}

export function listWorkspaces(s: WorldState, visibleTo: Actor): Workspace[] {
  return [...s.workspaces.values()].filter((ws) => accessOf(s, ws, visibleTo)).sort((a, b) => a.createdAt - b.createdAt);
}

export function updateWorkspace(s: WorldState, actor: Actor, workspaceId: string, patch: { displayName?: string; description?: string }): Workspace {
  const ws = visibleWorkspace(s, actor, workspaceId, 'Member');
  if (patch.displayName !== undefined && patch.displayName.toLowerCase() !== ws.displayName.toLowerCase()) {
    for (const other of s.workspaces.values()) {
      if (other.displayName.toLowerCase() === patch.displayName.toLowerCase()) throw new WorldError('WorkspaceNameInUse', `A workspace named "${patch.displayName}" already exists.`);
    }
  }
  if (patch.displayName !== undefined) ws.displayName = patch.displayName;
  if (patch.description !== undefined) ws.description = patch.description;
  return ws;
}

/** Deletes a workspace and every item in it (Admin only). */
export function deleteWorkspace(s: WorldState, actor: Actor, workspaceId: string): void {
  const ws = visibleWorkspace(s, actor, workspaceId, 'Admin');
  for (const item of [...s.items.values()]) if (item.workspaceId === ws.id) s.items.delete(item.id);
  s.workspaces.delete(ws.id);
}

/** What a caller asks for is what is stored, once normalised (normaliseMember). */
export type MemberInput = Member;

function sameMember(a: { identifier: string; principalType: string; profileId?: string }, b: { identifier: string; principalType: string; profileId?: string }): boolean {
  return a.identifier.toLowerCase() === b.identifier.toLowerCase() && a.principalType === b.principalType &&
    (a.profileId ?? '').toLowerCase() === (b.profileId ?? '').toLowerCase();
}

function normaliseMember(s: WorldState, input: MemberInput): Member {
  const member: Member = { ...input, identifier: input.identifier.toLowerCase(), profileId: input.profileId?.toLowerCase() };
  if (member.principalType === 'App') {
    // An App member may be named by app id or object id; store the object id when the principal is known.
    const principal = [...s.principals.values()].find((p) => p.id === member.identifier || p.appId === member.identifier);
    if (principal) member.identifier = principal.id;
    if (member.profileId) {
      const profile = s.profiles.get(member.profileId);
      if (!profile || (principal && profile.principalId !== principal.id)) throw new WorldError('ProfileNotFound', `Profile ${input.profileId} does not exist for principal ${input.identifier}.`);
      member.displayName ??= profile.displayName;
    }
  }
  if (!member.profileId) delete member.profileId;
  return member;
}

/** Adds a member (Admin or Member callers; only an Admin grants Admin). */
export function addMember(s: WorldState, actor: Actor, workspaceId: string, input: MemberInput): Member {
  const ws = visibleWorkspace(s, actor, workspaceId, 'Member');
  if (input.accessRight === 'Admin' && accessOf(s, ws, actor) !== 'Admin') throw new WorldError('InsufficientAccess', 'Only a workspace Admin can add an Admin.');
  const member = normaliseMember(s, input);
  if (ws.members.some((m) => sameMember(m, member))) throw new WorldError('MemberAlreadyExists', `${input.identifier} is already a member of workspace ${ws.displayName}.`);
  ws.members.push(member);
  return member;
}

export function updateMember(s: WorldState, actor: Actor, workspaceId: string, input: MemberInput): Member {
  const ws = visibleWorkspace(s, actor, workspaceId, 'Admin');
  const wanted = normaliseMember(s, input);
  const member = ws.members.find((m) => sameMember(m, wanted));
  if (!member) throw new WorldError('MemberNotFound', `${input.identifier} is not a member of workspace ${ws.displayName}.`);
  member.accessRight = wanted.accessRight;
  return member;
}

/** Removes a member; `identifier` is a user's email, an app's object/app id, or a group id. */
export function removeMember(s: WorldState, actor: Actor, workspaceId: string, identifier: string, profileId?: string): void {
  const ws = visibleWorkspace(s, actor, workspaceId, 'Admin');
  const id = identifier.toLowerCase();
  const principal = [...s.principals.values()].find((p) => p.id === id || p.appId === id);
  const before = ws.members.length;
  ws.members = ws.members.filter((m) => !(
    (m.identifier === id || m.emailAddress?.toLowerCase() === id || (principal && m.identifier === principal.id)) &&
    (m.profileId ?? '') === (profileId?.toLowerCase() ?? '')));
  if (ws.members.length === before) throw new WorldError('MemberNotFound', `${identifier} is not a member of workspace ${ws.displayName}.`);
}

export function addCapacity(s: WorldState, input: { id?: string; displayName: string; sku?: string; region?: string }): Capacity {
  const capacity: Capacity = {
    id: (input.id ?? s.newId()).toLowerCase(), displayName: input.displayName, sku: input.sku ?? 'F2', region: input.region ?? 'West Europe', state: 'Active',
  };
  s.capacities.set(capacity.id, capacity);
  return capacity;
}

/**
 * Starts moving a workspace to a capacity (Admin only); `EMPTY_CAPACITY_ID` moves it back to
 * shared capacity. Progress is a function of time: see `capacityAssignmentOf`.
 */
export function assignToCapacity(s: WorldState, actor: Actor, workspaceId: string, capacityId: string, durationMs: number): Workspace {
  const ws = visibleWorkspace(s, actor, workspaceId, 'Admin');
  const id = capacityId.toLowerCase();
  if (id === EMPTY_CAPACITY_ID) {
    ws.capacityId = undefined;
    ws.capacityAssignment = undefined;
    return ws;
  }
  if (!s.capacities.has(id)) throw new WorldError('CapacityNotFound', `Capacity ${capacityId} was not found or the caller cannot assign workspaces to it.`);
  ws.capacityId = id;
  ws.capacityAssignment = { capacityId: id, activityId: s.newId(), startedAt: s.now(), durationMs: Math.max(0, durationMs) };
  return ws;
}

export interface CapacityAssignmentView {
  status: CapacityAssignmentStatus;
  activityId?: string;
  startTime?: number;
  endTime?: number;
  capacityId?: string;
}

/** Pending for the first third of the assignment's duration, then InProgress, then CompletedSuccessfully. */
export function capacityAssignmentOf(s: WorldState, ws: Workspace): CapacityAssignmentView {
  const a = ws.capacityAssignment;
  if (!a) return { status: 'CompletedSuccessfully', capacityId: ws.capacityId };
  const elapsed = s.now() - a.startedAt;
  const status: CapacityAssignmentStatus = elapsed >= a.durationMs ? 'CompletedSuccessfully' : elapsed < a.durationMs / 3 ? 'Pending' : 'InProgress';
  return {
    status, activityId: a.activityId, startTime: a.startedAt, capacityId: a.capacityId,
    endTime: status === 'CompletedSuccessfully' ? a.startedAt + a.durationMs : undefined,
  };
}

/** True once the workspace's move to a dedicated capacity has completed. */
export function isOnDedicatedCapacity(s: WorldState, ws: Workspace): boolean {
  return !!ws.capacityId && capacityAssignmentOf(s, ws).status === 'CompletedSuccessfully';
}

export { memberIsActor };
