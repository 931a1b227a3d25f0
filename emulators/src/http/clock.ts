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
  /**
   * From now on the clock runs with the wall clock, onward from the time it shows (never back),
   * and sleeps wait for real: for emulators left serving after the rehearsal that drove them,
   * whose edit locks and rate windows must expire for callers that live on real time.
   */
  followRealTime(): void;
}

/**
 * A clock that runs only when somebody sleeps: `sleep(ms)` registers a timer and, on the next
 * turn of the event loop, time jumps to the earliest due timer and wakes it. Sleeps started
 * together therefore overlap as real ones would, and a whole retry or polling loop finishes at
 * once. `advance` moves time by hand (e.g. to expire a token). `followRealTime` hands it over to
 * the wall clock for good.
 */
export function createVirtualClock(startEpochMs: number = Date.UTC(2025, 0, 1)): VirtualClock {
  let now = startEpochMs;
  const sleeps: number[] = [];
  let timers: { due: number; order: number; resolve: () => void }[] = [];
  let order = 0;
  let flushScheduled = false;
  // Set once the clock follows real time: the time is then `Date.now() + offset`.
  let offset: number | undefined;
  let realTimer: NodeJS.Timeout | undefined;
  const read = () => (offset === undefined ? now : Date.now() + offset);

  const wakeDue = () => {
    const at = read();
    const due = timers.filter((t) => t.due <= at);
    timers = timers.filter((t) => t.due > at);
    for (const t of due) t.resolve();
  };

  /** On real time: one timer for the earliest sleeper, re-armed after each wake. */
  const scheduleRealWake = () => {
    clearTimeout(realTimer);
    realTimer = undefined;
    if (timers.length === 0) return;
    const next = Math.min(...timers.map((t) => t.due));
    realTimer = setTimeout(() => {
      realTimer = undefined;
      wakeDue();
      scheduleRealWake();
    }, Math.max(0, next - read()));
  };

  const scheduleFlush = () => {
    if (offset !== undefined) return scheduleRealWake();
    if (flushScheduled || timers.length === 0) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      if (offset !== undefined) return scheduleRealWake();
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

  return {
    now: read,
    sleeps,
    sleep(ms, signal) {
      sleeps.push(ms);
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const timer = { due: read() + Math.max(0, ms), order: order++, resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        } };
        const onAbort = () => {
          timers = timers.filter((t) => t !== timer);
          if (offset !== undefined) scheduleRealWake();
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
        scheduleFlush();
      });
    },
    advance(ms) {
      if (offset === undefined) now += Math.max(0, ms);
      else offset += Math.max(0, ms);
      wakeDue();
      if (offset !== undefined) scheduleRealWake();
    },
    set(epochMs) {
      if (offset === undefined) now = Math.max(now, epochMs);
      else offset = Math.max(offset, epochMs - Date.now());
      wakeDue();
      if (offset !== undefined) scheduleRealWake();
    },
    followRealTime() {
      if (offset !== undefined) return;
      offset = now - Date.now();
      scheduleRealWake();
    },
  };
}
