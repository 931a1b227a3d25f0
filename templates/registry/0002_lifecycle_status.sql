-- A tenant's lifecycle status and its module features.
--
-- Status: pending → provisioned (awaiting QA) → live; failed; suspended; decommissioned. Which
-- moves are allowed is decided in one place (src/registry/status.ts); the database only keeps
-- the values and the timestamps of the two milestones. Who approved the go-live is kept here as
-- well as in the audit log, so `tenantops status` answers without scanning the log.

ALTER TABLE tenants DROP CONSTRAINT tenants_status_check;
ALTER TABLE tenants ADD CONSTRAINT tenants_status_check
  CHECK (status IN ('pending', 'provisioned', 'live', 'failed', 'suspended', 'decommissioned'));
ALTER TABLE tenants
  ADD COLUMN provisioned_at timestamptz,
  ADD COLUMN live_at        timestamptz,
  ADD COLUMN approved_by    text;

-- An apply inserts a bare row before anything else, because its deployments reference the
-- tenant. That row anchors the journal; it is not yet the registry's record of the tenant, which
-- is planned and applied like any resource (the `registry` capability) and marks `recorded`.
-- Rows written before this migration were written whole by the apply, so they count as recorded.
ALTER TABLE tenants ADD COLUMN recorded boolean NOT NULL DEFAULT false;
UPDATE tenants SET recorded = true;

-- A tenant's enabled modules are initialised with the features templates/modules.yaml gives them.
CREATE TABLE tenant_module_features (
  tenant   text NOT NULL,
  module   text NOT NULL,
  feature  text NOT NULL,
  title    text NOT NULL,
  PRIMARY KEY (tenant, module, feature),
  FOREIGN KEY (tenant, module) REFERENCES tenant_modules (tenant, module)
);

-- Every deployed report linked to the feature of its module that covers its persona. Keyed by
-- the template name, as report_mappings is; the report's id is the mapping's. No foreign key to
-- report_mappings: the registry step runs after Power BI, which may remove a mapping first.
CREATE TABLE report_feature_links (
  tenant         text NOT NULL,
  template_name  text NOT NULL,
  module         text NOT NULL,
  feature        text NOT NULL,
  PRIMARY KEY (tenant, template_name),
  FOREIGN KEY (tenant, module, feature) REFERENCES tenant_module_features (tenant, module, feature)
);
