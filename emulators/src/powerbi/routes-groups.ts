// Workspaces ("groups"), their users, capacity assignment, and service principal profiles.

import { EmulatorRequestError, type Route } from '../http/index.ts';
import { EMPTY_CAPACITY_ID, type AccessRight, type MemberType } from '../world/index.ts';
import { route, bodyOf, OK, requireGroup, type PowerBiContext } from './context.ts';
import { badRequest, inPowerBiTerms } from './errors.ts';
import { applyODataQuery } from './odata.ts';
import { groupShape, groupUserShape, iso, list, odataContext, profileShape } from './shapes.ts';
import type { PowerBiIdentity } from './auth.ts';

const ACCESS_RIGHTS = new Set(['Admin', 'Member', 'Contributor', 'Viewer']);
const PRINCIPAL_TYPES = new Set(['User', 'Group', 'App']);

/** Realistic capacity assignment time when the latency table does not say (see latency.ts). */
const ASSIGNMENT_MS = 30_000;

interface GroupUserBody {
  identifier: string;
  emailAddress: string;
  principalType: string;
  groupUserAccessRight: string;
  displayName: string;
  profile: { id?: string };
}

function readMember(body: Partial<GroupUserBody>) {
  const identifier = body.identifier ?? body.emailAddress;
  if (typeof identifier !== 'string' || !identifier) throw badRequest('identifier (or emailAddress) is required.');
  const principalType = body.principalType ?? (body.emailAddress ? 'User' : undefined);
  if (!principalType || !PRINCIPAL_TYPES.has(principalType)) throw badRequest('principalType must be User, Group or App.');
  if (!body.groupUserAccessRight || !ACCESS_RIGHTS.has(body.groupUserAccessRight)) throw badRequest('groupUserAccessRight must be Admin, Member, Contributor or Viewer.');
  return {
    identifier, principalType: principalType as MemberType, accessRight: body.groupUserAccessRight as AccessRight,
    profileId: body.profile?.id, displayName: body.displayName, emailAddress: body.emailAddress,
  };
}

export function groupRoutes(ctx: PowerBiContext): Route[] {
  const { world } = ctx;
  return [
    route(ctx, 'groups.list', 'GET', '/v1.0/myorg/groups', (req, actor) => {
      const rows = world.listWorkspaces(actor).map((ws) => groupShape(world, ws));
      const filtered = applyODataQuery(rows, { $filter: req.query.$filter } as Record<string, string>);
      const page = applyODataQuery(filtered, { $top: req.query.$top, $skip: req.query.$skip } as Record<string, string>);
      return { status: 200, body: { '@odata.context': odataContext(req.origin, undefined, 'groups'), '@odata.count': filtered.length, value: page } };
    }),
    route(ctx, 'groups.create', 'POST', '/v1.0/myorg/groups', (req, actor) => {
      const body = bodyOf<{ name: string }>(req);
      if (typeof body.name !== 'string' || !body.name.trim()) throw badRequest('name is required.');
      const ws = inPowerBiTerms('Group', undefined, () => world.createWorkspace(actor, { displayName: body.name! }));
      // The service answers one group object, not the `value` array the swagger example shows.
      return { status: 200, body: { '@odata.context': `${odataContext(req.origin, undefined, 'groups')}/$entity`, ...groupShape(world, ws) } };
    }),
    route(ctx, 'groups.get', 'GET', '/v1.0/myorg/groups/{groupId}', (req, actor) => {
      const ws = requireGroup(ctx, actor, req.params.groupId);
      return { status: 200, body: { '@odata.context': `${odataContext(req.origin, undefined, 'groups')}/$entity`, ...groupShape(world, ws) } };
    }),
    route(ctx, 'groups.update', 'PATCH', '/v1.0/myorg/groups/{groupId}', (req, actor) => {
      const body = bodyOf<{ name: string }>(req);
      inPowerBiTerms('Group', req.params.groupId, () => world.updateWorkspace(actor, req.params.groupId, { displayName: body.name }));
      return OK;
    }),
    route(ctx, 'groups.delete', 'DELETE', '/v1.0/myorg/groups/{groupId}', (req, actor) => {
      inPowerBiTerms('Group', req.params.groupId, () => world.deleteWorkspace(actor, req.params.groupId));
      return OK;
    }),
    route(ctx, 'groups.users.list', 'GET', '/v1.0/myorg/groups/{groupId}/users', (req, actor) => {
      const ws = requireGroup(ctx, actor, req.params.groupId);
      const rows = applyODataQuery(ws.members.map((m) => groupUserShape(world, m)), { $top: req.query.$top, $skip: req.query.$skip } as Record<string, string>);
      return { status: 200, body: list(req.origin, ws.id, 'groupusers', rows) };
    }),
    route(ctx, 'groups.users.add', 'POST', '/v1.0/myorg/groups/{groupId}/users', (req, actor) => {
      const member = readMember(bodyOf<GroupUserBody>(req));
      inPowerBiTerms('Group', req.params.groupId, () => world.addMember(actor, req.params.groupId, member));
      return OK;
    }),
    route(ctx, 'groups.users.update', 'PUT', '/v1.0/myorg/groups/{groupId}/users', (req, actor) => {
      const member = readMember(bodyOf<GroupUserBody>(req));
      inPowerBiTerms('Group', req.params.groupId, () => world.updateMember(actor, req.params.groupId, member));
      return OK;
    }),
    route(ctx, 'groups.users.delete', 'DELETE', '/v1.0/myorg/groups/{groupId}/users/{user}', (req, actor) => {
      inPowerBiTerms('Group', req.params.groupId, () => world.removeMember(actor, req.params.groupId, req.params.user, req.query.profileId));
      return OK;
    }),
    route(ctx, 'groups.assignToCapacity', 'POST', '/v1.0/myorg/groups/{groupId}/AssignToCapacity', (req, actor) => {
      const body = bodyOf<{ capacityId: string }>(req);
      if (typeof body.capacityId !== 'string') throw badRequest('capacityId is required.');
      const duration = req.durationOf('capacity.assignment', ASSIGNMENT_MS);
      inPowerBiTerms('Group', req.params.groupId, () => world.assignToCapacity(actor, req.params.groupId, body.capacityId!, duration));
      return OK;
    }),
    route(ctx, 'groups.capacityAssignmentStatus', 'GET', '/v1.0/myorg/groups/{groupId}/CapacityAssignmentStatus', (req, actor) => {
      const ws = requireGroup(ctx, actor, req.params.groupId);
      const a = world.capacityAssignment(ws);
      return {
        status: 200,
        body: {
          '@odata.context': `${odataContext(req.origin, undefined, 'groups')}/$entity`,
          status: a.status, activityId: a.activityId, startTime: iso(a.startTime), endTime: iso(a.endTime),
          capacityId: (a.capacityId ?? EMPTY_CAPACITY_ID).toUpperCase(),
        },
      };
    }),
    route(ctx, 'capacities.list', 'GET', '/v1.0/myorg/capacities', (req) => ({
      status: 200,
      body: list(req.origin, undefined, 'capacities', world.listCapacities().map((c) => ({
        id: c.id.toUpperCase(), displayName: c.displayName, admins: [], sku: c.sku, state: c.state, capacityUserAccessRight: 'Assign', region: c.region,
      }))),
    })),
    ...profileRoutes(ctx),
  ];
}

