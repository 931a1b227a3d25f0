// The benches' virtual clock: shared by the emulators and our client's sleeps, it moves to the
// next due timer only when the process is really waiting on it, so a latency profile's seconds are
// spent as a real run would spend them while the run itself takes seconds of real time.
import { performance } from 'node:perf_hooks';
import type { Clock } from '@tenantops/emulators';
import { type InFlight, trackInFlight } from './clock-in-flight.ts';

export interface SettlingClockOptions {
  /** Real ms without any tracked activity before the clock may move; default 2. */
  idleMs?: number;
  /**
   * Real ms without any tracked activity after which the clock moves even though work looks under
   * way (a call nobody answers, a counter that missed an end): nothing can hang. Default 1,000: a
   * query can run for hundreds of ms on a loaded machine (one did in 5,488 steps of fleet-onboard-50
   * at load 7.4 with 250), and moving then would charge the run for it.
   */
  fallbackMs?: number;
  /** `quiet`: the former rule, kept to compare against: move after `quietMs` (20) real ms without a new sleep. */
  rule?: 'in-flight' | 'quiet';
  quietMs?: number;
}

export interface SettlingStats {
  /** Times the clock moved. */
  steps: number;
  /** Of those, moves made by the fallback while work still looked under way, by the reason it looked busy. */
  fallbacks: Record<string, number>;
}

export type SettlingClock = Clock & { advance(ms: number): void; stats(): SettlingStats };

interface Timer {
  due: number;
  order: number;
  resolve: () => void;
}

/**
 * A virtual clock that advances only when no real work is in flight. The rule: the clock may move
 * to the next due timer when
 *   - no SQL query or connect is under way (the registry, migrations, the emulator's refresh loads),
 *   - every emulator request is asleep on this clock (its latency, an operation's duration) and
 *     has not begun to answer,
 *   - every HTTP call of ours is matched by such a sleeping request (none is connecting, sending,
 *     or answered but not yet read),
 *   - no file read, DNS lookup or TCP connect is pending, and
 *   - nothing of the above started or ended, and no sleep was asked for, for `idleMs` real ms and
 *     one more turn of the event loop (so answers already on a socket are read first).
 * Real work between two timers therefore happens at the virtual instant it started, as it would
 * next to second-long service latencies, however slow the machine is; a clock that moved while a
 * query or a request was still under way would charge the run for the machine's load. The
 * fallback (`fallbackMs` of no activity at all) keeps anything untracked from hanging the run.
 */
export function createSettlingClock(startMs: number, options: SettlingClockOptions = {}): SettlingClock {
  const rule = options.rule ?? (process.env.TENANTOPS_BENCH_CLOCK === 'quiet' ? 'quiet' : 'in-flight');
  const idleMs = options.idleMs ?? 2;
  const fallbackMs = options.fallbackMs ?? 1000;
  const inFlight: InFlight | undefined = rule === 'in-flight' ? trackInFlight() : undefined;
  const stats: SettlingStats = { steps: 0, fallbacks: {} };
  let now = startMs;
  let order = 0;
  let timers: Timer[] = [];
  let armed: NodeJS.Timeout | undefined;
  let seen = -1;
  let quietSince = performance.now();

  const step = () => {
    timers.sort((a, b) => a.due - b.due || a.order - b.order);
    now = Math.max(now, timers[0].due);
    const due = timers.filter((t) => t.due <= now);
    timers = timers.filter((t) => t.due > now);
    stats.steps++;
    for (const t of due) t.resolve();
    arm();
  };

  // Watches for a moment when the process waits only on this clock; polls every `idleMs` while timers are due.
  const check = () => {
    armed = undefined;
    if (!timers.length) return;
    const activity = inFlight!.activity();
    if (activity !== seen) {
      seen = activity;
      quietSince = performance.now();
      return arm();
    }
    const busy = inFlight!.busy();
    if (busy === undefined) {
      // One more turn of the loop: I/O already arrived is read before the clock moves.
      setImmediate(() => (inFlight!.activity() === seen && inFlight!.busy() === undefined ? step() : arm()));
      return;
    }
    if (performance.now() - quietSince >= fallbackMs) {
      const reason = busy.replace(/^\d+ /, '');
      stats.fallbacks[reason] = (stats.fallbacks[reason] ?? 0) + 1;
      return step();
    }
    arm();
  };

  function arm() {
    if (!timers.length) return;
    if (rule === 'quiet') {
      // The former rule: every new sleep restarts the quiet period.
      if (armed) clearTimeout(armed);
      armed = setTimeout(() => {
        armed = undefined;
        step();
      }, options.quietMs ?? 20);
      return;
    }
    armed ??= setTimeout(check, idleMs);
  }

  if (process.env.TENANTOPS_BENCH_CLOCK_STATS) process.once('exit', () => console.error(`settling clock (${rule}): ${JSON.stringify(stats)}`));

  return {
    now: () => now,
    sleep(ms, signal) {
      const done = new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer: Timer = { due: now + Math.max(0, ms), order: order++, resolve };
        timers.push(timer);
        signal?.addEventListener('abort', () => {
          timers = timers.filter((t) => t !== timer);
          reject(signal.reason);
        }, { once: true });
      });
      inFlight?.sleeping(done);
      arm();
      return done;
    },
    advance(ms) {
      now += ms;
    },
    stats: () => structuredClone(stats),
  };
}
