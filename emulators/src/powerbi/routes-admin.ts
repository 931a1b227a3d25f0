// The admin scanner API (`/v1.0/myorg/admin/workspaces/...`): the list of the organisation's
// workspaces (`modified`), a scan of up to 100 of them (`getInfo`, answered 202 with a scan id),
// its status and its result. Admin APIs act for the whole organisation, so they are called as the
// service principal itself; a profile header is refused. The result is the world as it was when
// the scan was requested (the service scans asynchronously and keeps the result), in the shapes
// the workspace APIs use: workspaces, their users (getArtifactUsers), reports with their
// datasetId, datasets with their M expressions (datasetExpressions), including the parameters'
// current values as `"value" meta [IsParameterQuery=true, ...]`.
// Also a capacity's refreshables (`admin/capacities/{capacityId}/refreshables`): every model on
// the capacity that has refreshed at least once or has an enabled schedule, with its last refresh
// and the statistics of the history the service keeps (seven days, at most sixty refreshes).

import { EmulatorRequestError, type Route } from '../http/index.ts';
import { formatParameterLiteral, type Item, type Workspace } from '../world/index.ts';
import { bodyOf, route, type PowerBiContext, type ScanRecord } from './context.ts';
import type { PowerBiIdentity } from './auth.ts';
import { badRequest } from './errors.ts';
import { applyODataQuery } from './odata.ts';
import { datasetShape, groupShape, groupUserShape, iso, reportShape } from './shapes.ts';

/** How long a scan runs when the latency table does not say: [estimate] a few seconds per batch. */
const SCAN_MS = 5_000;
/** `getInfo` takes 1 to 100 workspace ids (the swagger's RequiredWorkspaces). */
const MAX_WORKSPACES = 100;
/**
 * Refreshables in one answer: `$top` is required and `$skip` is documented as the way "to fetch
 * results beyond the first 1000", which we read as a page of at most 1,000 whatever `$top` asks.
 */
export const MAX_REFRESHABLES_PAGE = 1000;
/** The history the service keeps per model, which a refreshable's statistics cover. */
const HISTORY_MS = 7 * 24 * 3600_000;
const HISTORY_MAX = 60;

interface ScanFlags {
  datasetExpressions: boolean;
  getArtifactUsers: boolean;
}

