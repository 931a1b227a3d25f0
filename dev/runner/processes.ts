// Child processes of steps: one process group per step so a timeout or a cancellation kills
// everything the script started, output delivered line by line from stdout and stderr alike
// (the runner reads workflow commands from both).
import { spawn } from 'node:child_process';

export interface ProcessOptions {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Kill after this long (timeout-minutes). */
  timeoutMs?: number;
  /** Aborted when the run or job is cancelled. */
  signal: AbortSignal;
  onLine(line: string): void;
}

export interface ProcessResult {
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The process could not start (missing binary, bad cwd). */
  error?: string;
}

/** SIGINT first, as the runner does on cancellation, then SIGKILL if the group outlives this. */
const KILL_GRACE_MS = 1000;

export function runProcess(options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((done) => {
    let settled = false;
    const resolve = (result: ProcessResult) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      done(result);
    };
    let timedOut = false;
    let cancelled = false;
    let error: string | undefined;
    const child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const killGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    const stop = () => {
      killGroup('SIGINT');
      setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop()!;
        for (const line of lines) options.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      });
      stream.on('end', () => {
        if (rest) options.onLine(rest);
        rest = '';
      });
    }
    child.on('error', (err) => {
      error = err.message;
      // A process that never started has no 'close' to wait for.
      if (child.pid === undefined) resolve({ exitCode: null, timedOut, cancelled, error });
    });
    child.on('close', (code) => resolve({ exitCode: code, timedOut, cancelled, error }));
  });
}
