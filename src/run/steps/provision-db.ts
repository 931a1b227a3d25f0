// What actions/provision-db does, as one library call: plan or apply the db slice of a tenant (or
// every tenant), or roll the migrations out to all of them; with the markdown the job summary shows
// and the non-secret figures the step outputs carry. The CLI's apply and migrate are the same calls.
//
// The one db module that uses the pipeline (which builds its graphs from db/desired.ts, never from
// here), so there is no import cycle.
import { ConfigurationError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import { applyTenants, createServices, KIND_LABELS, loadInputs, planOnline, selectTenants } from '../index.ts';
import { renderPlanMarkdown, type Plan, type PlanCounts } from '../../plan/index.ts';
import { getDataStore } from '../../registry/index.ts';
import { migrateTenants, renderMigrationMarkdown, type MigrateTenantsResult } from '../../db/fanout.ts';

export interface ProvisionDbOptions {
  root: string;
  /** One tenant's code; all tenants when absent. */
  tenant?: string;
  mode: 'plan' | 'apply';
  /** Roll the migrations out to every tenant instead of planning/applying (the schema-change run). */
  migrateAll?: boolean;
  /** Apply only when the recomputed plan still has this hash. */
  planHash?: string;
  /** Allow changes that destroy data (the gated deletion job). */
  force?: boolean;
  actor: string;
  githubRun?: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
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
  const { inputs, findings } = await loadInputs(options.root);
  if (!inputs) throw new ConfigurationError(findings);
  const services = createServices({ platform: inputs.platform, root: options.root, log: options.log, env: options.env });
  try {
    const selected = selectTenants(inputs, options.tenant).map((t) => t.config);
    const codes = selected.map((t) => t.code);
    if (options.migrateAll) {
      const migration = await migrateTenants({ tenants: selected, services });
      return { planHash: '', counts: emptyCounts(), applied: 0, tenants: codes, dataStores: [], migration, markdown: renderMigrationMarkdown(migration) };
    }
    const run = { tenant: options.tenant, only: ['db' as const] };
    const plan = await planOnline(inputs, services, run);
    let applied = 0;
    let markdown = renderPlanMarkdown(plan, { labels: KIND_LABELS });
    if (options.mode === 'apply') {
      const result = await applyTenants(inputs, services, { ...run, planHash: options.planHash ?? plan.hash, force: options.force, actor: options.actor, githubRun: options.githubRun });
      applied = result.tenants.reduce((n, t) => n + t.applied.length, 0);
      markdown += `\n\nApplied ${applied} change(s) to ${result.tenants.filter((t) => t.applied.length).length} tenant(s) in ${Math.round(result.durationMs)} ms.`;
    }
    const registry = await services.registry();
    const dataStores = [];
    for (const code of codes) {
      const s = await getDataStore(registry, code);
      if (s) dataStores.push({ tenant: code, host: s.host, port: s.port, database: s.database, schema: s.schema, appRole: s.appRole, biRole: s.biRole, status: s.status });
    }
    return { planHash: plan.hash, counts: sumCounts(plan), applied, tenants: codes, dataStores, markdown };
  } finally {
    await services.close();
  }
}

function emptyCounts(): PlanCounts {
  return { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
}

function sumCounts(plan: Plan): PlanCounts {
  const total = emptyCounts();
  for (const t of plan.tenants) for (const k of Object.keys(total) as (keyof PlanCounts)[]) total[k] += t.counts[k];
  return total;
}
