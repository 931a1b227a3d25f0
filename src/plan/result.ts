// The ApplyError apply and verify throw: every failure gathered, plus the per-tenant summary so
// a caller can still report what was applied, failed and skipped before it exits non-zero.

import { ApplyError } from '../errors/index.ts';

export class ApplyResultError<Result = unknown> extends ApplyError {
  readonly result: Result;
  constructor(failures: { key: string; error: Error }[], result: Result) {
    super(failures);
    this.result = result;
  }
}
