// `/v1/workspaces/{workspaceId}/items/...` (platform spec, Items_*) and the typed collections
// (`/semanticModels`, `/reports`, `/lakehouses`, `/warehouses`, and the typed reads the trace
// makes of other types), all on the shared item calls of items-core.ts.

import type { EmulatorRequest, Route } from '../http/index.ts';
import { readBody, type FabricContext } from './context.ts';
import { withErrors } from './errors.ts';
import { TYPED_COLLECTIONS } from './item-types.ts';
import {
  createItemCall, deleteItemCall, getDefinitionCall, getItemCall, listItemsCall, updateDefinitionCall, updateItemCall,
} from './items-core.ts';

const ws = (req: EmulatorRequest) => req.params.workspaceId;

export function itemRoutes(ctx: FabricContext): Route[] {
  const base = '/v1/workspaces/{workspaceId}/items';
  return [
    { name: 'items.list', method: 'GET', path: base, handler: withErrors((req) => listItemsCall(ctx, req, ws(req), req.query.type, false)) },
    { name: 'items.create', method: 'POST', path: base, handler: withErrors((req) => createItemCall(ctx, req, ws(req), readBody(req))) },
    { name: 'items.get', method: 'GET', path: `${base}/{itemId}`, handler: withErrors((req) => getItemCall(ctx, req, ws(req), req.params.itemId, undefined, false)) },
    {
      name: 'items.update', method: 'PATCH', path: `${base}/{itemId}`,
      handler: withErrors((req) => updateItemCall(ctx, req, ws(req), req.params.itemId, readBody(req), undefined, false)),
    },
    { name: 'items.delete', method: 'DELETE', path: `${base}/{itemId}`, handler: withErrors((req) => deleteItemCall(ctx, req, ws(req), req.params.itemId)) },
    {
      name: 'items.getDefinition', method: 'POST', path: `${base}/{itemId}/getDefinition`,
      handler: withErrors((req) => getDefinitionCall(ctx, req, ws(req), req.params.itemId)),
    },
    {
      name: 'items.updateDefinition', method: 'POST', path: `${base}/{itemId}/updateDefinition`,
      handler: withErrors((req) => updateDefinitionCall(ctx, req, ws(req), req.params.itemId, readBody(req))),
    },
  ];
}

export function typedRoutes(ctx: FabricContext): Route[] {
  const routes: Route[] = [];
  for (const c of TYPED_COLLECTIONS) {
    const base = `/v1/workspaces/{workspaceId}/${c.segment}`;
    const one = `${base}/{itemId}`;
    const has = (op: (typeof c.operations)[number]) => c.operations.includes(op);
    if (has('list')) routes.push({ name: `${c.segment}.list`, method: 'GET', path: base, handler: withErrors((req) => listItemsCall(ctx, req, ws(req), c.type, true)) });
    if (has('create')) {
      routes.push({ name: `${c.segment}.create`, method: 'POST', path: base, handler: withErrors((req) => createItemCall(ctx, req, ws(req), readBody(req), c.type)) });
    }
    if (has('get')) routes.push({ name: `${c.segment}.get`, method: 'GET', path: one, handler: withErrors((req) => getItemCall(ctx, req, ws(req), req.params.itemId, c.type, true)) });
    if (has('update')) {
      routes.push({
        name: `${c.segment}.update`, method: 'PATCH', path: one,
        handler: withErrors((req) => updateItemCall(ctx, req, ws(req), req.params.itemId, readBody(req), c.type, true)),
      });
    }
    if (has('delete')) routes.push({ name: `${c.segment}.delete`, method: 'DELETE', path: one, handler: withErrors((req) => deleteItemCall(ctx, req, ws(req), req.params.itemId, c.type)) });
    if (has('getDefinition')) {
      routes.push({
        name: `${c.segment}.getDefinition`, method: 'POST', path: `${one}/getDefinition`,
        handler: withErrors((req) => getDefinitionCall(ctx, req, ws(req), req.params.itemId, c.type)),
      });
    }
    if (has('updateDefinition')) {
      routes.push({
        name: `${c.segment}.updateDefinition`, method: 'POST', path: `${one}/updateDefinition`,
        handler: withErrors((req) => updateDefinitionCall(ctx, req, ws(req), req.params.itemId, readBody(req), c.type, c.type === 'Lakehouse')),
      });
    }
  }
  return routes;
}
