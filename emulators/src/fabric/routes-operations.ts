// `GET /v1/operations/{id}` and `GET /v1/operations/{id}/result`: the caller polls an operation
// it started (operations.ts) until it ends, then fetches its result when one exists. Another
// caller's operation is not found, as the service answers.

import type { EmulatorRequest, Route } from '../http/index.ts';
import { callerKey } from './auth.ts';
import { serviceTime, type FabricContext } from './context.ts';
import { FabricError, notFound, withErrors } from './errors.ts';
import { operationUrl, statusOf, type Operation } from './operations.ts';

function visibleOperation(ctx: FabricContext, req: EmulatorRequest): Operation {
  const op = ctx.ops.get(req.params.operationId);
  if (!op || op.caller !== callerKey(req)) throw notFound.operation(req.params.operationId);
  return op;
}

export function operationRoutes(ctx: FabricContext): Route[] {
  return [
    {
      name: 'operations.get',
      method: 'GET',
      path: '/v1/operations/{operationId}',
      handler: withErrors((req) => {
        const op = visibleOperation(ctx, req);
        const now = req.clock.now();
        const status = statusOf(op, now);
        const terminal = status === 'Succeeded' || status === 'Failed';
        const headers: Record<string, string> = { 'x-ms-operation-id': op.id };
        if (!terminal) {
          headers.Location = operationUrl(req, op);
          headers['Retry-After'] = String(op.retryAfterSeconds);
        } else if (op.outcome.kind === 'succeeded' && op.outcome.result !== undefined) {
          headers.Location = `${operationUrl(req, op)}/result`;
        }
        const endedAt = op.createdAt + op.notStartedMs + op.runMs;
        return {
          status: 200,
          headers,
          body: {
            status,
            createdTimeUtc: serviceTime(op.createdAt),
            lastUpdatedTimeUtc: serviceTime(terminal ? endedAt : op.createdAt),
            percentComplete: status === 'Succeeded' ? 100 : null,
            error: status === 'Failed' && op.outcome.kind === 'failed' ? { errorCode: op.outcome.errorCode, message: op.outcome.message } : null,
          },
        };
      }),
    },
    {
      name: 'operations.result',
      method: 'GET',
      path: '/v1/operations/{operationId}/result',
      handler: withErrors((req) => {
        const op = visibleOperation(ctx, req);
        const status = statusOf(op, req.clock.now());
        // The spec documents only `UnknownError` for this call; the message says which case it is.
        if (status !== 'Succeeded') throw new FabricError(400, 'UnknownError', `Operation ${op.id} is ${status}; a result exists only once it has Succeeded.`);
        if (op.outcome.kind !== 'succeeded' || op.outcome.result === undefined) {
          throw new FabricError(400, 'UnknownError', `Operation ${op.id} has no result.`);
        }
        return { status: 200, body: op.outcome.result };
      }),
    },
  ];
}
