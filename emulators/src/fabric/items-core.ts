// The item calls, shared by the generic `/items` routes and the typed ones (`/semanticModels`,
// `/lakehouses`, ...): create (201 or 202 by type, as the trace shows), read, rename, delete (the
// name stays reserved for a while), and the definition calls. Items live in the shared world, so
// a model created here is the dataset Power BI lists, owned by the calling principal.

import type { EmulatorRequest, EmulatorResponse } from '../http/index.ts';
import { WorldError, type Item, type ItemDefinition } from '../world/index.ts';
import { actorOf, type FabricContext, type ItemExtras } from './context.ts';
import { FabricError, notFound } from './errors.ts';
import {
  canonicalItemType, createsSynchronously, definitionIsAsync, definitionRequired, hasNoDefinitionApi, hasSqlEndpoint,
} from './item-types.ts';
import { renderAccepted } from './operations.ts';
import { paginate } from './pagination.ts';
import { renderItem } from './render.ts';
import { checkDefinition, withPlatformPart, platformMetadata, definitionFormat } from './definitions.ts';

/** A per-type duration from the table, e.g. `run.SemanticModel`, else the table's `<prefix>.default`. */
function typedDuration(ctx: FabricContext, req: EmulatorRequest, prefix: string, type: string): number {
  const fallback = ctx.latencyTable.durations?.[`${prefix}.${type}`] ?? ctx.latencyTable.durations?.[`${prefix}.default`] ?? 0;
  return req.durationOf(`${prefix}.${type}`, fallback);
}

function realisticMs(ctx: FabricContext, prefix: string, type: string): number {
  return ctx.latencyTable.durations?.[`${prefix}.${type}`] ?? ctx.latencyTable.durations?.[`${prefix}.default`] ?? 0;
}

/** The item if it is in this workspace (and of this type), else the service's 404s. */
export function requireItemIn(ctx: FabricContext, req: EmulatorRequest, workspaceId: string, itemId: string, type?: string): Item {
  const actor = actorOf(ctx, req);
  ctx.world.getWorkspace(actor, workspaceId);
  let item: Item;
  try {
    item = ctx.world.getItem(actor, itemId, type);
  } catch (e) {
    if (e instanceof WorldError && e.code === 'ItemNotFound') throw notFound.item();
    throw e;
  }
  if (item.workspaceId !== workspaceId.toLowerCase()) throw notFound.item();
  return item;
}

export async function createItemCall(ctx: FabricContext, req: EmulatorRequest, workspaceId: string, body: Record<string, any>, fixedType?: string): Promise<EmulatorResponse> {
  const actor = actorOf(ctx, req);
  ctx.world.getWorkspace(actor, workspaceId);
  const rawType = fixedType ?? body.type;
  if (typeof body.displayName !== 'string' || !body.displayName.trim()) throw new FabricError(400, 'InvalidRequest', 'The displayName field is required.');
  const type = typeof rawType === 'string' ? canonicalItemType(rawType) : undefined;
  if (!type) throw new FabricError(400, 'InvalidItemType', `Item type ${JSON.stringify(rawType)} is invalid.`);
  if (body.definition !== undefined && body.creationPayload !== undefined) {
    throw new FabricError(400, 'InvalidRequest', 'Use either definition or creationPayload, not both.');
  }
  const definition: ItemDefinition | undefined = body.definition === undefined ? undefined : checkDefinition(type, body.definition);
  if (!definition && definitionRequired(type)) throw new FabricError(400, 'InvalidRequest', `A ${type} is created from a definition; the definition field is required.`);
  const folderId = typeof body.folderId === 'string' && body.folderId !== '' ? body.folderId.toLowerCase() : undefined;
  if (body.folderId !== undefined && body.folderId !== null && typeof body.folderId !== 'string') throw new FabricError(400, 'InvalidRequest', 'folderId must be a string.');
  if (folderId && ctx.folders.get(folderId)?.workspaceId !== workspaceId.toLowerCase()) throw new FabricError(404, 'FolderNotFound', 'Could not find the requested folder.');

  const input = { type, displayName: body.displayName, description: typeof body.description === 'string' ? body.description : '', folderId, definition };
  const failure = createsSynchronously(type) ? undefined : takePlannedFailure(ctx, type);
  const item = ctx.world.createItem(actor, workspaceId, input, { uniqueNames: true });
  if (failure) {
    // The operation will fail: nothing of it stays (the name check above still ran).
    ctx.world.deleteItem(actor, item.id, { reserveNameMs: 0 });
  } else {
    recordExtras(ctx, req, item, body.creationPayload);
  }

  if (createsSynchronously(type)) {
    await req.clock.sleep(typedDuration(ctx, req, 'create', type));
    return { status: 201, body: renderItem(ctx, item) };
  }
  const op = ctx.ops.start(req, {
    label: `create ${type} "${item.displayName}"`, itemType: type,
    run: { name: `run.${type}`, realisticMs: realisticMs(ctx, 'run', type) },
    result: failure ? undefined : renderItem(ctx, item, { label: 'result' }),
    failure,
  });
  await req.clock.sleep(typedDuration(ctx, req, 'accept', type));
  return renderAccepted(req, op);
}

