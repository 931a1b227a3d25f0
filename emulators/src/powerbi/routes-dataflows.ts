// Gen1 dataflows: list, refresh (a transaction that runs for the profile's duration, then
// succeeds), transactions (newest first) and cancel. Dataflows are world items of type
// `Dataflow` (made by importing a `model.json`, or seeded by the sandbox).

import { randomUUID } from 'node:crypto';
import type { Route } from '../http/index.ts';
import type { DataflowTransaction, Item } from '../world/index.ts';
import { OK, requireDataflow, requireGroup, route, type PowerBiContext } from './context.ts';
import { badRequest, inPowerBiTerms } from './errors.ts';
import { iso, list } from './shapes.ts';

/** Realistic Gen1 dataflow refresh time when the latency table does not say (see latency.ts). */
const DATAFLOW_REFRESH_MS = 60_000;

/** Transactions finish by time: an `InProgress` one whose planned end has passed has succeeded. */
function settle(item: Item, now: number): DataflowTransaction[] {
  const state = (item.dataflow ??= { transactions: [] });
  for (const t of state.transactions) if (t.status === 'InProgress' && t.endTime !== undefined && t.endTime <= now) t.status = 'Success';
  return state.transactions;
}

export function dataflowRoutes(ctx: PowerBiContext): Route[] {
  const { world, clock } = ctx;
  return [
    route(ctx, 'dataflows.list', 'GET', '/v1.0/myorg/groups/{groupId}/dataflows', (req, actor) => {
      const ws = requireGroup(ctx, actor, req.params.groupId);
      const items = inPowerBiTerms('Group', ws.id, () => world.listItems(actor, ws.id, 'Dataflow'));
      return {
        status: 200,
        body: list(req.origin, ws.id, 'dataflows', items.map((i) => ({ objectId: i.id, name: i.displayName, description: i.description, configuredBy: world.actorName(i.creator), users: [] }))),
      };
    }),
    route(ctx, 'dataflows.refresh', 'POST', '/v1.0/myorg/groups/{groupId}/dataflows/{dataflowId}/refreshes', (req, actor) => {
      const body = req.body.length ? req.json<{ notifyOption?: string }>() : {};
      if (!body?.notifyOption) throw badRequest('notifyOption is required.');
      const item = requireDataflow(ctx, req, actor);
      inPowerBiTerms('Dataflow', item.id, () => world.getItem(actor, item.id));
      const transactions = settle(item, clock.now());
      if (transactions.some((t) => t.status === 'InProgress')) throw badRequest('A refresh of this dataflow is already in progress.');
      const start = clock.now();
      transactions.push({ id: randomUUID(), refreshType: 'ViaApi', startTime: start, endTime: start + req.durationOf('dataflow.refresh', DATAFLOW_REFRESH_MS), status: 'InProgress' });
      return OK;
    }),
    route(ctx, 'dataflows.transactions', 'GET', '/v1.0/myorg/groups/{groupId}/dataflows/{dataflowId}/transactions', (req, actor) => {
      const item = requireDataflow(ctx, req, actor);
      const now = clock.now();
      const rows = [...settle(item, now)].reverse().map((t) => ({
        id: t.id, refreshType: t.refreshType, startTime: iso(t.startTime),
        ...(t.status === 'InProgress' ? {} : { endTime: iso(t.endTime) }), status: t.status,
      }));
      return { status: 200, body: list(req.origin, item.workspaceId, 'transactions', rows) };
    }),
    route(ctx, 'dataflows.cancelTransaction', 'POST', '/v1.0/myorg/groups/{groupId}/dataflows/transactions/{transactionId}/cancel', (req, actor) => {
      const ws = requireGroup(ctx, actor, req.params.groupId);
      const now = clock.now();
      for (const item of world.listItems(actor, ws.id, 'Dataflow')) {
        const t = settle(item, now).find((x) => x.id === req.params.transactionId.toLowerCase());
        if (!t) continue;
        if (t.status !== 'InProgress') throw badRequest('The transaction is not in progress.');
        t.status = 'Cancelled';
        t.endTime = now;
        return { status: 200, body: { transactionId: t.id, status: 'Cancelled' } };
      }
      throw badRequest(`Transaction ${req.params.transactionId} was not found.`);
    }),
  ];
}
