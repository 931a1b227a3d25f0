-- Fleet rollouts in waves and the shared rate budgets of the identities tenantops calls as.

-- One fleet-wide change: what it applies (payload: the policy, the capabilities, the reason) at
-- which revision of the repository, who started it and from which run. `halted` when a wave's
-- failures passed the policy's haltAfter; resume and retry continue the same rollout.
CREATE TABLE rollouts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  revision     text NOT NULL,
  payload      jsonb NOT NULL DEFAULT '{}',
  started_by   text NOT NULL,
  run          text,
  status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'halted', 'completed')),
  halted_wave  text CHECK ((status = 'halted') = (halted_wave IS NOT NULL)),
  started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at  timestamptz
);
CREATE INDEX rollouts_started_idx ON rollouts (started_at DESC);

-- Where each tenant of a rollout stands. No foreign key to tenants: a rollout may carry a tenant
-- the registry has not seen yet (its apply records it). revision is the one last applied to it.
CREATE TABLE rollout_tenants (
  rollout      uuid NOT NULL REFERENCES rollouts (id),
  tenant       text NOT NULL,
  wave         integer NOT NULL CHECK (wave >= 0),
  state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'failed', 'skipped')),
  revision     text,
  error        text,
  attempts     integer NOT NULL DEFAULT 0,
  started_at   timestamptz,
  finished_at  timestamptz,
  PRIMARY KEY (rollout, tenant)
);
CREATE INDEX rollout_tenants_wave_idx ON rollout_tenants (rollout, wave, state);

-- One token bucket per identity (a principal, a profile) shared by every process calling as it,
-- parallel workflow runs included. Tokens may go below zero: a caller reserves the next token and
-- waits until it has been earned, so one atomic UPDATE ... RETURNING serves every caller in order.
-- updated_ms is the callers' clock (ms since the epoch), so runs on a virtual clock stay consistent.
CREATE TABLE rate_budgets (
  identity    text PRIMARY KEY,
  tokens      double precision NOT NULL,
  capacity    double precision NOT NULL CHECK (capacity >= 1),
  per_second  double precision NOT NULL CHECK (per_second > 0),
  updated_ms  double precision NOT NULL
);
