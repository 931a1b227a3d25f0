// What has been provisioned for a tenant, by stable resource key, with the remote id. Power BI and
// Fabric names are not unique, so a re-run finds its objects by these ids, never by name alone.

import type { Queryable } from '../pg/index.ts';

export interface ResourceRecord {
  tenant: string;
  key: string;
  kind: string;
  externalId: string | null;
  /** The resource's actual state as last applied (JSON, never secrets). */
  state: unknown;
  updatedAt: Date;
}

export type ResourceInput = Omit<ResourceRecord, 'updatedAt' | 'externalId' | 'state'> & {
  externalId?: string | null;
  state?: unknown;
};

const RESOURCE_COLUMNS = `tenant, key, kind, external_id AS "externalId", state, updated_at AS "updatedAt"`;

export async function upsertResource(db: Queryable, resource: ResourceInput): Promise<ResourceRecord> {
  const { rows } = await db.query<ResourceRecord>(
    `INSERT INTO resources (tenant, key, kind, external_id, state) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant, key) DO UPDATE SET kind = excluded.kind, external_id = excluded.external_id,
       state = excluded.state, updated_at = now()
     RETURNING ${RESOURCE_COLUMNS}`,
    [resource.tenant, resource.key, resource.kind, resource.externalId ?? null, JSON.stringify(resource.state ?? {})],
  );
  return rows[0];
}

export async function getResource(db: Queryable, tenant: string, key: string): Promise<ResourceRecord | undefined> {
  const { rows } = await db.query<ResourceRecord>(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE tenant = $1 AND key = $2`, [tenant, key]);
  return rows[0];
}

/** The tenant's resources ordered by key, optionally of one kind. */
export async function listResources(db: Queryable, tenant: string, kind?: string): Promise<ResourceRecord[]> {
  const { rows } = await db.query<ResourceRecord>(
    `SELECT ${RESOURCE_COLUMNS} FROM resources WHERE tenant = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY key`,
    [tenant, kind ?? null],
  );
  return rows;
}

/** The external id recorded under `key` for each of `tenants` that has one, by tenant (one query). */
export async function recordedIds(db: Queryable, tenants: readonly string[], key: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ tenant: string; externalId: string }>(
    `SELECT tenant, external_id AS "externalId" FROM resources WHERE tenant = ANY($1::text[]) AND key = $2 AND external_id IS NOT NULL`,
    [tenants, key],
  );
  return new Map(rows.map((r) => [r.tenant, r.externalId]));
}

/** Returns whether a row was removed. */
export async function deleteResource(db: Queryable, tenant: string, key: string): Promise<boolean> {
  const { rowCount } = await db.query(`DELETE FROM resources WHERE tenant = $1 AND key = $2`, [tenant, key]);
  return (rowCount ?? 0) > 0;
}

export interface ReportMappingRecord {
  tenant: string;
  /** The template report's name without its version suffix. */
  templateName: string;
  /** `major.minor` of the template deployed. */
  templateVersion: string;
  templateReportId: string;
  tenantReportId: string;
  workspaceId: string;
  modelId: string;
  status: 'active' | 'inactive';
}

const MAPPING_COLUMNS = `tenant, template_name AS "templateName", template_version AS "templateVersion",
  template_report_id AS "templateReportId", tenant_report_id AS "tenantReportId", workspace_id AS "workspaceId",
  model_id AS "modelId", status`;

export async function upsertReportMapping(db: Queryable, mapping: ReportMappingRecord): Promise<ReportMappingRecord> {
  const { rows } = await db.query<ReportMappingRecord>(
    `INSERT INTO report_mappings (tenant, template_name, template_version, template_report_id, tenant_report_id, workspace_id, model_id, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant, template_name) DO UPDATE SET template_version = excluded.template_version,
       template_report_id = excluded.template_report_id, tenant_report_id = excluded.tenant_report_id,
       workspace_id = excluded.workspace_id, model_id = excluded.model_id, status = excluded.status, updated_at = now()
     RETURNING ${MAPPING_COLUMNS}`,
    [mapping.tenant, mapping.templateName, mapping.templateVersion, mapping.templateReportId, mapping.tenantReportId, mapping.workspaceId, mapping.modelId, mapping.status],
  );
  return rows[0];
}

/** Forgets a tenant's mapping of one template (its report was removed); nothing when there is none. */
export async function deleteReportMapping(db: Queryable, tenant: string, templateName: string): Promise<void> {
  await db.query(`DELETE FROM report_mappings WHERE tenant = $1 AND template_name = $2`, [tenant, templateName]);
}

export async function listReportMappings(db: Queryable, tenant: string, status?: 'active' | 'inactive'): Promise<ReportMappingRecord[]> {
  const { rows } = await db.query<ReportMappingRecord>(
    `SELECT ${MAPPING_COLUMNS} FROM report_mappings WHERE tenant = $1 AND ($2::text IS NULL OR status = $2) ORDER BY template_name`,
    [tenant, status ?? null],
  );
  return rows;
}
