// Fabric's long-running operations, as the recorded trace shows them: a 202 with `Location` (the
// operation URL, possibly on a regional host), `x-ms-operation-id` and `Retry-After`; the
// operation moves NotStarted → Running → Succeeded | Failed; a Succeeded state carries a
// `Location` to `/result` only when the operation has a result. One loop, as fabric-cicd has:
// follow Location, honour Retry-After, cap the total time.
import { RemoteApiError } from '../errors/index.ts';
import type { HttpClient, HttpResponse } from '../http/index.ts';
import { parseRetryAfter } from '../http/index.ts';

export interface LroOptions {
  /** Gives up (throws OperationTimeoutError) once this much time has passed; default 10 minutes. */
  timeoutMs?: number;
  /** Wait between polls when the service sends no Retry-After; default 5 s. */
  defaultPollMs?: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Names the operation in errors, e.g. `create semantic model tenant-acme-model`. */
  what: string;
  resource?: string;
  /** Tenant and step, for errors. */
  tenant?: string;
  step?: string;
  /** Called with the operation id as soon as it is known (journal it, log it). */
  onStarted?: (operationId: string) => void;
}

export interface OperationState {
  status: 'NotStarted' | 'Running' | 'Succeeded' | 'Failed' | 'Undefined' | string;
  createdTimeUtc?: string;
  lastUpdatedTimeUtc?: string;
  percentComplete?: number | null;
  error?: { errorCode?: string; message?: string } | null;
}

/** The operation did not finish in time. It may still finish: callers re-discover, never retry blindly. */
export class OperationTimeoutError extends RemoteApiError {
  override name = 'OperationTimeoutError';
  readonly operationId?: string;
  constructor(service: string, what: string, operationId: string | undefined, waitedMs: number, where: { resource?: string; tenant?: string; step?: string } = {}) {
    super(
      { service, call: `poll operation ${operationId ?? '(no id)'}`, code: 'OperationTimedOut', ...where },
      `${what} did not finish within ${Math.round(waitedMs / 1000)} s; the next run re-discovers what it left`,
    );
    this.operationId = operationId;
  }
}

/**
 * Resolves the answer of a call that may be long-running: a 200/201 body as is; for a 202, polls
 * the operation and returns its result (or undefined when it has none). Throws RemoteApiError
 * when the operation fails, OperationTimeoutError past the timeout.
 */
export async function awaitOperation<T>(http: HttpClient, first: HttpResponse<unknown>, options: LroOptions): Promise<T | undefined> {
  if (first.status !== 202) return first.body as T;
  const where = { resource: options.resource, tenant: options.tenant, step: options.step };
  const operationId = first.headers['x-ms-operation-id'];
  const location = first.headers.location ?? (operationId ? `/v1/operations/${operationId}` : undefined);
  if (!location) {
    throw new RemoteApiError({ service: http.service, call: options.what, status: 202, requestId: first.requestId, ...where }, 'a 202 without Location or x-ms-operation-id cannot be followed');
  }
  if (operationId) options.onStarted?.(operationId);
  const started = options.now();
  const deadline = started + (options.timeoutMs ?? 600_000);
  let wait = pollDelay(first, options);
  for (;;) {
    // Never sleep past the deadline, and give up only when a poll made after it still says running.
    const late = options.now() >= deadline;
    await options.sleep(Math.max(0, Math.min(wait, deadline - options.now())));
    const poll = await http.request<OperationState>('GET', location, { call: '/v1/operations/{operationId}', resource: options.resource });
    const state = poll.body ?? { status: 'Undefined' };
    if (state.status === 'Succeeded') {
      const result = poll.headers.location;
      // Only a Location that differs from the operation itself points at a result.
      if (!result || sameUrl(result, location)) return undefined;
      return (await http.request<T>('GET', result, { call: '/v1/operations/{operationId}/result', resource: options.resource })).body;
    }
    if (state.status === 'Failed' || state.status === 'Undefined') {
      throw new RemoteApiError(
        { service: http.service, call: `${options.what} (operation ${operationId ?? location})`, status: 200, code: state.error?.errorCode ?? `Operation${state.status}`, requestId: poll.requestId, ...where },
        state.error?.message ?? `the operation ended ${state.status}`,
      );
    }
    if (late) throw new OperationTimeoutError(http.service, options.what, operationId, options.now() - started, where);
    wait = pollDelay(poll, options);
  }
}

function pollDelay(res: HttpResponse<unknown>, options: LroOptions): number {
  return parseRetryAfter(res.headers['retry-after'], options.now()) ?? options.defaultPollMs ?? 5_000;
}

function sameUrl(a: string, b: string): boolean {
  const path = (u: string) => {
    try {
      return new URL(u, 'https://x').pathname.replace(/\/+$/, '').toLowerCase();
    } catch {
      return u;
    }
  };
  return path(a) === path(b);
}
