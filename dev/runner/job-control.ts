// Cancelling a job the way the runner does: the step in progress is re-evaluated with cancelled()
// true and keeps running when its `if` still holds (`always()`, `cancelled()`); otherwise it is
// stopped. Later steps then run only when their `if` asks for it.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-cancellation
export class JobControl {
  cancelled = false;
  /** Why, for the record: a run cancellation, fail-fast, or the job's timeout. */
  reason: string | undefined;
  timedOut = false;
  private step: { abort: AbortController; survives(): boolean } | undefined;

  /** The signal a step runs under; `survives` re-evaluates its `if` once the job is cancelled. */
  beginStep(survives: () => boolean): AbortSignal {
    const abort = new AbortController();
    this.step = { abort, survives };
    return abort.signal;
  }

  endStep(): void {
    this.step = undefined;
  }

  cancel(reason: string): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.reason = reason;
    const step = this.step;
    if (step && !safeSurvives(step.survives)) step.abort.abort(new Error(reason));
  }
}

function safeSurvives(survives: () => boolean): boolean {
  try {
    return survives();
  } catch {
    return false;
  }
}
