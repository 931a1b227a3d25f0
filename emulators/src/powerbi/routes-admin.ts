// The admin scanner API (`/v1.0/myorg/admin/workspaces/...`): the list of the organisation's
// workspaces (`modified`), a scan of up to 100 of them (`getInfo`, answered 202 with a scan id),
// its status and its result. Admin APIs act for the whole organisation, so they are called as the
// service principal itself; a profile header is refused. The result is the world as it was when
// the scan was requested (the service scans asynchronously and keeps the result), in the shapes
// the workspace APIs use: workspaces, their users (getArtifactUsers), reports with their
// datasetId, datasets with their M expressions (datasetExpressions), including the parameters'
// current values as `"value" meta [IsParameterQuery=true, ...]`.

import { EmulatorRequestError, type Route } from '../http/index.ts';
import { formatParameterLiteral, type Item, type Workspace } from '../world/index.ts';
import { bodyOf, route, type PowerBiContext, type ScanRecord } from './context.ts';
import type { PowerBiIdentity } from './auth.ts';
import { badRequest } from './errors.ts';
import { datasetShape, groupShape, groupUserShape, iso, reportShape } from './shapes.ts';

/** How long a scan runs when the latency table does not say: [estimate] a few seconds per batch. */
const SCAN_MS = 5_000;
/** `getInfo` takes 1 to 100 workspace ids (the swagger's RequiredWorkspaces). */
const MAX_WORKSPACES = 100;

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
  ];
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
