// The Fabric emulator's own state beside the shared world (operations, folders, per-item facts
// the world does not model) and the helpers every route uses: who is calling, what time it is on
// the emulator clock, how the service writes times and ids.

import type { Clock, EmulatorRequest, LatencyTable } from '../http/index.ts';
import type { Actor, World } from '../world/index.ts';
import type { FabricIdentity } from './auth.ts';
import { FabricError } from './errors.ts';
import type { OperationStore } from './operations.ts';

export interface Folder {
  id: string;
  displayName: string;
  workspaceId: string;
  parentFolderId?: string;
}

/** Facts about an item that only Fabric shows (the world keeps what both APIs share). */
export interface ItemExtras {
  /** The create call's `creationPayload` (e.g. `enableSchemas`, a warehouse collation). */
  creationPayload?: Record<string, unknown>;
  /** Emulator time the item was created (the SQL endpoint's provisioning runs from it). */
  createdAt: number;
  /** The SQL endpoint item created with it, for lakehouses, mirrored and SQL databases. */
  sqlEndpointId?: string;
  /** Emulator time its SQL endpoint finishes provisioning (reads show `InProgress` until then). */
  sqlEndpointReadyAt?: number;
  /** A SQL endpoint's parent item. */
  parentId?: string;
  /** A variable library's active value set. */
  activeValueSetName?: string;
  /** An environment's last staging publish. */
  publish?: { startedAt: number; durationMs: number; targetVersion: string };
}

/** A planned operation failure (admin API): the next `count` matching operations end `Failed`. */
export interface OperationFailurePlan {
  /** Only operations started for this item type; default any. */
  itemType?: string;
  count: number;
  errorCode: string;
  message: string;
}

export interface FabricContext {
  world: World;
  clock: Clock;
  ops: OperationStore;
  folders: Map<string, Folder>;
  extras: Map<string, ItemExtras>;
  failurePlans: OperationFailurePlan[];
  /** The realistic table in force (per-type durations fall back to its `<prefix>.default`). */
  latencyTable: LatencyTable;
  pageSize: number;
  nameReservationMs: number;
  sensitivityLabelId?: string;
  connections: Record<string, unknown>[];
}

/** The world actor behind a call: always the principal (Fabric item APIs take no profile). */
export function actorOf(ctx: FabricContext, req: EmulatorRequest): Actor {
  const id = req.identity as FabricIdentity | undefined;
  if (!id) throw new FabricError(401, 'Unauthorized', 'No caller.');
  return ctx.world.resolveActor(id.oid);
}

/**
 * The service's timestamps: .NET round-trip format, seven fractional digits, no zone
 * (`2026-06-25T11:15:43.5469603`, trace #525).
 */
export function serviceTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000');
}

/** The same with a `Z`, as environment publish details write it (trace #7681). */
export function serviceTimeZ(ms: number): string {
  return `${serviceTime(ms)}Z`;
}

export function readBody(req: EmulatorRequest): Record<string, any> {
  if (req.body.length === 0) return {};
  const body = req.json<unknown>();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new FabricError(400, 'InvalidRequest', 'The request body must be a JSON object.');
  return body as Record<string, any>;
}

export function lower(id: string): string {
  return id.toLowerCase();
}
