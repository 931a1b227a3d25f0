// Datasets (semantic models): list, get, delete, parameters and `Default.UpdateParameters`
// (owner only), datasources, `Default.UpdateDatasources` (which PostgreSQL does not support),
// `Default.TakeOver` (clears credentials), `Default.BindToGateway`, and `executeQueries`
// answered from what the last refresh really loaded.

import { EmulatorRequestError, type Route } from '../http/index.ts';
import { sameActor, type Item } from '../world/index.ts';
import { bodyOf, OK, requireModel, scoped, type PowerBiContext } from './context.ts';
import { evaluateDax } from './dax.ts';
import { badRequest, inPowerBiTerms } from './errors.ts';
import { applyODataQuery } from './odata.ts';
import { datasetShape, datasourceShape, list, odataContext } from './shapes.ts';

/** The connectors `Default.UpdateDatasources` supports (from its documentation). */
const UPDATABLE_DATASOURCE_TYPES = ['Sql', 'AnalysisServices', 'OData', 'SharePointList', 'Teradata', 'SAPHana'];

function queryError(message: string): EmulatorRequestError {
  return new EmulatorRequestError(400, 'DatasetExecuteQueriesError', message);
}

export function datasetRoutes(ctx: PowerBiContext): Route[] {
  const { world } = ctx;
  const owned = (item: Item, fn: () => void) => inPowerBiTerms('Dataset', item.id, fn);
  return [
    ...scoped(ctx, 'datasets.list', 'GET', '/datasets', (req, actor) => {
      const items = req.params.groupId ? inPowerBiTerms('Group', req.params.groupId, () => world.listItems(actor, req.params.groupId, 'SemanticModel')) : [];
      const rows = applyODataQuery(items.map((i) => datasetShape(world, i)), { $filter: req.query.$filter, $top: req.query.$top, $skip: req.query.$skip } as Record<string, string>);
      return { status: 200, body: list(req.origin, req.params.groupId, 'datasets', rows) };
    }),
    ...scoped(ctx, 'datasets.get', 'GET', '/datasets/{datasetId}', (req, actor) => {
      const item = requireModel(ctx, req, actor);
      return { status: 200, body: { '@odata.context': `${odataContext(req.origin, item.workspaceId, 'datasets')}/$entity`, ...datasetShape(world, item) } };
    }),
    ...scoped(ctx, 'datasets.delete', 'DELETE', '/datasets/{datasetId}', (req, actor) => {
      const item = requireModel(ctx, req, actor);
      owned(item, () => world.deleteItem(actor, item.id));
      return OK;
    }),
    ...scoped(ctx, 'datasets.parameters', 'GET', '/datasets/{datasetId}/parameters', (req, actor) => {
      const item = requireModel(ctx, req, actor);
      const value = world.listParameters(actor, item.id).map((p) => ({ name: p.name, type: p.type, currentValue: p.currentValue, isRequired: p.isRequired, suggestedValues: [] }));
      return { status: 200, body: list(req.origin, item.workspaceId, `datasets('${item.id}')/parameters`, value) };
    }),
    ...scoped(ctx, 'datasets.updateParameters', 'POST', '/datasets/{datasetId}/Default.UpdateParameters', (req, actor) => {
      const body = bodyOf<{ updateDetails: { name: string; newValue: string }[] }>(req);
      if (!Array.isArray(body.updateDetails)) throw badRequest('updateDetails is required.');
      const item = requireModel(ctx, req, actor);
      owned(item, () => world.updateParameters(actor, item.id, body.updateDetails!));
      return OK;
    }),
    ...scoped(ctx, 'datasets.datasources', 'GET', '/datasets/{datasetId}/datasources', (req, actor) => {
      const item = requireModel(ctx, req, actor);
      return { status: 200, body: list(req.origin, item.workspaceId, `datasets('${item.id}')/datasources`, world.listDatasources(actor, item.id).map(datasourceShape)) };
    }),
    ...scoped(ctx, 'datasets.updateDatasources', 'POST', '/datasets/{datasetId}/Default.UpdateDatasources', (req, actor) => {
      const body = bodyOf<{ updateDetails: unknown[] }>(req);
      if (!Array.isArray(body.updateDetails) || body.updateDetails.length === 0) throw badRequest('updateDetails is required.');
      const item = requireModel(ctx, req, actor);
      if (!sameActor(item.semanticModel!.owner, actor)) throw new EmulatorRequestError(400, 'InvalidRequest', 'This operation is only supported for the dataset owner');
      const ds = item.semanticModel!.datasource;
      if (!ds) throw badRequest('The dataset has no data source that matches the update details.');
      if (!UPDATABLE_DATASOURCE_TYPES.includes(ds.datasourceType)) {
        throw badRequest(
          `Updating data sources of type ${ds.datasourceType} is not supported. Supported: SQL Server, Azure SQL Server, Azure Analysis Services, Azure Synapse, OData, SharePoint, Teradata and SAP HANA; use UpdateParameters for other sources.`,
        );
      }
      return OK;
    }),
    ...scoped(ctx, 'datasets.takeOver', 'POST', '/datasets/{datasetId}/Default.TakeOver', (req, actor) => {
      const item = requireModel(ctx, req, actor);
      owned(item, () => world.takeOver(actor, item.id));
      return OK;
    }),
    ...scoped(ctx, 'datasets.bindToGateway', 'POST', '/datasets/{datasetId}/Default.BindToGateway', (req, actor) => {
      const body = bodyOf<{ gatewayObjectId: string }>(req);
      if (typeof body.gatewayObjectId !== 'string') throw badRequest('gatewayObjectId is required.');
      const item = requireModel(ctx, req, actor);
      owned(item, () => world.bindToGateway(actor, item.id, body.gatewayObjectId!));
      return OK;
    }),
    ...scoped(ctx, 'datasets.executeQueries', 'POST', '/datasets/{datasetId}/executeQueries', (req, actor) => {
      const body = bodyOf<{ queries: { query?: string }[]; serializerSettings: { includeNulls?: boolean } }>(req);
      if (!Array.isArray(body.queries) || body.queries.length === 0) throw badRequest('queries is required.');
      if (body.queries.length > 1) throw queryError('Only one query per request is supported.');
      const query = body.queries[0]?.query;
      if (typeof query !== 'string' || !query.trim()) throw badRequest('queries[0].query is required.');
      const item = requireModel(ctx, req, actor);
      const sm = item.semanticModel!;
      const result = evaluateDax(query, sm.model?.tables ?? [], sm.data);
      if (!result.ok) throw queryError(result.message);
      const includeNulls = body.serializerSettings?.includeNulls === true;
      const rows = includeNulls ? result.rows : result.rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));
      return { status: 200, body: { results: [{ tables: [{ rows }] }] } };
    }),
  ];
}
