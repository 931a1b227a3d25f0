// How long an asynchronous Power BI operation takes across the fleet, from the durations the
// registry recorded of it (refreshes, capacity assignments): the services answer these operations
// with no estimate or Retry-After, and the tenants' operations come from the same templates and
// capacities, so the fleet's recent ones are the best guess of the next.
import type { Queryable } from '../pg/index.ts';

/** Tables that record one ended operation per row with `state`, `duration_ms` and `recorded_at`. */
export type DurationTable = 'refresh_runs' | 'capacity_assignments';

/** The median duration of the last `sample` rows of `table` that ended in `state`, or undefined before the first. */
export async function medianRecentDurationMs(db: Queryable, table: DurationTable, state: string, sample = 20): Promise<number | undefined> {
  const { rows } = await db.query<{ ms: number | null }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms)::float8 AS ms
       FROM (SELECT duration_ms FROM ${table} WHERE state = $1 AND duration_ms > 0 ORDER BY recorded_at DESC LIMIT $2) recent`,
    [state, sample],
  );
  return rows[0]?.ms ?? undefined;
}
