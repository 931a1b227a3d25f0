-- Offboarding: the record of each export made before a tenant's data is deleted. No foreign key
-- to tenants: the record (with the audit log's deletion certificate) outlives the tenant's rows.
-- The manifest lists tables, row counts, SHA-256 of each plaintext CSV and blob names; no key
-- material and no data.
CREATE TABLE offboarding_exports (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant           text NOT NULL,
  location         text NOT NULL,
  manifest         jsonb NOT NULL,
  manifest_sha256  text NOT NULL CHECK (manifest_sha256 ~ '^[0-9a-f]{64}$'),
  created_by       text NOT NULL,
  github_run       text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offboarding_exports_tenant ON offboarding_exports (tenant, created_at);