export function adminRoutes(ctx: PowerBiContext): Route[] {
  const { world, clock } = ctx;
  const asPrincipal = (identity: unknown) => {
    if ((identity as PowerBiIdentity).profileId) {
      throw new EmulatorRequestError(401, 'PowerBINotAuthorizedException', 'Admin APIs are called as the service principal, not as one of its profiles.');
    }
  };
  const requireScan = (id: string) => {
    const scan = ctx.scans.get(id.toLowerCase());
    if (!scan) throw new EmulatorRequestError(404, 'PowerBIEntityNotFound', `Scan ${id} was not found.`);
    return scan;
  };
  const flag = (value: string | undefined) => value?.toLowerCase() === 'true';
  return [
    route(ctx, 'admin.workspaces.modified', 'GET', '/v1.0/myorg/admin/workspaces/modified', (req) => {
      asPrincipal(req.identity);
      const all = [...world.state.workspaces.values()].sort((a, b) => a.createdAt - b.createdAt);
      return { status: 200, body: all.map((ws) => ({ id: ws.id })) };
    }),
    route(ctx, 'admin.workspaces.getInfo', 'POST', '/v1.0/myorg/admin/workspaces/getInfo', (req) => {
      asPrincipal(req.identity);
      const ids = bodyOf<{ workspaces: string[] }>(req).workspaces;
      if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_WORKSPACES || ids.some((id) => typeof id !== 'string')) {
        throw badRequest(`workspaces must list 1 to ${MAX_WORKSPACES} workspace ids.`);
      }
      const flags = { datasetExpressions: flag(req.query.datasetExpressions), getArtifactUsers: flag(req.query.getArtifactUsers) };
      const workspaces = ids.flatMap((id) => {
        const ws = world.state.workspaces.get(id.toLowerCase());
        return ws ? [workspaceInfo(ctx, ws, flags)] : [];
      });
      const now = clock.now();
      const scan: ScanRecord = { id: world.state.newId(), createdAt: now, readyAt: now + req.durationOf('admin.scan', SCAN_MS), result: { workspaces } };
      ctx.scans.set(scan.id, scan);
      return { status: 202, body: scanStatus(scan, now) };
    }),
    route(ctx, 'admin.workspaces.scanStatus', 'GET', '/v1.0/myorg/admin/workspaces/scanStatus/{scanId}', (req) => {
      asPrincipal(req.identity);
      return { status: 200, body: scanStatus(requireScan(req.params.scanId), clock.now()) };
    }),
    route(ctx, 'admin.workspaces.scanResult', 'GET', '/v1.0/myorg/admin/workspaces/scanResult/{scanId}', (req) => {
      asPrincipal(req.identity);
      const scan = requireScan(req.params.scanId);
      if (clock.now() < scan.readyAt) throw badRequest(`Scan ${scan.id} has not succeeded yet; poll scanStatus first.`);
      return { status: 200, body: scan.result };
    }),
    route(ctx, 'admin.capacities.refreshables', 'GET', '/v1.0/myorg/admin/capacities/{capacityId}/refreshables', (req) => {
      asPrincipal(req.identity);
      const capacity = world.state.capacities.get(req.params.capacityId.toLowerCase());
      if (!capacity) throw new EmulatorRequestError(404, 'PowerBIEntityNotFound', `Capacity ${req.params.capacityId} was not found.`);
      const top = req.query.$top;
      if (top === undefined || !/^\d+$/.test(top) || Number(top) < 1) throw badRequest('$top is required and must be a positive integer.');
      const expand = new Set((req.query.$expand ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean));
      const unknown = [...expand].filter((e) => !EXPANDS.has(e));
      if (unknown.length) throw badRequest(`$expand supports capacity and group, not ${unknown.join(', ')}.`);
      const now = clock.now();
      const rows = [...world.state.items.values()]
        .filter((i) => i.type === 'SemanticModel' && onCapacity(ctx, i, capacity.id))
        .sort((a, b) => a.createdAt - b.createdAt)
        .flatMap((i) => {
          const row = refreshableShape(ctx, i, now);
          if (!row) return [];
          if (expand.has('capacity') || expand.has('capacities')) {
            row.capacity = { id: capacity.id.toUpperCase(), displayName: capacity.displayName, sku: capacity.sku, state: capacity.state, capacityUserAccessRight: 'Admin', region: capacity.region };
          }
          if (expand.has('group') || expand.has('groups')) {
            const ws = world.state.workspaces.get(i.workspaceId)!;
            row.group = { id: ws.id, name: ws.displayName };
          }
          return [row];
        });
      // $filter and $skip, then the page: `$top` capped at the service's page.
      const page = applyODataQuery(rows, { ...req.query, $top: String(Math.min(Number(top), MAX_REFRESHABLES_PAGE)) });
      return { status: 200, body: { '@odata.context': `${req.origin}/v1.0/myorg/admin/$metadata#refreshables`, value: page } };
    }, { bucket: REFRESHABLES_BUCKET }),
  ];
}

/** The rate-limit bucket of the refreshables route: its own documented 200 requests an hour. */
export const REFRESHABLES_BUCKET = 'admin.refreshables';
const EXPANDS = new Set(['capacity', 'group', 'capacities', 'groups']);

/** On the capacity once the workspace's assignment completed (as the service reports isOnDedicatedCapacity). */
function onCapacity(ctx: PowerBiContext, item: Item, capacityId: string): boolean {
  const ws = ctx.world.state.workspaces.get(item.workspaceId);
  return !!ws && ws.capacityId === capacityId && ctx.world.isOnDedicatedCapacity(ws);
}

