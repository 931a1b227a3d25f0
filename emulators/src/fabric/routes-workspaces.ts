// `/v1/workspaces` (create → 201 + Location, list with `roles` and pagination, get with the
// capacity assignment's progress, rename, delete), capacity assignment (202, progressing on the
// emulator clock through the shared world) and `/v1/capacities`.

import type { Route } from '../http/index.ts';
import { EMPTY_CAPACITY_ID, type AccessRight } from '../world/index.ts';
import { actorOf, readBody, type FabricContext } from './context.ts';
import { FabricError, withErrors } from './errors.ts';
import { paginate } from './pagination.ts';
import { renderWorkspace } from './render.ts';

const ROLES: AccessRight[] = ['Admin', 'Member', 'Contributor', 'Viewer'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function workspaceRoutes(ctx: FabricContext): Route[] {
  const assignmentMs = (req: Parameters<Route['handler']>[0]) => req.durationOf('capacity.assignment', ctx.latencyTable.durations?.['capacity.assignment'] ?? 0);
  return [
    {
      name: 'workspaces.create', method: 'POST', path: '/v1/workspaces',
      handler: withErrors((req) => {
        const body = readBody(req);
        if (typeof body.displayName !== 'string' || !body.displayName.trim()) throw new FabricError(400, 'InvalidRequest', 'The displayName field is required.');
        if (body.domainId !== undefined) throw new FabricError(404, 'DomainNotFound', 'The provided domain was not found (the sandbox has no domains).');
        if (body.capacityId !== undefined && (typeof body.capacityId !== 'string' || !GUID.test(body.capacityId))) {
          throw new FabricError(400, 'InvalidRequest', 'capacityId must be a GUID.');
        }
        const ws = ctx.world.createWorkspace(actorOf(ctx, req), {
          displayName: body.displayName, description: typeof body.description === 'string' ? body.description : '',
          capacityId: body.capacityId, assignmentMs: assignmentMs(req),
        });
        return { status: 201, headers: { Location: `${req.origin}/v1/workspaces/${ws.id}` }, body: renderWorkspace(ctx, ws, false) };
      }),
    },
    {
      name: 'workspaces.list', method: 'GET', path: '/v1/workspaces',
      handler: withErrors((req) => {
        const actor = actorOf(ctx, req);
        const wanted = req.query.roles?.split(',').map((r) => r.trim()).filter(Boolean);
        const roles = wanted?.map((r) => {
          const role = ROLES.find((x) => x.toLowerCase() === r.toLowerCase());
          if (!role) throw new FabricError(400, 'InvalidParameter', `Invalid workspace role ${r}.`);
          return role;
        });
        const list = ctx.world.listWorkspaces(actor).filter((w) => !roles || roles.includes(ctx.world.accessOf(actor, w) as AccessRight));
        return { status: 200, body: paginate(req, list.map((w) => renderWorkspace(ctx, w, false)), ctx.pageSize) };
      }),
    },
    {
      name: 'workspaces.get', method: 'GET', path: '/v1/workspaces/{workspaceId}',
      handler: withErrors((req) => ({ status: 200, body: renderWorkspace(ctx, ctx.world.getWorkspace(actorOf(ctx, req), req.params.workspaceId), true) })),
    },
    {
      name: 'workspaces.update', method: 'PATCH', path: '/v1/workspaces/{workspaceId}',
      handler: withErrors((req) => {
        const body = readBody(req);
        const patch: { displayName?: string; description?: string } = {};
        if (body.displayName !== undefined) patch.displayName = String(body.displayName);
        if (body.description !== undefined) patch.description = String(body.description);
        return { status: 200, body: renderWorkspace(ctx, ctx.world.updateWorkspace(actorOf(ctx, req), req.params.workspaceId, patch), false) };
      }),
    },
    {
      name: 'workspaces.delete', method: 'DELETE', path: '/v1/workspaces/{workspaceId}',
      handler: withErrors((req) => {
        ctx.world.deleteWorkspace(actorOf(ctx, req), req.params.workspaceId);
        const id = req.params.workspaceId.toLowerCase();
        for (const [folderId, folder] of ctx.folders) if (folder.workspaceId === id) ctx.folders.delete(folderId);
        return { status: 200 };
      }),
    },
    {
      name: 'workspaces.assignToCapacity', method: 'POST', path: '/v1/workspaces/{workspaceId}/assignToCapacity',
      handler: withErrors((req) => {
        const body = readBody(req);
        if (typeof body.capacityId !== 'string' || !GUID.test(body.capacityId)) throw new FabricError(400, 'InvalidRequest', 'capacityId (a GUID) is required.');
        ctx.world.assignToCapacity(actorOf(ctx, req), req.params.workspaceId, body.capacityId, assignmentMs(req));
        return { status: 202 };
      }),
    },
    {
      name: 'workspaces.unassignFromCapacity', method: 'POST', path: '/v1/workspaces/{workspaceId}/unassignFromCapacity',
      handler: withErrors((req) => {
        ctx.world.assignToCapacity(actorOf(ctx, req), req.params.workspaceId, EMPTY_CAPACITY_ID, 0);
        return { status: 202 };
      }),
    },
    {
      name: 'capacities.list', method: 'GET', path: '/v1/capacities',
      handler: withErrors((req) => {
        actorOf(ctx, req);
        const all = ctx.world.listCapacities().map((c) => ({ id: c.id, displayName: c.displayName, sku: c.sku, region: c.region, state: c.state }));
        return { status: 200, body: paginate(req, all, ctx.pageSize) };
      }),
    },
  ];
}
