-- capacity_assignments: every move of a tenant's workspace to a dedicated capacity that tenantops
-- started and saw complete, as Power BI's CapacityAssignmentStatus reports it (startTime, endTime,
-- status), keyed by the assignment's activity id so that reading the same status twice records it
-- once. Power BI gives no estimate of how long an assignment takes; the fleet's recent ones are
-- what a new tenant's first status poll waits for (src/powerbi/capacity.ts).
CREATE TABLE capacity_assignments (
  tenant       text NOT NULL REFERENCES tenants (code),
  activity_id  text NOT NULL,
  capacity_id  text NOT NULL,
  state        text NOT NULL,
  started_at   timestamptz NOT NULL,
  ended_at     timestamptz,
  duration_ms  bigint GENERATED ALWAYS AS ((extract(epoch FROM ended_at - started_at) * 1000)::bigint) STORED,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, activity_id),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
