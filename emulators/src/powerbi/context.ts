// What every Power BI route module shares: the world, the refresh runner, emulator-only state
// (imports, embed tokens, dataflow transactions live in the world) and small helpers to find the
// caller's workspace, model or report the way Power BI addresses them — under
// `/v1.0/myorg/groups/{groupId}/...` or, for "My workspace" style calls, `/v1.0/myorg/...`.

import type { Clock, EmulatorRequest, EmulatorResponse, Route } from '../http/index.ts';
import { WorldError, type Actor, type Item, type World, type Workspace } from '../world/index.ts';
import { actorOf } from './auth.ts';
import { badRequest, inPowerBiTerms } from './errors.ts';
import type { RefreshRunner } from './refresh-runner.ts';

export interface ImportRecord {
  id: string;
  name: string;
  workspaceId: string;
  createdAt: number;
  /** When `Publishing` turns into `Succeeded` (emulator clock). */
  readyAt: number;
  datasetIds: string[];
  reportIds: string[];
}

/** An admin scan (getInfo): the result is taken when it is requested, served once it is due. */
export interface ScanRecord {
  id: string;
  createdAt: number;
  /** When `Running` turns into `Succeeded` (emulator clock). */
  readyAt: number;
  result: { workspaces: Record<string, unknown>[] };
}

export interface PowerBiContext {
  world: World;
  clock: Clock;
  runner: RefreshRunner;
  imports: Map<string, ImportRecord>;
  /** Every embed token handed out, for issuedSecrets(). */
  issued: string[];
  /** Admin scans (getInfo) by scan id, with the result taken when each was requested. */
  scans: Map<string, ScanRecord>;
  scanGaps: ScanGaps;
}

/**
 * What scans leave out, for tests of what a client makes of an incomplete scan: items (by id)
 * absent from results, and models (by id) returned without their expressions, as the service
 * returns a model that was not refreshed or republished since metadata scanning was enabled.
 */
export interface ScanGaps {
  items: Set<string>;
  expressions: Set<string>;
}

export type Handler = (req: EmulatorRequest, actor: Actor) => EmulatorResponse | Promise<EmulatorResponse>;

/** A route whose handler receives the calling actor. */
export function route(ctx: PowerBiContext, name: string, method: string, path: string, handler: Handler, extra: Partial<Route> = {}): Route {
  return { name, method, path, ...extra, handler: (req) => handler(req, actorOf(ctx.world, req)) };
}

/** The same operation under `/groups/{groupId}` (named `name`) and under `/v1.0/myorg` (named `name.myorg`). */
export function scoped(ctx: PowerBiContext, name: string, method: string, subPath: string, handler: Handler, extra: Partial<Route> = {}): Route[] {
  return [
    route(ctx, name, method, `/v1.0/myorg/groups/{groupId}${subPath}`, handler, extra),
    route(ctx, `${name}.myorg`, method, `/v1.0/myorg${subPath}`, handler, extra),
  ];
}

export function requireGroup(ctx: PowerBiContext, actor: Actor, groupId: string): Workspace {
  return inPowerBiTerms('Group', groupId, () => ctx.world.getWorkspace(actor, groupId));
}

function requireItem(ctx: PowerBiContext, req: EmulatorRequest, actor: Actor, id: string, type: string, what: 'Dataset' | 'Report' | 'Dataflow'): Item {
  return inPowerBiTerms(what, id, () => {
    const item = ctx.world.findItem(actor, id, type);
    const groupId = req.params.groupId;
    if (groupId && item.workspaceId !== groupId.toLowerCase()) throw new WorldError('ItemNotFound', `${what} ${id} is not in workspace ${groupId}.`);
    return item;
  });
}

export function requireModel(ctx: PowerBiContext, req: EmulatorRequest, actor: Actor): Item {
  return requireItem(ctx, req, actor, req.params.datasetId, 'SemanticModel', 'Dataset');
}

export function requireReport(ctx: PowerBiContext, req: EmulatorRequest, actor: Actor): Item {
  return requireItem(ctx, req, actor, req.params.reportId, 'Report', 'Report');
}

export function requireDataflow(ctx: PowerBiContext, req: EmulatorRequest, actor: Actor): Item {
  return requireItem(ctx, req, actor, req.params.dataflowId, 'Dataflow', 'Dataflow');
}

/** The JSON body as an object (400 when it is missing or not an object). */
export function bodyOf<T extends object>(req: EmulatorRequest): Partial<T> {
  if (req.body.length === 0) throw badRequest('The request body is missing.');
  const body = req.json<unknown>();
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a JSON object.');
  return body as Partial<T>;
}

export const OK: EmulatorResponse = { status: 200 };
