// Client-side budgets, the one pacing mechanism every service goes through: waiting our turn is
// cheaper than collecting 429s. A limiter keeps one budget per key — an identity (Fabric and Power
// BI count calls per caller: a token bucket) or an endpoint (GoDaddy allows 60 requests a minute
// per endpoint: a sliding window) — and serves the callers of one key first come, first served.
// An identity's budget belongs to the identity, not to one process: given a shared store (the
// registry's rate_budgets), a token bucket is kept there, so parallel runs calling as one principal
// stay inside its budget together.

/** How many calls one key may start. Every key of a limiter gets the same budget. */
export type Budget =
  /** A token bucket: `perSecond` calls on average, bursts of up to `burst` (default perSecond, at least 1). */
  | { perSecond: number; burst?: number }
  /** At most `limit` calls starting in any `windowMs`, bursts included. */
  | { limit: number; windowMs: number };

export interface RateLimiter {
  /** Waits (through `sleep`) until a call under `key` may start, then counts it. */
  take(key: string, signal?: AbortSignal): Promise<void>;
}

export interface RateLimiterOptions {
  budget: Budget;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Where token buckets live when processes share them; default this process's memory. Only token
   * bucket budgets are shared (a sliding window needs every start time, not one row).
   */
  store?: RateBudgetStore;
}

/**
 * Token buckets kept outside the process. `reserve` takes the key's next token atomically, refilling
 * for the time since the last take as of `now()` (the caller's clock, read once the store is ready
 * to take, so a slow first connection does not date the token early), and answers when the caller's
 * call may start on that clock. The bucket may go into debt, so concurrent callers everywhere queue
 * in the order they reserved.
 */
export interface RateBudgetStore {
  reserve(key: string, bucket: { perSecond: number; capacity: number }, now: () => number): Promise<number>;
}

/** One key's budget: how long until a call may start (0: now), and counting one that does. */
interface Meter {
  delay(now: number): number;
  count(now: number): void;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { budget, store } = options;
  if (store && 'perSecond' in budget) {
    const bucket = { perSecond: budget.perSecond, capacity: budget.burst ?? Math.max(1, budget.perSecond) };
    return {
      async take(key, signal) {
        const startAt = await store.reserve(key, bucket, options.now);
        const wait = startAt - options.now();
        if (wait > 0) await options.sleep(wait, signal);
      },
    };
  }
  const meters = new Map<string, Meter>();
  const queues = new Map<string, Promise<void>>();
  return {
    take(key, signal) {
      let meter = meters.get(key);
      if (!meter) meters.set(key, (meter = createMeter(options.budget, options.now())));
      const m = meter;
      const turn = (queues.get(key) ?? Promise.resolve()).then(async () => {
        for (let wait = m.delay(options.now()); wait > 0; wait = m.delay(options.now())) await options.sleep(wait, signal);
        m.count(options.now());
      });
      // A caller that gave up (aborted) must not hold up the ones queued behind it.
      queues.set(key, turn.catch(() => undefined));
      return turn;
    },
  };
}

function createMeter(budget: Budget, now: number): Meter {
  return 'perSecond' in budget ? tokenBucket(budget.perSecond, budget.burst ?? Math.max(1, budget.perSecond), now) : slidingWindow(budget.limit, budget.windowMs);
}

function tokenBucket(perSecond: number, capacity: number, start: number): Meter {
  let tokens = capacity;
  let updated = start;
  const refill = (now: number) => {
    tokens = Math.min(capacity, tokens + ((now - updated) / 1000) * perSecond);
    updated = now;
  };
  return {
    delay(now) {
      refill(now);
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / perSecond) * 1000);
    },
    count(now) {
      refill(now);
      tokens -= 1;
    },
  };
}

function slidingWindow(limit: number, windowMs: number): Meter {
  // Start times of the calls inside the current window, oldest first.
  const starts: number[] = [];
  return {
    delay(now) {
      while (starts.length && starts[0] <= now - windowMs) starts.shift();
      return starts.length < limit ? 0 : starts[0] + windowMs - now;
    },
    count(now) {
      starts.push(now);
    },
  };
}
