// Time for emulators: every timestamp and every artificial wait goes through a Clock, so tests
// swap in a virtual clock and never wait for real (latency profiles, asynchronous operations,
// token expiry, rate-limit refills).

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` on this clock; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface VirtualClock extends Clock {
  /** Moves time forward (never back) and wakes the sleepers now due. */
  advance(ms: number): void;
  /** Sets the time (forward only). */
  set(epochMs: number): void;
  /** Every sleep duration requested so far, in call order: what a test asserts latency with. */
  readonly sleeps: number[];
}

/**
 * A clock that runs only when somebody sleeps: `sleep(ms)` registers a timer and, on the next
 * turn of the event loop, time jumps to the earliest due timer and wakes it. Sleeps started
 * together therefore overlap as real ones would, and a whole retry or polling loop finishes at
 * once. `advance` moves time by hand (e.g. to expire a token).
 */
export function createVirtualClock(startEpochMs: number = Date.UTC(2025, 0, 1)): VirtualClock {
  let now = startEpochMs;
  const sleeps: number[] = [];
  let timers: { due: number; order: number; resolve: () => void }[] = [];
  let order = 0;
  let flushScheduled = false;

  const scheduleFlush = () => {
    if (flushScheduled || timers.length === 0) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      timers.sort((a, b) => a.due - b.due || a.order - b.order);
      const next = timers.shift();
      if (!next) return;
      now = Math.max(now, next.due);
      // Wake everything due at the same instant together.
      const dueNow = [next, ...timers.filter((t) => t.due <= now)];
      timers = timers.filter((t) => t.due > now);
      for (const t of dueNow) t.resolve();
      scheduleFlush();
    });
  };

  const wakeDue = () => {
    const due = timers.filter((t) => t.due <= now);
    timers = timers.filter((t) => t.due > now);
    for (const t of due) t.resolve();
  };

  return {
    now: () => now,
    sleeps,
    sleep(ms, signal) {
      sleeps.push(ms);
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const timer = { due: now + Math.max(0, ms), order: order++, resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        } };
        const onAbort = () => {
          timers = timers.filter((t) => t !== timer);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
        scheduleFlush();
      });
    },
    advance(ms) {
      now += Math.max(0, ms);
      wakeDue();
    },
    set(epochMs) {
      now = Math.max(now, epochMs);
      wakeDue();
    },
  };
}
