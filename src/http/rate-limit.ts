// A per-identity token bucket: Fabric and Power BI quotas count calls per caller, so every client
// of one identity shares one bucket and waits for a token instead of collecting 429s.

export interface TokenBucket {
  /** Waits (through `sleep`) until a call may start. */
  take(signal?: AbortSignal): Promise<void>;
}

export interface TokenBucketOptions {
  /** Calls per second on average. */
  ratePerSecond: number;
  /** Calls allowed in a burst; default = ratePerSecond. */
  burst?: number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const capacity = options.burst ?? Math.max(1, options.ratePerSecond);
  let tokens = capacity;
  let updated = options.now();
  // Callers queue in order, so a burst of waiters is served first come, first served.
  let queue: Promise<void> = Promise.resolve();
  const refill = () => {
    const now = options.now();
    tokens = Math.min(capacity, tokens + ((now - updated) / 1000) * options.ratePerSecond);
    updated = now;
  };
  return {
    take(signal) {
      const turn = queue.then(async () => {
        refill();
        while (tokens < 1) {
          await options.sleep(Math.ceil(((1 - tokens) / options.ratePerSecond) * 1000), signal);
          refill();
        }
        tokens -= 1;
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

/** Buckets by identity key, so clients built for one identity share them. */
export class RateLimiterRegistry {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #make: (key: string) => TokenBucket;
  constructor(make: (key: string) => TokenBucket) {
    this.#make = make;
  }
  for(key: string): TokenBucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) this.#buckets.set(key, (bucket = this.#make(key)));
    return bucket;
  }
}