function profileRoutes(ctx: PowerBiContext): Route[] {
  const { world } = ctx;
  const principalOf = (identity: unknown) => (identity as PowerBiIdentity).oid;
  return [
    route(ctx, 'profiles.list', 'GET', '/v1.0/myorg/profiles', (req) => {
      const rows = world.listProfiles(principalOf(req.identity)).map(profileShape);
      return { status: 200, body: list(req.origin, undefined, 'profiles', applyODataQuery(rows, { $top: req.query.$top, $skip: req.query.$skip } as Record<string, string>)) };
    }),
    route(ctx, 'profiles.create', 'POST', '/v1.0/myorg/profiles', (req) => {
      const body = bodyOf<{ displayName: string }>(req);
      if (typeof body.displayName !== 'string') throw badRequest('displayName is required.');
      const profile = inPowerBiTerms('Profile', undefined, () => world.createProfile(principalOf(req.identity), body.displayName!));
      return { status: 200, body: { '@odata.context': `${odataContext(req.origin, undefined, 'profiles')}/$entity`, ...profileShape(profile) } };
    }),
    route(ctx, 'profiles.get', 'GET', '/v1.0/myorg/profiles/{profileId}', (req) => {
      const profile = world.listProfiles(principalOf(req.identity)).find((p) => p.id === req.params.profileId.toLowerCase());
      if (!profile) throw new EmulatorRequestError(404, 'PowerBIEntityNotFound', `Profile ${req.params.profileId} was not found.`);
      return { status: 200, body: { '@odata.context': `${odataContext(req.origin, undefined, 'profiles')}/$entity`, ...profileShape(profile) } };
    }),
    route(ctx, 'profiles.update', 'PUT', '/v1.0/myorg/profiles/{profileId}', (req) => {
      const body = bodyOf<{ displayName: string }>(req);
      if (typeof body.displayName !== 'string') throw badRequest('displayName is required.');
      inPowerBiTerms('Profile', req.params.profileId, () => world.renameProfile(principalOf(req.identity), req.params.profileId, body.displayName!));
      return OK;
    }),
    route(ctx, 'profiles.delete', 'DELETE', '/v1.0/myorg/profiles/{profileId}', (req) => {
      inPowerBiTerms('Profile', req.params.profileId, () => world.deleteProfile(principalOf(req.identity), req.params.profileId));
      return OK;
    }),
  ];
}
