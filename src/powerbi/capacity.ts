// The workspace's capacity: `AssignToCapacity`, then wait until `CapacityAssignmentStatus` says
// `CompletedSuccessfully` (assignment is asynchronous; items created before it completes may land
// on shared capacity). A `shared` capacity in platform.yaml means no dedicated capacity at all.
import { InternalError, RemoteApiError } from '../errors/index.ts';
import { diffFields, type Resource } from '../plan/index.ts';
import { recordCapacityAssignment, typicalCapacityAssignmentMs, type Queryable } from '../registry/index.ts';
import type { PowerBiClient } from './client.ts';
import { waitForEstimate } from './estimate.ts';
import { KEYS, tenantView, type ViewNames } from './view.ts';

/** Power BI's "no capacity" id: assigning it moves a workspace back to shared capacity. */
export const SHARED_CAPACITY_ID = '00000000-0000-0000-0000-000000000000';

export interface CapacityDesired {
  /** A capacity name of platform.yaml. */
  capacity: string;
  status: 'CompletedSuccessfully';
}

export interface CapacityActual {
  /** The platform.yaml name when the workspace is on that capacity, else `id:<capacity id>` or `shared`. */
  capacity: string;
  capacityId?: string;
  status: string;
}

export function capacityResource(names: ViewNames, desired: CapacityDesired | undefined): Resource<CapacityDesired, CapacityActual> {
  return {
    key: KEYS.capacity,
    kind: 'powerbi.capacity',
    dependsOn: [KEYS.workspace],
    desired,
    async read(ctx) {
      const view = tenantView(ctx, names);
      const ws = await view.workspace();
      if (!ws) return undefined;
      const onId = ws.capacityId?.toLowerCase();
      const status = !onId || ws.isOnDedicatedCapacity ? 'CompletedSuccessfully' : 'InProgress';
      const wanted = desired?.capacity;
      // What the last apply resolved the name to: no capacity lookup on an unchanged tenant.
      const recorded = (await view.records()).get(KEYS.capacity)?.state as Partial<CapacityActual> | undefined;
      if (wanted && recorded?.capacity === wanted && (recorded.capacityId ?? undefined) === onId) return { capacity: wanted, capacityId: onId, status };
      if (wanted && (await view.pbi.capacityId(wanted)) === onId) return { capacity: wanted, capacityId: onId, status };
      return { capacity: onId ? `id:${onId}` : 'shared', capacityId: onId, status };
    },
    diff: (d, a) =>
      // Nothing to undo remotely: the assignment goes with the workspace; only the record goes.
      d === undefined ? a && { action: 'delete', fields: [], summary: `forget the capacity of ${names.workspace} (it goes with the workspace)` } : diffFields<object>(d, a, { summary: { create: `assign ${names.workspace} to capacity ${d.capacity}`, update: `move ${names.workspace} to capacity ${d.capacity}` } }),
    async apply(ctx, change, actual) {
      if (change.action === 'delete') return undefined;
      const view = tenantView(ctx, names);
      const client = await view.client(KEYS.capacity);
      const ws = await view.workspace();
      if (!client || !ws) throw new InternalError(`tenant ${ctx.tenant}: capacity assignment needs the workspace first`);
      const wanted = desired!.capacity;
      const id = await view.pbi.capacityId(wanted);
      const assigned = (actual?.capacityId ?? undefined) !== id;
      if (assigned) await client.assignToCapacity(ws.id, id ?? SHARED_CAPACITY_ID);
      // Only an assignment this apply started is as young as the fleet's estimate assumes; one
      // found under way (a run that died) is polled from the start.
      if (id) await waitForAssignment(ctx.tenant, client, ws.id, view.pbi, await view.host.registry(), assigned);
      ctx.log.info(`${ctx.tenant}: ${names.workspace} is on capacity ${wanted}`);
      return { capacity: wanted, capacityId: id, status: 'CompletedSuccessfully' };
    },
  };
}

async function waitForAssignment(
  tenant: string,
  client: PowerBiClient,
  groupId: string,
  pbi: { sleep: (ms: number) => Promise<void>; now: () => number; operationTimeoutMs: number },
  registry: Queryable,
  justAssigned: boolean,
): Promise<void> {
  const started = pbi.now();
  const deadline = started + pbi.operationTimeoutMs;
  let wait = 1_000;
  // What the fleet's recent assignments took (the service's own start and end), before the first
  // poll, instead of 4–5 polls of a 10–30 s assignment.
  await waitForEstimate(pbi, justAssigned ? await typicalCapacityAssignmentMs(registry) : undefined, started, MAX_FIRST_WAIT_MS, deadline);
  for (;;) {
    const late = pbi.now() >= deadline;
    const assignment = await client.capacityAssignmentStatus(groupId);
    const { status } = assignment;
    if (status === 'CompletedSuccessfully') {
      if (assignment.activityId && assignment.startTime && assignment.endTime && assignment.capacityId) {
        await recordCapacityAssignment(registry, { tenant, activityId: assignment.activityId, capacityId: assignment.capacityId, state: status, startTime: assignment.startTime, endTime: assignment.endTime });
      }
      return;
    }
    if (status === 'AssignmentFailed') {
      throw new RemoteApiError({ service: 'powerbi', call: 'GET /v1.0/myorg/groups/{groupId}/CapacityAssignmentStatus', status: 200, code: 'AssignmentFailed', tenant, resource: KEYS.capacity }, 'capacity assignment failed');
    }
    if (late) {
      throw new RemoteApiError({ service: 'powerbi', call: 'GET /v1.0/myorg/groups/{groupId}/CapacityAssignmentStatus', status: 200, code: 'OperationTimedOut', tenant, resource: KEYS.capacity }, `capacity assignment still ${status} after ${Math.round((pbi.now() - started) / 1000)} s; the next run waits again`);
    }
    await pbi.sleep(Math.max(0, Math.min(wait, deadline - pbi.now())));
    // Past the estimate (or without one), the interval doubles up to 8 s: a 30 s assignment costs 6
    // polls instead of 16, and its end is still seen within 8 s.
    wait = Math.min(8_000, wait * 2);
  }
}

/** The longest the fleet's estimate may hold back the first poll (one slow outlier must not stall a tenant). */
const MAX_FIRST_WAIT_MS = 120_000;
