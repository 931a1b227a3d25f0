// Waits a job or run may give up on: the run is cancelled, fail-fast cancels the combination,
// a newer entry pushes it out of its concurrency group.
import type { ConcurrencyMember, ConcurrencyRegistry, ConcurrencySetting } from './concurrency.ts';

/** The promise, unless `signal` aborts first (then its reason is thrown). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Waits for the group; a member given up on while pending leaves the group (and frees it if granted meanwhile). */
export async function joinConcurrencyGroup(registry: ConcurrencyRegistry, setting: ConcurrencySetting, member: ConcurrencyMember, signal: AbortSignal): Promise<() => void> {
  const acquiring = registry.acquire(setting, member);
  acquiring.then((release) => signal.aborted && release(), () => undefined);
  const onAbort = () => registry.withdraw(member, 'cancelled while pending');
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await untilAborted(acquiring, signal);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
