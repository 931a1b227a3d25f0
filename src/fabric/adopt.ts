// A create whose answer was lost (a 500 after the work was done, a reset connection, an
// operation that outlived our patience, a name conflict with our own earlier attempt) may still
// have created the thing. Looking before trying again is what keeps re-runs from duplicating
// objects whose names Power BI does not keep unique.
import { RemoteApiError } from '../errors/index.ts';

/** Runs `create`; when it fails in a way that may hide a success, returns what `rediscover` finds. */
export async function createOrRediscover<T>(create: () => Promise<T>, rediscover: () => Promise<T | undefined>): Promise<T> {
  try {
    return await create();
  } catch (err) {
    if (!mayHaveSucceeded(err)) throw err;
    const found = await rediscover();
    if (found === undefined) throw err;
    return found;
  }
}

export function mayHaveSucceeded(err: unknown): boolean {
  if (!(err instanceof RemoteApiError)) return false;
  const { status, code } = err.details;
  // No answer, a server error, a timeout, or "that name is taken" (by an earlier attempt of ours).
  return status === undefined || status >= 500 || code === 'OperationTimedOut' || status === 409 ||
    /AlreadyInUse|NameInUse|AlreadyExists|NotAvailableYet/i.test(code ?? '');
}
