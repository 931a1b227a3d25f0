// Reports: list, get, delete, Clone (one call clones and binds), Rebind, UpdateReportContent
// (keeps the id), pages, and embed tokens (`GenerateToken` for one report and the
// multi-resource `/GenerateToken`): POSTs that change nothing in the world.

import { randomBytes, randomUUID } from 'node:crypto';
import type { Route } from '../http/index.ts';
import type { Actor, Item } from '../world/index.ts';
import { bodyOf, OK, requireGroup, requireReport, route, scoped, type PowerBiContext } from './context.ts';
import { badRequest, inPowerBiTerms } from './errors.ts';
import { applyODataQuery } from './odata.ts';
import { iso, list, odataContext, reportShape } from './shapes.ts';

const DEFAULT_TOKEN_MINUTES = 60;

function embedToken(ctx: PowerBiContext, minutes: number | undefined) {
  const now = ctx.clock.now();
  if (minutes !== undefined && (!Number.isInteger(minutes) || minutes < 1)) throw badRequest('lifetimeInMinutes must be a positive integer.');
  // An opaque token: the sandbox has no embedding client, so only its shape matters.
  const token = `H4sIAAAAAAAEA${randomBytes(48).toString('base64url')}`;
  ctx.issued.push(token);
  return { token, tokenId: randomUUID(), expiration: iso(now + (minutes ?? DEFAULT_TOKEN_MINUTES) * 60_000) };
}

