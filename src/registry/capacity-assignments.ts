// Moves of tenants' workspaces to a dedicated capacity as Power BI's CapacityAssignmentStatus
// reported them once complete (templates/registry/0009_capacity_assignments.sql): start, end and
// the duration between, per tenant and activity id. The service's own times, not ours: a status we
// polled late still shows how long the assignment itself took.
import type { Queryable } from '../pg/index.ts';
import { medianRecentDurationMs } from './durations.ts';

export interface CapacityAssignmentInput {
  tenant: string;
  /** The status's `activityId`: one per assignment. */
  activityId: string;
  capacityId: string;
  /** The status's `status`: CompletedSuccessfully, AssignmentFailed, … */
  state: string;
  /** The status's `startTime` / `endTime` (ISO 8601). */
  startTime: string;
  endTime?: string;
}

/** Records one assignment; the same activity id read again updates its row. */
export async function recordCapacityAssignment(db: Queryable, run: CapacityAssignmentInput): Promise<void> {
  await db.query(
    `INSERT INTO capacity_assignments (tenant, activity_id, capacity_id, state, started_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant, activity_id) DO UPDATE
       SET capacity_id = excluded.capacity_id, state = excluded.state, started_at = excluded.started_at, ended_at = excluded.ended_at, recorded_at = now()`,
    [run.tenant, run.activityId.toLowerCase(), run.capacityId.toLowerCase(), run.state, run.startTime, run.endTime ?? null],
  );
}

/**
 * How long a capacity assignment takes across the fleet: the median of the last `sample` completed
 * ones of any tenant, or undefined before the first. Power BI gives no estimate, so this is what a
 * new tenant's first status poll waits for.
 */
export function typicalCapacityAssignmentMs(db: Queryable, sample = 20): Promise<number | undefined> {
  return medianRecentDurationMs(db, 'capacity_assignments', 'CompletedSuccessfully', sample);
}
