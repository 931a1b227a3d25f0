// `registry rebuild`: a registry that was lost (and has no backup) is filled again from what
// exists in the world. Each tenant of tenants/ gets its row back, then every resource the
// capabilities desire for it is looked for the way a run that died mid-create looks for its work:
// the deployment journals an intent for every key, so the resources adopt what carries their
// derived name or ownership record (profiles, workspaces, models, reports, Fabric items, roles,
// schemas, databases, DNS records), and record its id.
//
// What only the registry knew is made again, never guessed: the data store's record, a refresh,
// and the database passwords, which cannot be recovered and are rotated (the roles get new ones,
// sealed; the model gets the BI role's new credentials). Nothing the rebuild did not find is
// created and nothing is deleted: those changes are reported, for the next apply to make.
import type { TenantConfig } from '../config/index.ts';
import { EnvironmentError } from '../errors/index.ts';
import { applyPlan, ApplyResultError, type Change, type Resource } from '../plan/index.ts';
import {
  createRegistryJournal,
  finishDeployment,
  getTenant,
  transitionTenant,
  startDeployment,
  upsertTenant,
  withTenantLock,
  type Pool,
} from '../registry/index.ts';
import { tenantAnchor } from './apply.ts';
import type { Inputs } from './inputs.ts';
import { selectTenants } from './plan.ts';
import { RECORD_KINDS, tenantContext, tenantResources } from './resources.ts';
import { contextFactory, type Services } from './services.ts';

/** The plan hash rebuild deployments are recorded with: they apply no reviewed plan. */
export const REBUILD_PLAN_HASH = 'rebuild';

export interface RebuildTenantResult {
  tenant: string;
  /** Found in the world and recorded with its id. */
  adopted: string[];
  /** What only the registry knew, written again (rotated passwords, the data store, a refresh...). */
  repaired: string[];
  /** Not in the world: the next apply creates them. */
  missing: string[];
  /** Found, but the plan would delete or replace them: left for a person and a forced apply. */
  refused: string[];
  failed: { key: string; message: string }[];
}

export interface RebuildResult {
  tenants: RebuildTenantResult[];
}

export interface RebuildOptions {
  tenant?: string;
  actor: string;
  githubRun?: string;
}

/** Fills an empty registry from the world; a tenant the registry already holds is refused. */
export async function rebuildRegistry(inputs: Inputs, services: Services, options: RebuildOptions): Promise<RebuildResult> {
  const registry = await services.registry();
  const selected = selectTenants(inputs, options.tenant);
  const present: string[] = [];
  for (const { config } of selected) if (await getTenant(registry, config.code)) present.push(config.code);
  if (present.length) {
    throw new EnvironmentError(
      `the registry already records ${present.join(', ')}; rebuild only fills a registry that lost its tenants (restore a backup with \`tenantops registry restore\`, or rebuild the others with --tenant)`,
    );
  }
  const tenants: RebuildTenantResult[] = [];
  for (const { config } of selected) tenants.push(await rebuildTenant(inputs, services, registry, config, options));
  return { tenants };
}

