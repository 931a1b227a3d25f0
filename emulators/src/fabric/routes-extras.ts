// The smaller surfaces fabric-cicd touches around items (all in the trace): folders, the
// tenant's connections, OneLake shortcuts (which the sandbox refuses as the service refuses a
// missing target path: the emulated OneLake holds no data) and an environment's staging publish.

import { randomUUID } from 'node:crypto';
import type { EmulatorRequest, Route } from '../http/index.ts';
import { actorOf, readBody, type FabricContext, type Folder } from './context.ts';
import { FabricError, notFound, withErrors } from './errors.ts';
import { requireItemIn } from './items-core.ts';
import { paginate } from './pagination.ts';

function renderFolder(f: Folder): Record<string, unknown> {
  return { id: f.id, displayName: f.displayName, ...(f.parentFolderId ? { parentFolderId: f.parentFolderId } : {}), workspaceId: f.workspaceId };
}

function requireFolderIn(ctx: FabricContext, req: EmulatorRequest, folderId: string): Folder {
  const folder = ctx.folders.get(folderId.toLowerCase());
  if (!folder || folder.workspaceId !== req.params.workspaceId.toLowerCase()) throw notFound.folder();
  return folder;
}

export function folderRoutes(ctx: FabricContext): Route[] {
  const base = '/v1/workspaces/{workspaceId}/folders';
  const workspace = (req: EmulatorRequest) => ctx.world.getWorkspace(actorOf(ctx, req), req.params.workspaceId);
  return [
    {
      name: 'folders.list', method: 'GET', path: base,
      handler: withErrors((req) => {
        const ws = workspace(req);
        const root = req.query.rootFolderId?.toLowerCase();
        if (root) requireFolderIn(ctx, req, root);
        const recursive = req.query.recursive?.toLowerCase() !== 'false';
        const under = (f: Folder | undefined, depth: number): boolean => {
          if (!f) return false;
          if (f.parentFolderId === root) return true;
          return recursive && depth < 64 && under(ctx.folders.get(f.parentFolderId ?? ''), depth + 1);
        };
        const all = [...ctx.folders.values()].filter((f) => f.workspaceId === ws.id && (root === undefined && recursive ? true : under(f, 0)));
        return { status: 200, body: paginate(req, all.map(renderFolder), ctx.pageSize) };
      }),
    },
    {
      name: 'folders.create', method: 'POST', path: base,
      handler: withErrors((req) => {
        const ws = ctx.world.getWorkspace(actorOf(ctx, req), req.params.workspaceId);
        const body = readBody(req);
        const name = typeof body.displayName === 'string' ? body.displayName.trim() : '';
        if (!name || /[~"#.&*:<>?/\\{|}]/.test(name)) throw new FabricError(400, 'InvalidFolderDisplayName', 'The provided folder display name is invalid.');
        const parent = typeof body.parentFolderId === 'string' && body.parentFolderId ? requireFolderIn(ctx, req, body.parentFolderId).id : undefined;
        for (const f of ctx.folders.values()) {
          if (f.workspaceId === ws.id && f.parentFolderId === parent && f.displayName.toLowerCase() === name.toLowerCase()) {
            throw new FabricError(409, 'FolderDisplayNameAlreadyInUse', 'Folder display name is already used.');
          }
        }
        const folder: Folder = { id: randomUUID(), displayName: name, workspaceId: ws.id, ...(parent ? { parentFolderId: parent } : {}) };
        ctx.folders.set(folder.id, folder);
        return { status: 201, headers: { Location: `${req.origin}/v1/workspaces/${ws.id}/folders/${folder.id}` }, body: renderFolder(folder) };
      }),
    },
    {
      name: 'folders.get', method: 'GET', path: `${base}/{folderId}`,
      handler: withErrors((req) => {
        workspace(req);
        return { status: 200, body: renderFolder(requireFolderIn(ctx, req, req.params.folderId)) };
      }),
    },
    {
      name: 'folders.delete', method: 'DELETE', path: `${base}/{folderId}`,
      handler: withErrors((req) => {
        const ws = workspace(req);
        const folder = requireFolderIn(ctx, req, req.params.folderId);
        const busy = [...ctx.folders.values()].some((f) => f.parentFolderId === folder.id) ||
          ctx.world.listItems(actorOf(ctx, req), ws.id).some((i) => i.folderId === folder.id);
        if (busy) throw new FabricError(400, 'FolderNotEmpty', 'The folder is not empty.');
        ctx.folders.delete(folder.id);
        return { status: 200 };
      }),
    },
  ];
}

export function extraRoutes(ctx: FabricContext): Route[] {
  return [
    {
      name: 'connections.list', method: 'GET', path: '/v1/connections',
      handler: withErrors((req) => {
        actorOf(ctx, req);
        return { status: 200, body: paginate(req, ctx.connections, ctx.pageSize) };
      }),
    },
    {
      name: 'shortcuts.list', method: 'GET', path: '/v1/workspaces/{workspaceId}/items/{itemId}/shortcuts',
      handler: withErrors((req) => {
        requireItemIn(ctx, req, req.params.workspaceId, req.params.itemId);
        return { status: 200, body: paginate(req, [], ctx.pageSize) };
      }),
    },
    {
      name: 'shortcuts.create', method: 'POST', path: '/v1/workspaces/{workspaceId}/items/{itemId}/shortcuts',
      handler: withErrors((req) => {
        requireItemIn(ctx, req, req.params.workspaceId, req.params.itemId);
        readBody(req);
        // The service's answer for a target path that does not exist (trace #3518).
        throw new FabricError(400, 'BadRequest', 'The request could not be processed due to missing or invalid information', {
          moreDetails: [{ errorCode: 'RequestBodyValidationFailed', message: "Target path doesn't exist" }],
          isRetriable: false,
        });
      }),
    },
    {
      name: 'environments.publish', method: 'POST', path: '/v1/workspaces/{workspaceId}/environments/{itemId}/staging/publish',
      handler: withErrors((req) => {
        const item = requireItemIn(ctx, req, req.params.workspaceId, req.params.itemId, 'Environment');
        const op = ctx.ops.start(req, {
          label: `publish Environment "${item.displayName}"`, itemType: 'Environment',
          run: { name: 'run.environmentPublish', realisticMs: ctx.latencyTable.durations?.['run.environmentPublish'] ?? 0 },
          retryAfter: { name: 'lro.retryAfter.environmentPublish', realisticMs: ctx.latencyTable.durations?.['lro.retryAfter.environmentPublish'] ?? 0 },
        });
        const extras = ctx.extras.get(item.id) ?? { createdAt: item.createdAt };
        extras.publish = { startedAt: req.clock.now(), durationMs: op.notStartedMs + op.runMs, targetVersion: randomUUID() };
        ctx.extras.set(item.id, extras);
        // Unlike a create's 202, this one has an empty octet-stream body (trace #4526).
        return {
          status: 202,
          headers: { Location: `${req.origin}/v1/operations/${op.id}`, 'x-ms-operation-id': op.id, 'Retry-After': String(op.retryAfterSeconds), 'Content-Type': 'application/octet-stream' },
          body: Buffer.alloc(0),
        };
      }),
    },
  ];
}
