// The process of a script or node action step, and what its end means for the step: a start
// failure or a timeout fails it (with the runner's message), a cancellation cancels it, an exit
// code other than 0 fails it.
import { runProcess } from './processes.ts';
import type { StepCall, StepResult } from './step-context.ts';

export interface StepProcess {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Scripts get "Process completed with exit code N." as the runner adds it; actions report their own failure. */
  annotateExitCode: boolean;
}

export async function runStepProcess(call: StepCall, process: StepProcess): Promise<StepResult> {
  const result = await runProcess({ ...process, timeoutMs: call.timeoutMs, signal: call.signal, onLine: call.onLine });
  if (result.error) {
    call.annotate({ level: 'error', message: result.error });
    return { outcome: 'failure' };
  }
  if (result.timedOut) {
    const minutes = Math.round(((call.timeoutMs ?? 0) / 60_000) * 100) / 100;
    call.annotate({ level: 'error', message: `The action '${call.stepName}' has timed out after ${minutes} minutes.` });
    return { outcome: 'failure' };
  }
  if (result.cancelled) return { outcome: 'cancelled' };
  if (result.exitCode === 0) return { outcome: 'success' };
  if (process.annotateExitCode) call.annotate({ level: 'error', message: `Process completed with exit code ${result.exitCode ?? 'null'}.` });
  return { outcome: 'failure' };
}
