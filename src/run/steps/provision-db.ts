// What actions/provision-db does, as one library call: plan or apply the db slice of a tenant (or
// every tenant), or roll the migrations out to all of them; with the markdown the job summary shows
// and the non-secret figures the step outputs carry. The CLI's apply and migrate are the same calls.
import { migrateTenants, renderMigrationMarkdown, type MigrateTenantsResult } from '../../db/index.ts';
import { renderPlanMarkdown, type PlanCounts } from '../../plan/index.ts';
import { getDataStore } from '../../registry/index.ts';
import { selectTenants } from '../plan.ts';
import { KIND_LABELS } from '../resources.ts';
import { withRun } from '../with-run.ts';
import { emptyCounts, planThenApply, sumCounts, type StepOptions } from './step.ts';

export interface ProvisionDbOptions extends StepOptions<'plan' | 'apply'> {
  /** Roll the migrations out to every tenant instead of planning/applying (the schema-change run). */
  migrateAll?: boolean;
}

export interface ProvisionDbResult {
  /** The plan's hash (empty for a migration rollout). */
  planHash: string;
  counts: PlanCounts;
  /** Changes applied (0 in plan mode). */
  applied: number;
  tenants: string[];
  /** Where each tenant's data lives, from the registry: ids and names only, never credentials. */
  dataStores: { tenant: string; host: string; port: number; database: string; schema: string; appRole: string | null; biRole: string | null; status: string }[];
  migration?: MigrateTenantsResult;
  /** The job summary. */
  markdown: string;
}

export async function provisionDb(options: ProvisionDbOptions): Promise<ProvisionDbResult> {
  return withRun(options.root, { log: options.log, env: options.env }, async (run) => {
    const selected = selectTenants(run.inputs, options.tenant).map((t) => t.config);
    const codes = selected.map((t) => t.code);
    if (options.migrateAll) {
      const migration = await migrateTenants({ tenants: selected, services: run.services });
      return { planHash: '', counts: emptyCounts(), applied: 0, tenants: codes, dataStores: [], migration, markdown: renderMigrationMarkdown(migration) };
    }
    const step = await planThenApply(run, options, { tenant: options.tenant, only: ['db'] });
    let markdown = renderPlanMarkdown(step.plan, { labels: KIND_LABELS });
    if (options.mode === 'apply') markdown += `\n\nApplied ${step.applied} change(s) to ${step.appliedTenants} tenant(s) in ${Math.round(step.durationMs)} ms.`;
    const registry = await run.services.registry();
    const dataStores = [];
    for (const code of codes) {
      const s = await getDataStore(registry, code);
      if (s) dataStores.push({ tenant: code, host: s.host, port: s.port, database: s.database, schema: s.schema, appRole: s.appRole, biRole: s.biRole, status: s.status });
    }
    return { planHash: step.plan.hash, counts: sumCounts(step.plan), applied: step.applied, tenants: codes, dataStores, markdown };
  });
}
