// Report mappings the registry's public surface does not cover yet: forgetting one when its
// report is removed. Kept here, in one statement on the registry's own table, until the registry
// exports it.
import type { Queryable } from '../registry/index.ts';

export async function forgetReportMapping(db: Queryable, tenant: string, templateName: string): Promise<void> {
  await db.query(`DELETE FROM report_mappings WHERE tenant = $1 AND template_name = $2`, [tenant, templateName]);
}
