// Runs keyed tasks with dependencies under a concurrency bound: a task starts only when every task
// it waits for has succeeded; a failure skips everything downstream of it and nothing else, and
// every failure is gathered (fabric-cicd's parallel publish), never just the first.

export interface ScheduledTask {
  key: string;
  /** Keys of tasks in the same run that must succeed first; other keys are ignored. */
  waitsFor: readonly string[];
}

export interface ScheduleOutcome {
  /** In the order tasks finished. */
  succeeded: string[];
  failed: { key: string; error: Error }[];
  /** Never started: downstream of a failure, or `canStart` said no. */
  skipped: string[];
}

export interface ScheduleOptions {
  /** Tasks in flight at once; default 4. */
  concurrency?: number;
  /** Asked before each start; false skips the task (e.g. the run was cancelled). */
  canStart?: () => boolean;
}

/**
 * Runs `run(key)` for every task. Among ready tasks the one listed first starts first, so a
 * plan's order is kept wherever dependencies allow.
 */
export function runScheduled(
  tasks: readonly ScheduledTask[],
  run: (key: string) => Promise<void>,
  options: ScheduleOptions = {},
): Promise<ScheduleOutcome> {
  const limit = Math.max(1, options.concurrency ?? 4);
  const position = new Map(tasks.map((t, i) => [t.key, i]));
  const pending = new Map<string, number>();
  const downstream = new Map<string, string[]>(tasks.map((t) => [t.key, []]));
  for (const t of tasks) {
    const deps = [...new Set(t.waitsFor)].filter((k) => position.has(k) && k !== t.key);
    pending.set(t.key, deps.length);
    for (const d of deps) downstream.get(d)!.push(t.key);
  }
  const outcome: ScheduleOutcome = { succeeded: [], failed: [], skipped: [] };
  const settled = new Set<string>();
  const ready = tasks.filter((t) => pending.get(t.key) === 0).map((t) => t.key);
  let running = 0;

  return new Promise((resolve) => {
    const skipDownstream = (key: string) => {
      for (const next of downstream.get(key)!) {
        if (settled.has(next)) continue;
        settled.add(next);
        outcome.skipped.push(next);
        skipDownstream(next);
      }
    };
    const finish = (key: string, error?: Error) => {
      running--;
      settled.add(key);
      if (error) {
        outcome.failed.push({ key, error });
        skipDownstream(key);
      } else {
        outcome.succeeded.push(key);
        for (const next of downstream.get(key)!) {
          const left = pending.get(next)! - 1;
          pending.set(next, left);
          if (left === 0 && !settled.has(next)) insertByPosition(ready, next, position);
        }
      }
      pump();
    };
    const pump = () => {
      while (running < limit && ready.length > 0) {
        const key = ready.shift()!;
        if (options.canStart && !options.canStart()) {
          settled.add(key);
          outcome.skipped.push(key);
          skipDownstream(key);
          continue;
        }
        running++;
        // Started on a fresh microtask so a task that throws synchronously is still a failure.
        Promise.resolve()
          .then(() => run(key))
          .then(
            () => finish(key),
            (err: unknown) => finish(key, asError(err)),
          );
      }
      if (running === 0 && ready.length === 0) {
        // Anything still unsettled waited on something that never ran (only possible if the
        // caller passed a cycle): report it as skipped rather than hang.
        for (const t of tasks) {
          if (!settled.has(t.key)) {
            settled.add(t.key);
            outcome.skipped.push(t.key);
          }
        }
        resolve(outcome);
      }
    };
    pump();
  });
}

export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function insertByPosition(ready: string[], key: string, position: Map<string, number>): void {
  const p = position.get(key)!;
  let i = ready.length;
  while (i > 0 && position.get(ready[i - 1])! > p) i--;
  ready.splice(i, 0, key);
}
