// The handful of error classes every module throws, and the one place that maps them to exit
// codes. User mistakes (configuration, environment) are kept apart from failures of ours or of
// remote services, so the CLI and the actions can say which is which.

/** One problem with an input file, positioned for a `file:line:col` line and a PR annotation. */
export interface Finding {
  /** Path relative to the repository root, forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** `what is wrong; what is allowed` */
  message: string;
  severity?: 'error' | 'warning';
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.col}: ${f.message}`;
}

/** Orders findings by file, then position, so output is stable whatever order checks ran in. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

export class TenantopsError extends Error {
  override name = 'TenantopsError';
  /** The process exit code this error should end a command with. */
  readonly exitCode: number = 1;
}

/** Bad tenant or platform files: every finding at once. Exit 1. */
export class ConfigurationError extends TenantopsError {
  override name = 'ConfigurationError';
  readonly findings: Finding[];
  constructor(findings: Finding[]) {
    super(sortFindings(findings).map(formatFinding).join('\n'));
    this.findings = sortFindings(findings);
  }
}

/** Bad usage or a missing environment piece (a secret variable, a flag). Exit 2. */
export class EnvironmentError extends TenantopsError {
  override name = 'EnvironmentError';
  override readonly exitCode = 2;
}

/** A plan that would destroy data or exceed a safety threshold without an explicit force. */
export class UnsafePlanError extends TenantopsError {
  override name = 'UnsafePlanError';
  readonly reasons: string[];
  constructor(reasons: string[]) {
    super(reasons.join('\n'));
    this.reasons = reasons;
  }
}

/** The plan recomputed at apply time is not the plan that was reviewed. */
export class PlanMismatchError extends TenantopsError {
  override name = 'PlanMismatchError';
  readonly expected: string;
  readonly actual: string;
  constructor(expected: string, actual: string) {
    super(`the plan changed since it was reviewed: expected hash ${expected}, computed ${actual}; nothing was applied. Review the new plan and apply with its hash.`);
    this.expected = expected;
    this.actual = actual;
  }
}

export interface RemoteApiErrorDetails {
  service: string;
  /** `METHOD path`, without query secrets. */
  call: string;
  status?: number;
  code?: string;
  requestId?: string;
  tenant?: string;
  resource?: string;
  step?: string;
}

/** A remote service (Power BI, Fabric, Entra, DNS, PostgreSQL) refused or failed a call. */
export class RemoteApiError extends TenantopsError {
  override name = 'RemoteApiError';
  readonly details: RemoteApiErrorDetails;
  constructor(details: RemoteApiErrorDetails, detail?: string) {
    super(describeRemote(details) + (detail ? `: ${detail}` : ''));
    this.details = details;
  }
}

function describeRemote(d: RemoteApiErrorDetails): string {
  const where = [d.tenant && `tenant ${d.tenant}`, d.step && `step ${d.step}`, d.resource && `resource ${d.resource}`]
    .filter(Boolean)
    .join(', ');
  const status = d.status === undefined ? 'no response' : `HTTP ${d.status}${d.code ? ` ${d.code}` : ''}`;
  const rid = d.requestId ? ` (request id ${d.requestId})` : '';
  return `${where ? where + ': ' : ''}${d.service} ${d.call} failed with ${status}${rid}`;
}

/** Every failure of one apply, gathered, so a parallel run reports all of them at once. */
export class ApplyError extends TenantopsError {
  override name = 'ApplyError';
  readonly failures: { key: string; error: Error }[];
  constructor(failures: { key: string; error: Error }[]) {
    super(
      `${failures.length} change(s) failed:\n` + failures.map((f) => `- ${f.key}: ${f.error.message}`).join('\n'),
    );
    this.failures = failures;
  }
}

/** A bug of ours: an invariant broke. */
export class InternalError extends TenantopsError {
  override name = 'InternalError';
  override readonly exitCode = 3;
}

export function exitCodeFor(err: unknown): number {
  return err instanceof TenantopsError ? err.exitCode : 3;
}