/** A model as a refreshable, or undefined when it is none (never refreshed and no enabled schedule). */
function refreshableShape(ctx: PowerBiContext, item: Item, now: number): Record<string, unknown> | undefined {
  const sm = item.semanticModel;
  if (!sm) return undefined;
  const schedule = sm.refreshSchedule;
  if (!sm.refreshes.length && !schedule?.enabled) return undefined;
  const kept = sm.refreshes.filter((r) => r.startTime >= now - HISTORY_MS).slice(-HISTORY_MAX);
  const ended = kept.filter((r) => r.endTime !== undefined && r.status === 'Completed').map((r) => (r.endTime! - r.startTime) / 1000).sort((a, b) => a - b);
  const mean = ended.length ? ended.reduce((a, b) => a + b, 0) / ended.length : 0;
  const median = ended.length ? (ended.length % 2 ? ended[(ended.length - 1) / 2] : (ended[ended.length / 2 - 1] + ended[ended.length / 2]) / 2) : 0;
  const windowStart = kept[0]?.startTime ?? now;
  const days = Math.max(1, Math.ceil((now - windowStart) / (24 * 3600_000)));
  const last = sm.refreshes.at(-1);
  return {
    id: item.id,
    name: item.displayName,
    kind: 'Dataset',
    startTime: iso(windowStart),
    endTime: iso(now),
    refreshCount: kept.length,
    refreshFailures: kept.filter((r) => r.status === 'Failed').length,
    averageDuration: mean,
    medianDuration: median,
    refreshesPerDay: Math.round(kept.length / days),
    ...(last ? {
      lastRefresh: {
        refreshType: last.refreshType,
        startTime: iso(last.startTime),
        ...(last.endTime !== undefined ? { endTime: iso(last.endTime) } : {}),
        ...(last.serviceExceptionJson ? { serviceExceptionJson: last.serviceExceptionJson } : {}),
        status: last.status,
        requestId: last.requestId,
      },
    } : {}),
    ...(schedule ? { refreshSchedule: { days: schedule.days, times: schedule.times, enabled: schedule.enabled, localTimeZoneId: schedule.localTimeZoneId, notifyOption: schedule.NotifyOption } } : {}),
    configuredBy: [ctx.world.actorName(sm.owner)],
  };
}

function scanStatus(scan: ScanRecord, now: number): Record<string, unknown> {
  return { id: scan.id, createdDateTime: iso(scan.createdAt), status: now < scan.readyAt ? 'Running' : 'Succeeded' };
}

function workspaceInfo(ctx: PowerBiContext, ws: Workspace, flags: ScanFlags): Record<string, unknown> {
  const { world } = ctx;
  const items = [...world.state.items.values()].filter((i) => i.workspaceId === ws.id && !ctx.scanGaps.items.has(i.id)).sort((a, b) => a.createdAt - b.createdAt);
  const { id, name, type, isOnDedicatedCapacity, capacityId, defaultDatasetStorageFormat } = groupShape(world, ws);
  return {
    id, name, type, state: 'Active', isOnDedicatedCapacity, ...(capacityId ? { capacityId } : {}), ...(isOnDedicatedCapacity ? { defaultDatasetStorageFormat } : {}),
    reports: items.filter((i) => i.type === 'Report').map((i) => {
      const { id: reportId, name: reportName, datasetId, reportType } = reportShape(i);
      return { id: reportId, name: reportName, reportType, ...(datasetId ? { datasetId } : {}), createdDateTime: iso(i.createdAt), modifiedDateTime: iso(i.updatedAt) };
    }),
    datasets: items.filter((i) => i.type === 'SemanticModel').map((i) => datasetInfo(ctx, i, flags)),
    ...(flags.getArtifactUsers ? { users: ws.members.map((m) => groupUserShape(world, m)) } : {}),
  };
}

function datasetInfo(ctx: PowerBiContext, item: Item, flags: ScanFlags): Record<string, unknown> {
  const { id, name, configuredBy, createdDate, ContentProviderType } = datasetShape(ctx.world, item);
  const sm = item.semanticModel;
  // The parameters as the model holds them now: their declared type and flags, their current value.
  const expressions = (sm?.model?.parameters ?? []).map((p) => ({
    name: p.name,
    expression: `${formatParameterLiteral(p.type, sm!.parameterValues[p.name] ?? p.value)} meta [IsParameterQuery=true, Type="${p.type}", IsParameterQueryRequired=${p.isRequired}]`,
  }));
  return {
    id, name, ...(configuredBy ? { configuredBy } : {}), createdDate, ContentProviderType, targetStorageMode: 'Abf', isEffectiveIdentityRequired: false,
    ...(flags.datasetExpressions && !ctx.scanGaps.expressions.has(item.id) ? { expressions } : {}),
  };
}
