-- The tenantops registry: what the platform knows about each tenant, the ids of everything
-- provisioned for it, the journal of every apply, encrypted secrets and an append-only audit log.
-- Applied by src/registry/migrate.ts in one transaction; never edit it once applied, add 0002_...

CREATE TABLE tenants (
  code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{2,39}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  subdomain   text NOT NULL CHECK (subdomain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
  lifecycle   text NOT NULL DEFAULT 'active' CHECK (lifecycle IN ('active', 'suspended', 'decommissioned')),
  -- Where provisioning stands: pending → provisioned (QA gate) → live; failed when an apply failed.
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'provisioned', 'live', 'failed')),
  isolation   text NOT NULL CHECK (isolation IN ('schema', 'database', 'byod')),
  cluster     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tenants_subdomain_key ON tenants (subdomain);

-- Every provisioned thing by its stable resource key, with the id the remote service gave it.
-- Power BI names are not unique, so these ids, not names, are how a re-run finds its objects.
CREATE TABLE resources (
  tenant       text NOT NULL REFERENCES tenants (code),
  key          text NOT NULL,
  kind         text NOT NULL,
  external_id  text,
  state        jsonb NOT NULL DEFAULT '{}',
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, key)
);
CREATE INDEX resources_kind_idx ON resources (kind);

-- Template report → the tenant's clone of it. template_name is the report name without its
-- version suffix, so a new template version updates the same mapping.
CREATE TABLE report_mappings (
  tenant              text NOT NULL REFERENCES tenants (code),
  template_name       text NOT NULL,
  template_version    text NOT NULL,
  template_report_id  text NOT NULL,
  tenant_report_id    text NOT NULL,
  workspace_id        text NOT NULL,
  model_id            text NOT NULL,
  status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, template_name)
);

CREATE TABLE users (
  tenant      text NOT NULL REFERENCES tenants (code),
  email       text NOT NULL CHECK (email = lower(email)),
  first_name  text NOT NULL,
  last_name   text NOT NULL,
  PRIMARY KEY (tenant, email)
);

CREATE TABLE tenant_modules (
  tenant  text NOT NULL REFERENCES tenants (code),
  module  text NOT NULL,
  PRIMARY KEY (tenant, module)
);

-- Where a tenant's data lives, so the platform's application routes it without guessing.
-- Credentials are not here: they are envelopes in secrets.
CREATE TABLE data_stores (
  tenant      text PRIMARY KEY REFERENCES tenants (code),
  isolation   text NOT NULL CHECK (isolation IN ('schema', 'database', 'byod')),
  cluster     text NOT NULL,
  host        text NOT NULL,
  port        integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
  database    text NOT NULL,
  schema      text NOT NULL,
  owner_role  text,
  app_role    text,
  bi_role     text,
  status      text NOT NULL DEFAULT 'provisioning' CHECK (status IN ('provisioning', 'ready', 'suspended', 'decommissioned', 'failed')),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- AES-256-GCM envelopes ({v, kid, iv, tag, ct}); plaintext never reaches this table. kid is
-- extracted so a rotation can prove no envelope still needs an old key.
CREATE TABLE secrets (
  tenant      text NOT NULL REFERENCES tenants (code),
  name        text NOT NULL,
  envelope    jsonb NOT NULL CHECK (
                jsonb_typeof(envelope) = 'object'
                AND envelope ?& ARRAY['v', 'kid', 'iv', 'tag', 'ct']
                AND envelope - ARRAY['v', 'kid', 'iv', 'tag', 'ct'] = '{}'::jsonb),
  kid         text GENERATED ALWAYS AS (envelope ->> 'kid') STORED,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, name)
);
CREATE INDEX secrets_kid_idx ON secrets (kid);

CREATE TABLE deployments (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant          text NOT NULL REFERENCES tenants (code),
  plan_hash       text NOT NULL,
  github_run_id   text,
  github_run_url  text,
  actor           text NOT NULL,
  started_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at     timestamptz,
  status          text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX deployments_tenant_idx ON deployments (tenant, started_at);

-- The journal: `intent` before a change is attempted, then `done` or `failed`. The newest row of
-- a (tenant, resource key) says where that resource stands; an `intent` there is what a crashed
-- run left behind. id orders rows (timestamps can tie).
CREATE TABLE deployment_steps (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deployment_id  uuid NOT NULL REFERENCES deployments (id),
  tenant         text NOT NULL REFERENCES tenants (code),
  resource_key   text NOT NULL,
  action         text NOT NULL CHECK (action IN ('create', 'update', 'replace', 'delete')),
  phase          text NOT NULL CHECK (phase IN ('intent', 'done', 'failed')),
  at             timestamptz NOT NULL DEFAULT clock_timestamp(),
  detail         jsonb
);
CREATE INDEX deployment_steps_resource_idx ON deployment_steps (tenant, resource_key, id DESC);
CREATE INDEX deployment_steps_deployment_idx ON deployment_steps (deployment_id, id);

-- Who changed what, when, from which GitHub run. No foreign keys: an audit row must outlive
-- anything it mentions.
CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor       text NOT NULL,
  github_run  text,
  tenant      text,
  action      text NOT NULL,
  target      text,
  before      jsonb,
  after       jsonb
);
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant, id);

-- Append-only, whatever the caller's privileges: UPDATE, DELETE and TRUNCATE raise SQLSTATE
-- TOA01. ENABLE ALWAYS keeps the triggers firing even under session_replication_role = replica,
-- the usual way to slip past triggers.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'TOA01', HINT = 'audit rows are never changed or removed; append a correcting row instead';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_update_delete;
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_truncate;
