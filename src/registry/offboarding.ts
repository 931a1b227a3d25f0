// What offboarding keeps in the registry: the record of each export (made before anything is
// deleted), and the removal of a tenant's rows once its resources are gone. The tenants row stays
// as a tombstone (lifecycle decommissioned) with its deployments and the audit log, so the run
// history and the deletion certificate keep what they refer to and the code is not reused by
// accident; every other row naming the tenant goes, whichever migration added its table.
import { InternalError } from '../errors/index.ts';
import { ident, inTransaction, qualified, type Pool, type Queryable } from '../pg/index.ts';

export interface ExportRecordInput {
  tenant: string;
  /** Container URL and blob prefix: where the export is, no credential. */
  location: string;
  manifest: unknown;
  manifestSha256: string;
  createdBy: string;
  githubRun?: string;
}

export interface ExportRecord extends ExportRecordInput {
  id: string;
  createdAt: Date;
}

export async function recordExport(db: Queryable, input: ExportRecordInput): Promise<ExportRecord> {
  const { rows } = await db.query<ExportRecord>(
    `INSERT INTO offboarding_exports (tenant, location, manifest, manifest_sha256, created_by, github_run)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, tenant, location, manifest, manifest_sha256 AS "manifestSha256", created_by AS "createdBy", github_run AS "githubRun", created_at AS "createdAt"`,
    [input.tenant, input.location, JSON.stringify(input.manifest), input.manifestSha256, input.createdBy, input.githubRun ?? null],
  );
  return rows[0];
}

export async function listExports(db: Queryable, tenant: string): Promise<ExportRecord[]> {
  const { rows } = await db.query<ExportRecord>(
    `SELECT id, tenant, location, manifest, manifest_sha256 AS "manifestSha256", created_by AS "createdBy", github_run AS "githubRun", created_at AS "createdAt"
       FROM offboarding_exports WHERE tenant = $1 ORDER BY created_at, id`,
    [tenant],
  );
  return rows;
}

/** Run history: kept with the tombstone. */
const KEPT = new Set(['tenants', 'deployments', 'deployment_steps', 'audit_log']);

/**
 * Deletes every row naming the tenant in a table with a foreign key to tenants (children before
 * the tables they reference), in one transaction, and marks the tenant decommissioned. Returns
 * the rows deleted per table.
 */
export async function deleteTenantRows(registry: Pool, tenant: string): Promise<Record<string, number>> {
  return inTransaction(registry, async (client) => {
    const { rows: refs } = await client.query<{ schema: string; table: string; column: string; parents: string[] }>(
      `SELECT n.nspname AS schema, r.relname AS "table", a.attname AS "column",
              coalesce((SELECT array_agg(DISTINCT pr.relname::text) FROM pg_constraint p JOIN pg_class pr ON pr.oid = p.confrelid
                         WHERE p.conrelid = c.conrelid AND p.contype = 'f' AND p.confrelid <> c.confrelid), '{}') AS parents
         FROM pg_constraint c
         JOIN pg_class r ON r.oid = c.conrelid
         JOIN pg_namespace n ON n.oid = r.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.confrelid = 'tenants'::regclass AND array_length(c.conkey, 1) = 1`,
    );
    const tables = refs.filter((r) => !KEPT.has(r.table));
    const deleted: Record<string, number> = {};
    for (const ref of childrenFirst(tables)) {
      const result = await client.query(`DELETE FROM ${qualified(ref.schema, ref.table)} WHERE ${ident(ref.column)} = $1`, [tenant]);
      deleted[ref.table] = result.rowCount ?? 0;
    }
    await client.query(`UPDATE tenants SET lifecycle = 'decommissioned', updated_at = now() WHERE code = $1`, [tenant]);
    return deleted;
  });
}

function childrenFirst<T extends { table: string; parents: string[] }>(tables: T[]): T[] {
  const names = new Set(tables.map((t) => t.table));
  const ordered: T[] = [];
  const done = new Set<string>();
  let pending = [...tables].sort((a, b) => a.table.localeCompare(b.table));
  while (pending.length) {
    // A table goes once no other pending table references it.
    const ready = pending.filter((t) => !pending.some((o) => o !== t && o.parents.includes(t.table) && names.has(o.table) && !done.has(o.table)));
    if (!ready.length) throw new InternalError(`registry tables naming tenants reference one another in a cycle: ${pending.map((t) => t.table).join(', ')}`);
    for (const t of ready) {
      ordered.push(t);
      done.add(t.table);
    }
    pending = pending.filter((t) => !done.has(t.table));
  }
  return ordered;
}
