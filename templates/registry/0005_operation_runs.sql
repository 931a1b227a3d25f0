-- Runs of operation sequences (operations/<name>.yaml): who ran which sequence, when, and what each
-- step did for each tenant (status, tries, detail, durations) as the run reported it. A row is
-- written when the run starts (status running) and completed when it ends, so a run that died
-- half-way is still in the history.
CREATE TABLE operation_runs (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sequence     text NOT NULL,
  actor        text NOT NULL,
  github_run   text,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  duration_ms  bigint,
  -- [{id, action, status, detail, durationMs, tenants: [{tenant, status, attempts, detail, items, durationMs}]}]
  steps        jsonb NOT NULL DEFAULT '[]',
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX operation_runs_sequence_idx ON operation_runs (sequence, id DESC);
