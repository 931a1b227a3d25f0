-- A deployment whose run died (SIGKILL, a cancelled runner) stays `running` for ever unless
-- someone says otherwise: the next run of the tenant, finding no live process behind it, marks
-- it `abandoned` (src/registry/deployment-liveness.ts).
ALTER TABLE deployments DROP CONSTRAINT deployments_status_check;
ALTER TABLE deployments ADD CONSTRAINT deployments_status_check
  CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'abandoned'));