export function reportRoutes(ctx: PowerBiContext): Route[] {
  const { world } = ctx;
  const entity = (origin: string, item: Item) => ({ '@odata.context': `${odataContext(origin, item.workspaceId, 'reports')}/$entity`, ...reportShape(item) });
  return [
    ...scoped(ctx, 'reports.list', 'GET', '/reports', (req, actor) => {
      const items = req.params.groupId ? inPowerBiTerms('Group', req.params.groupId, () => world.listItems(actor, req.params.groupId, 'Report')) : [];
      const rows = applyODataQuery(items.map(reportShape), { $filter: req.query.$filter, $top: req.query.$top, $skip: req.query.$skip } as Record<string, string>);
      return { status: 200, body: list(req.origin, req.params.groupId, 'reports', rows) };
    }),
    ...scoped(ctx, 'reports.get', 'GET', '/reports/{reportId}', (req, actor) => ({ status: 200, body: entity(req.origin, requireReport(ctx, req, actor)) })),
    ...scoped(ctx, 'reports.delete', 'DELETE', '/reports/{reportId}', (req, actor) => {
      const report = requireReport(ctx, req, actor);
      inPowerBiTerms('Report', report.id, () => world.deleteItem(actor, report.id));
      return OK;
    }),
    ...scoped(ctx, 'reports.clone', 'POST', '/reports/{reportId}/Clone', (req, actor) => {
      const body = bodyOf<{ name: string; targetWorkspaceId: string; targetModelId: string }>(req);
      if (typeof body.name !== 'string' || !body.name.trim()) throw badRequest('name is required.');
      const source = requireReport(ctx, req, actor);
      const clone = inPowerBiTerms('Report', source.id, () =>
        world.cloneReport(actor, source.id, { name: body.name!, targetWorkspaceId: body.targetWorkspaceId || undefined, targetModelId: body.targetModelId || undefined }));
      return { status: 200, body: entity(req.origin, clone) };
    }),
    ...scoped(ctx, 'reports.rebind', 'POST', '/reports/{reportId}/Rebind', (req, actor) => {
      const body = bodyOf<{ datasetId: string }>(req);
      if (typeof body.datasetId !== 'string') throw badRequest('datasetId is required.');
      const report = requireReport(ctx, req, actor);
      inPowerBiTerms('Dataset', body.datasetId, () => world.rebindReport(actor, report.id, body.datasetId!));
      return OK;
    }),
    ...scoped(ctx, 'reports.updateContent', 'POST', '/reports/{reportId}/UpdateReportContent', (req, actor) => {
      const body = bodyOf<{ sourceType: string; sourceReport: { sourceReportId?: string; sourceWorkspaceId?: string } }>(req);
      if (body.sourceType !== 'ExistingReport') throw badRequest('sourceType must be ExistingReport.');
      const sourceId = body.sourceReport?.sourceReportId;
      if (typeof sourceId !== 'string') throw badRequest('sourceReport.sourceReportId is required.');
      const report = requireReport(ctx, req, actor);
      const updated = inPowerBiTerms('Report', sourceId, () => {
        const source = world.findItem(actor, sourceId, 'Report');
        if (body.sourceReport?.sourceWorkspaceId && source.workspaceId !== body.sourceReport.sourceWorkspaceId.toLowerCase()) {
          throw badRequest(`Report ${sourceId} is not in workspace ${body.sourceReport.sourceWorkspaceId}.`);
        }
        return world.updateReportContent(actor, report.id, source.id);
      });
      return { status: 200, body: entity(req.origin, updated) };
    }),
    ...scoped(ctx, 'reports.pages', 'GET', '/reports/{reportId}/pages', (req, actor) => {
      const report = requireReport(ctx, req, actor);
      return { status: 200, body: list(req.origin, report.workspaceId, 'pages', report.report?.pages ?? []) };
    }),
    route(ctx, 'reports.generateToken', 'POST', '/v1.0/myorg/groups/{groupId}/reports/{reportId}/GenerateToken', (req, actor) => {
      const body = req.body.length ? bodyOf<{ accessLevel: string; lifetimeInMinutes: number; datasetId: string }>(req) : {};
      if (body.accessLevel && !['View', 'Edit', 'Create'].includes(body.accessLevel)) throw badRequest('accessLevel must be View, Edit or Create.');
      requireReport(ctx, req, actor);
      return { status: 200, body: { '@odata.context': `${odataContext(req.origin, undefined, 'Microsoft.PowerBI.ServiceContracts.Api.V1.EmbedToken')}`, ...embedToken(ctx, body.lifetimeInMinutes) } };
    }),
    route(ctx, 'embedToken.generate', 'POST', '/v1.0/myorg/GenerateToken', (req, actor) => {
      const body = bodyOf<{ datasets: { id?: string }[]; reports: { id?: string }[]; targetWorkspaces: { id?: string }[]; lifetimeInMinutes: number }>(req);
      checkMultiResource(ctx, actor, body);
      return { status: 200, body: { '@odata.context': `${odataContext(req.origin, undefined, 'Microsoft.PowerBI.ServiceContracts.Api.V1.EmbedToken')}`, ...embedToken(ctx, body.lifetimeInMinutes) } };
    }),
  ];
}

/** Every listed resource must be visible; each report's model must be among the datasets. */
function checkMultiResource(ctx: PowerBiContext, actor: Actor, body: { datasets?: { id?: string }[]; reports?: { id?: string }[]; targetWorkspaces?: { id?: string }[] }): void {
  const ids = (xs: { id?: string }[] | undefined, what: string) => (xs ?? []).map((x) => {
    if (typeof x?.id !== 'string') throw badRequest(`Each entry of ${what} needs an id.`);
    return x.id.toLowerCase();
  });
  const datasets = ids(body.datasets, 'datasets');
  const reports = ids(body.reports, 'reports');
  if (datasets.length === 0 && reports.length === 0) throw badRequest('Name at least one dataset or report.');
  for (const id of datasets) inPowerBiTerms('Dataset', id, () => ctx.world.findItem(actor, id, 'SemanticModel'));
  for (const id of reports) {
    const report = inPowerBiTerms('Report', id, () => ctx.world.findItem(actor, id, 'Report'));
    const model = report.report?.datasetId;
    if (model && !datasets.includes(model)) throw badRequest(`Report ${id} uses dataset ${model}, which is not in the datasets of the request.`);
  }
  for (const id of ids(body.targetWorkspaces, 'targetWorkspaces')) requireGroup(ctx, actor, id);
}