async function rebuildTenant(inputs: Inputs, services: Services, registry: Pool, config: TenantConfig, options: RebuildOptions): Promise<RebuildTenantResult> {
  const tenant = config.code;
  const resources = tenantResources(tenantContext(inputs, config));
  await upsertTenant(registry, { ...tenantAnchor(config, inputs), status: 'pending' });
  const deployment = await startDeployment(registry, { tenant, planHash: REBUILD_PLAN_HASH, actor: options.actor, githubRunId: options.githubRun });
  const journal = createRegistryJournal(registry, deployment);
  const result: RebuildTenantResult = { tenant, adopted: [], repaired: [], missing: [], refused: [], failed: [] };
  try {
    // "A run was creating these": every resource may now adopt what carries its name.
    for (const r of resources) await journal.intent(tenant, r.key, 'create', r.kind);
    const createContext = contextFactory(services);
    const ctx = await createContext(tenant, { phase: 'read', force: false });
    const found = new Map<string, { actual: unknown; change: Change | undefined }>();
    for (const r of resources) {
      const actual = await r.read(ctx);
      found.set(r.key, { actual, change: r.diff(r.desired, actual) });
    }
    const excluded = excludedKeys(resources, found, result);
    const repair = resources.filter((r) => !excluded.has(r.key) && found.get(r.key)!.change);
    const applied = new Set<string>();
    if (repair.length) {
      try {
        const outcome = await applyPlan(undefined, {
          tenants: [{ tenant, resources: resources.filter((r) => !excluded.has(r.key)) }],
          journal,
          lock: (t, fn) => withTenantLock(registry, t, fn, { holder: `rebuild ${deployment}` }),
          createContext,
          log: services.log,
        });
        for (const key of outcome.tenants[0]?.applied ?? []) applied.add(key);
      } catch (err) {
        if (!(err instanceof ApplyResultError)) throw err;
        for (const f of err.failures) result.failed.push({ key: f.key, message: f.error.message });
        for (const t of (err.result as Awaited<ReturnType<typeof applyPlan>>).tenants) for (const key of t.applied) applied.add(key);
      }
    }
    for (const r of resources) {
      const { actual } = found.get(r.key)!;
      if (actual !== undefined && !excluded.has(r.key)) result.adopted.push(r.key);
      if (applied.has(r.key)) result.repaired.push(r.key);
      if (applied.has(r.key) || excluded.has(r.key) || result.failed.some((f) => f.key === r.key)) continue;
      // Found as desired: recorded with its id as a completed step would record it. Absent as
      // desired (nothing to retire): the journal says so, closing the intent.
      await journal.done(tenant, r.key, actual === undefined ? 'delete' : 'update', actual);
    }
    // Whatever was not found keeps no open intent: the next run must not adopt by name on our word.
    for (const key of [...result.missing, ...result.refused]) await journal.failed(tenant, key, 'create', new Error('registry rebuild: not adopted (see its report)'));
    const complete = !result.missing.length && !result.refused.length && !result.failed.length;
    if (complete) {
      // Whether it had gone live is not in the world: provisioned, the QA gate's side.
      await transitionTenant(registry, tenant, 'provisioned', { actor: options.actor, run: options.githubRun, planHash: REBUILD_PLAN_HASH, reason: 'registry rebuild' });
    }
    await finishDeployment(registry, deployment, complete ? 'succeeded' : 'failed');
    services.log.info(
      `${tenant}: rebuilt: ${result.adopted.length} adopted, ${result.repaired.length} repaired, ${result.missing.length} missing, ${result.refused.length} refused, ${result.failed.length} failed`,
    );
    return result;
  } catch (err) {
    await finishDeployment(registry, deployment, 'failed').catch(() => undefined);
    throw err;
  }
}

/**
 * What the rebuild leaves alone: resources it did not find (unless only a registry record), those
 * the plan would delete or replace, and everything that depends on either.
 */
function excludedKeys(resources: readonly Resource[], found: Map<string, { change: Change | undefined }>, result: RebuildTenantResult): Set<string> {
  const excluded = new Set<string>();
  for (const r of resources) {
    const change = found.get(r.key)!.change;
    if (!change) continue;
    if (change.action === 'create' && !RECORD_KINDS.has(r.kind)) {
      excluded.add(r.key);
      result.missing.push(r.key);
    } else if (change.action === 'delete' || change.action === 'replace' || change.destroysData || change.fields.some((f) => f.forcesReplacement)) {
      excluded.add(r.key);
      result.refused.push(r.key);
    }
  }
  // Carried to every dependent, however the capabilities ordered their resources.
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of resources) {
      if (excluded.has(r.key) || !r.dependsOn.some((d) => excluded.has(d))) continue;
      excluded.add(r.key);
      result.missing.push(r.key);
      grew = true;
    }
  }
  return excluded;
}