function recordExtras(ctx: FabricContext, req: EmulatorRequest, item: Item, creationPayload: unknown): void {
  const extras: ItemExtras = { createdAt: req.clock.now(), creationPayload: isObject(creationPayload) ? creationPayload : undefined };
  if (hasSqlEndpoint(item.type)) {
    const endpoint = ctx.world.createItem(actorOf(ctx, req), item.workspaceId, { type: 'SQLEndpoint', displayName: item.displayName, folderId: item.folderId });
    extras.sqlEndpointId = endpoint.id;
    extras.sqlEndpointReadyAt = req.clock.now() + req.durationOf('lakehouse.sqlEndpoint', ctx.latencyTable.durations?.['lakehouse.sqlEndpoint'] ?? 0);
    ctx.extras.set(endpoint.id, { createdAt: req.clock.now(), parentId: item.id });
  }
  ctx.extras.set(item.id, extras);
}

function takePlannedFailure(ctx: FabricContext, type: string): { errorCode: string; message: string } | undefined {
  const plan = ctx.failurePlans.find((p) => p.count > 0 && (!p.itemType || p.itemType.toLowerCase() === type.toLowerCase()));
  if (!plan) return undefined;
  plan.count--;
  return { errorCode: plan.errorCode, message: plan.message };
}

export function listItemsCall(ctx: FabricContext, req: EmulatorRequest, workspaceId: string, type: string | undefined, typed: boolean): EmulatorResponse {
  const actor = actorOf(ctx, req);
  let canonical: string | undefined;
  if (type !== undefined) {
    canonical = canonicalItemType(type);
    if (!canonical) throw new FabricError(400, 'InvalidItemType', `Item type ${JSON.stringify(type)} is invalid.`);
  }
  let items = ctx.world.listItems(actor, workspaceId, canonical);
  const root = req.query.rootFolderId?.toLowerCase();
  const recursive = req.query.recursive === undefined || req.query.recursive.toLowerCase() !== 'false';
  if (root && ctx.folders.get(root)?.workspaceId !== workspaceId.toLowerCase()) throw new FabricError(404, 'FolderNotFound', 'Could not find the requested folder.');
  if (root || !recursive) {
    const inScope = (folderId: string | undefined): boolean => {
      if (folderId === root) return true;
      if (!recursive || !folderId) return false;
      return inScope(ctx.folders.get(folderId)?.parentFolderId);
    };
    items = items.filter((i) => inScope(i.folderId));
  }
  return { status: 200, body: paginate(req, items.map((i) => renderItem(ctx, i, { label: true, properties: typed })), ctx.pageSize) };
}

export function getItemCall(ctx: FabricContext, req: EmulatorRequest, workspaceId: string, itemId: string, type: string | undefined, typed: boolean): EmulatorResponse {
  return { status: 200, body: renderItem(ctx, requireItemIn(ctx, req, workspaceId, itemId, type), { label: true, properties: typed }) };
}

