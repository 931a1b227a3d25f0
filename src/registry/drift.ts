// Each tenant's last drift check (templates/registry/0008_drift_refresh.sql): when it was checked,
// whether anything differed, and the keys of the resources that did, for the dashboard. Keys only
// (`powerbi/report/<template>`, `dns/record/www`), never a value: a key that looks like a secret
// is refused. The drift workflow plans with the reader credentials, so a registry that refuses the
// write is an expected answer (`readOnly`), not a failure.
import { InternalError } from '../errors/index.ts';
import type { Queryable } from '../pg/index.ts';
import { findSecretLike } from './audit.ts';

export interface DriftCheckInput {
  tenant: string;
  /** Keys of the resources whose plan has a change; empty: in sync. */
  resources: readonly string[];
}

export interface DriftCheckRecord {
  tenant: string;
  checkedAt: Date;
  drifted: boolean;
  resources: string[];
  githubRun: string | null;
  runUrl: string | null;
}

export type RecordDriftResult =
  /** `skipped`: tenants the registry does not know yet (never applied): nothing to attach a check to. */
  | { kind: 'recorded'; recorded: string[]; skipped: string[] }
  /** The registry refused the write (a SELECT-only role, a read-only transaction): nothing recorded. */
  | { kind: 'read-only'; reason: string };

/** SQLSTATEs of a registry that may be read but not written: insufficient_privilege, read_only_sql_transaction. */
const READ_ONLY_SQLSTATES = new Set(['42501', '25006']);

/** Replaces the last check of each tenant, all in one statement, dated by the database's clock. */
export async function recordDriftChecks(
  db: Queryable,
  checks: readonly DriftCheckInput[],
  run: { githubRun?: string; runUrl?: string } = {},
): Promise<RecordDriftResult> {
  const secretLike = findSecretLike(checks.map((c) => c.resources), 'resources');
  if (secretLike.length) throw new InternalError(`refusing to record drift: ${secretLike.join(', ')} look(s) like a secret`);
  try {
    const { rows } = await db.query<{ tenant: string }>(
      `INSERT INTO drift_checks (tenant, checked_at, drifted, resources, github_run, run_url)
       SELECT c.tenant, clock_timestamp(), cardinality(c.resources) > 0, c.resources, $2, $3
         FROM jsonb_to_recordset($1::jsonb) AS c(tenant text, resources text[])
         JOIN tenants t ON t.code = c.tenant
       ON CONFLICT (tenant) DO UPDATE
         SET checked_at = excluded.checked_at, drifted = excluded.drifted, resources = excluded.resources,
             github_run = excluded.github_run, run_url = excluded.run_url
       RETURNING tenant`,
      [JSON.stringify(checks.map((c) => ({ tenant: c.tenant, resources: [...new Set(c.resources)].sort() }))), run.githubRun ?? null, run.runUrl ?? null],
    );
    const recorded = new Set(rows.map((r) => r.tenant));
    return { kind: 'recorded', recorded: checks.map((c) => c.tenant).filter((t) => recorded.has(t)), skipped: checks.map((c) => c.tenant).filter((t) => !recorded.has(t)) };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && READ_ONLY_SQLSTATES.has(code)) return { kind: 'read-only', reason: (err as Error).message };
    throw err;
  }
}

export async function getDriftCheck(db: Queryable, tenant: string): Promise<DriftCheckRecord | undefined> {
  const { rows } = await db.query<DriftCheckRecord>(
    `SELECT tenant, checked_at AS "checkedAt", drifted, resources, github_run AS "githubRun", run_url AS "runUrl"
       FROM drift_checks WHERE tenant = $1`,
    [tenant],
  );
  return rows[0];
}
