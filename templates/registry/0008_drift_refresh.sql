-- What the dashboard shows of drift and refreshes, which nothing recorded before.
-- drift_checks: each tenant's last drift check (one row per tenant, replaced by each check):
-- when, whether it drifted, and the keys of the resources that differ. Names only, never values:
-- the values stay in the run's plan and the drift issue.
CREATE TABLE drift_checks (
  tenant      text PRIMARY KEY REFERENCES tenants (code),
  checked_at  timestamptz NOT NULL,
  drifted     boolean NOT NULL,
  resources   text[] NOT NULL DEFAULT '{}',
  github_run  text,
  run_url     text,
  CHECK (drifted = (cardinality(resources) > 0))
);

-- refresh_runs: every model refresh tenantops started and saw end, as Power BI's refresh history
-- reports it (startTime, endTime, status), keyed by the refresh's request id so that reading the
-- same entry twice records it once.
CREATE TABLE refresh_runs (
  tenant       text NOT NULL REFERENCES tenants (code),
  request_id   text NOT NULL,
  state        text NOT NULL,
  started_at   timestamptz NOT NULL,
  ended_at     timestamptz,
  duration_ms  bigint GENERATED ALWAYS AS ((extract(epoch FROM ended_at - started_at) * 1000)::bigint) STORED,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, request_id),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX refresh_runs_tenant_started_idx ON refresh_runs (tenant, started_at DESC);
