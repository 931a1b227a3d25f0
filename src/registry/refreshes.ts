// Model refreshes as Power BI's refresh history reported them once they ended
// (templates/registry/0008_drift_refresh.sql): start, end, state and the duration between, per
// tenant and request id. The service's own times, not ours: a refresh that waited behind another
// one, or that we polled late, still shows how long the load itself took.
import type { Queryable } from '../pg/index.ts';
import { medianRecentDurationMs } from './durations.ts';

export interface RefreshRunInput {
  tenant: string;
  requestId: string;
  /** The history's `status`: Completed, Failed, Cancelled, Disabled, or Unknown while it runs. */
  state: string;
  /** The history's `startTime` / `endTime` (ISO 8601). */
  startTime: string;
  endTime?: string;
}

export interface RefreshRunRecord {
  tenant: string;
  requestId: string;
  state: string;
  startedAt: Date;
  endedAt: Date | null;
  durationMs: number | null;
}

/** Records (or completes) one refresh; the same request id read again updates its row. */
export async function recordRefreshRun(db: Queryable, run: RefreshRunInput): Promise<void> {
  await db.query(
    `INSERT INTO refresh_runs (tenant, request_id, state, started_at, ended_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant, request_id) DO UPDATE
       SET state = excluded.state, started_at = excluded.started_at, ended_at = excluded.ended_at, recorded_at = now()`,
    [run.tenant, run.requestId.toLowerCase(), run.state, run.startTime, run.endTime ?? null],
  );
}

/** The tenant's refreshes, newest first. */
export async function listRefreshRuns(db: Queryable, tenant: string, limit = 20): Promise<RefreshRunRecord[]> {
  const { rows } = await db.query<RefreshRunRecord>(
    `SELECT tenant, request_id AS "requestId", state, started_at AS "startedAt", ended_at AS "endedAt", duration_ms::float8 AS "durationMs"
       FROM refresh_runs WHERE tenant = $1 ORDER BY started_at DESC, request_id LIMIT $2`,
    [tenant, limit],
  );
  return rows;
}

/**
 * How long a model refresh takes across the fleet: the median of the last `sample` completed
 * refreshes of any tenant (the tenants' models come from the same templates and load alike), or
 * undefined before the first. Power BI gives no estimate or Retry-After for a refresh, so this is
 * what a new tenant's first poll waits for.
 */
export function typicalRefreshMs(db: Queryable, sample = 20): Promise<number | undefined> {
  return medianRecentDurationMs(db, 'refresh_runs', 'Completed', sample);
}
