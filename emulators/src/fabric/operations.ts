// Fabric's long-running operations: a call that cannot finish in time answers 202 with
// `Location` (the operation's URL on the caller's own origin), `x-ms-operation-id` and
// `Retry-After`; `GET /v1/operations/{id}` moves NotStarted → Running → Succeeded | Failed as
// time passes on the emulator clock; `GET .../result` answers only once a result exists.
// Shapes from the trace: a Running state is `{status, createdTimeUtc, lastUpdatedTimeUtc (=
// created), percentComplete: null, error: null}` with Location = itself and Retry-After (#525);
// Succeeded has percentComplete 100, Location = the result URL and no Retry-After (#610); a 202's
// body is JSON `null` (#440). Documented at
// https://learn.microsoft.com/en-us/rest/api/fabric/articles/long-running-operation.

import { randomUUID } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse } from '../http/index.ts';
import { callerKey } from './auth.ts';

export type OperationStatus = 'NotStarted' | 'Running' | 'Succeeded' | 'Failed';

export interface Operation {
  id: string;
  /** Who started it: only they can read it. */
  caller: string;
  /** What it does, for the admin dump (`create SemanticModel "Sales"`). */
  label: string;
  itemType?: string;
  createdAt: number;
  notStartedMs: number;
  runMs: number;
  /** Seconds a poller is asked to wait while it runs. */
  retryAfterSeconds: number;
  outcome: { kind: 'succeeded'; result?: unknown } | { kind: 'failed'; errorCode: string; message: string };
}

export interface StartOperation {
  label: string;
  itemType?: string;
  /** Realistic run time (the latency profile scales it; `instant` makes it 0). */
  run: { name: string; realisticMs: number };
  retryAfter?: { name: string; realisticMs: number };
  /** The result `GET .../result` returns once Succeeded; none for operations without one. */
  result?: unknown;
  failure?: { errorCode: string; message: string };
}

export interface OperationStore {
  start(req: EmulatorRequest, input: StartOperation): Operation;
  get(id: string): Operation | undefined;
  list(): Operation[];
}

export function createOperationStore(): OperationStore {
  const ops = new Map<string, Operation>();
  return {
    start(req, input) {
      const op: Operation = {
        id: randomUUID(),
        caller: callerKey(req),
        label: input.label,
        itemType: input.itemType,
        createdAt: req.clock.now(),
        notStartedMs: req.durationOf('operations.notStarted', 0),
        runMs: req.durationOf(input.run.name, input.run.realisticMs),
        retryAfterSeconds: Math.ceil(req.durationOf(input.retryAfter?.name ?? 'lro.retryAfter', input.retryAfter?.realisticMs ?? 20_000) / 1000),
        outcome: input.failure ? { kind: 'failed', ...input.failure } : { kind: 'succeeded', result: input.result },
      };
      ops.set(op.id, op);
      return op;
    },
    get: (id) => ops.get(id.toLowerCase()),
    list: () => [...ops.values()],
  };
}

export function statusOf(op: Operation, now: number): OperationStatus {
  const elapsed = now - op.createdAt;
  if (elapsed < op.notStartedMs) return 'NotStarted';
  if (elapsed < op.notStartedMs + op.runMs) return 'Running';
  return op.outcome.kind === 'succeeded' ? 'Succeeded' : 'Failed';
}

export const operationUrl = (req: EmulatorRequest, op: Operation) => `${req.origin}/v1/operations/${op.id}`;

/** The 202 that hands an operation to the caller. */
export function renderAccepted(req: EmulatorRequest, op: Operation): EmulatorResponse {
  return {
    status: 202,
    headers: {
      Location: operationUrl(req, op),
      'x-ms-operation-id': op.id,
      'Retry-After': String(op.retryAfterSeconds),
      'Content-Type': 'application/json; charset=utf-8',
    },
    body: 'null',
  };
}