export function updateItemCall(ctx: FabricContext, req: EmulatorRequest, workspaceId: string, itemId: string, body: Record<string, any>, type: string | undefined, typed: boolean): EmulatorResponse {
  const item = requireItemIn(ctx, req, workspaceId, itemId, type);
  const patch: { displayName?: string; description?: string } = {};
  if (body.displayName !== undefined) patch.displayName = String(body.displayName);
  if (body.description !== undefined) patch.description = String(body.description);
  const updated = ctx.world.updateItem(actorOf(ctx, req), item.id, patch, { uniqueNames: true });
  if (item.type === 'VariableLibrary' && isObject(body.properties) && typeof body.properties.activeValueSetName === 'string') {
    const extras = ctx.extras.get(item.id) ?? { createdAt: item.createdAt };
    extras.activeValueSetName = body.properties.activeValueSetName;
    ctx.extras.set(item.id, extras);
  }
  return { status: 200, body: renderItem(ctx, updated, { label: true, properties: typed }) };
}

export function deleteItemCall(ctx: FabricContext, req: EmulatorRequest, workspaceId: string, itemId: string, type?: string): EmulatorResponse {
  const item = requireItemIn(ctx, req, workspaceId, itemId, type);
  const actor = actorOf(ctx, req);
  const endpointId = ctx.extras.get(item.id)?.sqlEndpointId;
  ctx.world.deleteItem(actor, item.id, { reserveNameMs: ctx.nameReservationMs });
  if (endpointId && ctx.world.state.items.has(endpointId)) ctx.world.deleteItem(actor, endpointId, { reserveNameMs: ctx.nameReservationMs });
  ctx.extras.delete(item.id);
  return { status: 200 };
}

export function getDefinitionCall(ctx: FabricContext, req: EmulatorRequest, workspaceId: string, itemId: string, type?: string): EmulatorResponse {
  const item = requireItemIn(ctx, req, workspaceId, itemId, type);
  if (hasNoDefinitionApi(item.type) || !item.definition) {
    throw new FabricError(400, 'OperationNotSupportedForItem', `Operation not supported for requested item: ${item.type} has no definition.`);
  }
  const wanted = req.query.format;
  const stored = definitionFormat(item.definition);
  if (wanted && stored && wanted.toLowerCase() !== stored.toLowerCase()) {
    throw new FabricError(400, 'InvalidRequest', `This definition is stored as ${stored}; the sandbox does not convert it to ${wanted}.`);
  }
  const result = { definition: withPlatformPart(item) };
  if (!definitionIsAsync(item.type)) return { status: 200, body: result };
  const op = ctx.ops.start(req, {
    label: `getDefinition ${item.type} "${item.displayName}"`, itemType: item.type,
    run: { name: 'run.getDefinition', realisticMs: ctx.latencyTable.durations?.['run.getDefinition'] ?? 0 }, result,
  });
  return renderAccepted(req, op);
}

/** `answerWithItem`: the lakehouse spec answers a synchronous update with the item (UpdateLakehouseDefinition example). */
export function updateDefinitionCall(ctx: FabricContext, req: EmulatorRequest, workspaceId: string, itemId: string, body: Record<string, any>, type?: string, answerWithItem = false): EmulatorResponse {
  const item = requireItemIn(ctx, req, workspaceId, itemId, type);
  if (hasNoDefinitionApi(item.type)) throw new FabricError(400, 'OperationNotSupportedForItem', `Operation not supported for requested item: ${item.type} has no definition.`);
  if (body.definition === undefined) throw new FabricError(400, 'InvalidRequest', 'The definition field is required.');
  const definition = checkDefinition(item.type, body.definition);
  const actor = actorOf(ctx, req);
  const failure = definitionIsAsync(item.type) ? takePlannedFailure(ctx, item.type) : undefined;
  if (!failure) {
    ctx.world.updateItemDefinition(actor, item.id, definition);
    if (req.query.updateMetadata?.toLowerCase() === 'true') {
      const meta = platformMetadata(definition);
      if (meta) ctx.world.updateItem(actor, item.id, meta, { uniqueNames: true });
    }
  }
  if (!definitionIsAsync(item.type)) return answerWithItem ? { status: 200, body: renderItem(ctx, ctx.world.getItem(actor, item.id)) } : { status: 200 };
  const op = ctx.ops.start(req, {
    label: `updateDefinition ${item.type} "${item.displayName}"`, itemType: item.type,
    run: { name: 'run.updateDefinition', realisticMs: ctx.latencyTable.durations?.['run.updateDefinition'] ?? 0 }, failure,
  });
  return renderAccepted(req, op);
}

function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
