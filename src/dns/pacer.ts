// Client-side pacing per endpoint: GoDaddy allows 60 requests a minute per endpoint and answers
// 429 beyond; waiting our turn is cheaper than collecting 429s. A sliding window of call times
// per endpoint guarantees at most `limit` calls in any `windowMs`, bursts included.

export interface Pacer {
  /** Waits until a call to `endpoint` may start, then counts it. */
  take(endpoint: string, signal?: AbortSignal): Promise<void>;
}

export interface PacerOptions {
  /** Calls allowed per window and endpoint; GoDaddy's limit is 60, we stay under it. */
  limit: number;
  windowMs: number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function createPacer(options: PacerOptions): Pacer {
  const calls = new Map<string, number[]>();
  // Callers of one endpoint queue in order, so concurrent resources are served first come, first served.
  const queues = new Map<string, Promise<void>>();
  return {
    take(endpoint, signal) {
      const turn = (queues.get(endpoint) ?? Promise.resolve()).then(async () => {
        const times = calls.get(endpoint) ?? [];
        calls.set(endpoint, times);
        for (;;) {
          const now = options.now();
          while (times.length && times[0] <= now - options.windowMs) times.shift();
          if (times.length < options.limit) break;
          await options.sleep(times[0] + options.windowMs - now, signal);
        }
        times.push(options.now());
      });
      queues.set(endpoint, turn.catch(() => undefined));
      return turn;
    },
  };
}
