// Apply for tenants: live services, one deployment journaled in the registry,
// each tenant under its advisory lock, bound to the reviewed plan hash when one is given.
import { dataStoreOf } from '../db/index.ts';
import { applyPlan, type ApplyResult, type Journal } from '../plan/index.ts';
import {
  abandonDeadDeployments,
  anchorTenant,
  appendAudit,
  createRegistryJournal,
  describeAbandoned,
  describeHolder,
  getTenant,
  startLiveDeployment,
  transitionTenant,
  canTransition,
  type Pool,
  withTenantLock,
  tenantTouchedSince,
  type LiveDeployment,
  type TenantInput,
} from '../registry/index.ts';
import type { TenantConfig } from '../config/index.ts';
import type { Inputs } from './inputs.ts';
import { selectTenants, tenantGraphs, type RunScope } from './plan.ts';
import { contextFactory, type Services } from './services.ts';
import { deliverMailAfterApply } from './mail.ts';

export interface ApplyTenantsOptions extends RunScope {
  /** The reviewed plan's hash: apply refuses, changing nothing, when the plan is no longer it. */
  planHash?: string;
  /** Allow changes that destroy data (the gated job passes it). */
  force?: boolean;
  /** Changes in flight at once within one tenant (e.g. report clones); default the engine's 4. */
  concurrency?: number;
  /**
   * Tenants applied at once; default 4. Each holds its own advisory lock and a few connections of
   * its cluster's pool (a tenth of the cluster's budget), so this stays well inside the budget.
   */
  tenantConcurrency?: number;
  /** Who or what is applying: a GitHub actor, `cli:<user>`. */
  actor: string;
  githubRun?: string;
  /** The GitHub run's page, recorded with each deployment. */
  githubRunUrl?: string;
  /** Who approved the environment gate this apply ran behind (recorded in the audit log). */
  approvedBy?: string;
}

/** The registry's row for a tenant, from its file (the journal's anchor; rebuild writes it too). */
export function tenantAnchor(config: TenantConfig, inputs: Inputs): TenantInput {
  return {
    code: config.code,
    name: config.name,
    subdomain: config.subdomain,
    isolation: config.database.isolation,
    cluster: dataStoreOf(config, inputs.platform).cluster,
  };
}

export async function applyTenants(inputs: Inputs, services: Services, options: ApplyTenantsOptions): Promise<ApplyResult> {
  const result = await applyJournaled(inputs, services, options);
  // Outside every tenant's lock (the mail takes it again): a super user added to a live tenant's
  // file gets their welcome now; a tenant not yet live gets its mail at go-live.
  await deliverMailAfterApply(inputs, services, result, options, { actor: options.actor, githubRun: options.githubRun });
  return result;
}

/** The apply itself: one deployment per tenant, journaled, each tenant under its lock. */
async function applyJournaled(inputs: Inputs, services: Services, options: ApplyTenantsOptions): Promise<ApplyResult> {
  const registry = await services.registry();
  const selected = selectTenants(inputs, options.tenant);
  const tenants = tenantGraphs(inputs, options);
  // Deployments reference the tenant, so a tenant new to the registry gets a bare row first. It
  // only anchors the journal: the registry's record of the tenant (name, users, modules) is the
  // `registry` capability's, planned and applied like any resource.
  const deployments = new Map<string, LiveDeployment>();
  try {
    for (const { config } of selected) {
      if (!(await getTenant(registry, config.code))) await anchorTenant(registry, tenantAnchor(config, inputs));
      // A run that died left its deployment `running`; said once, recorded as abandoned.
      for (const dead of await abandonDeadDeployments(registry, config.code)) services.log.warn(describeAbandoned(config.code, dead));
      deployments.set(config.code, await startLiveDeployment(registry, { tenant: config.code, planHash: options.planHash ?? 'unreviewed', actor: options.actor, githubRunId: options.githubRun, githubRunUrl: options.githubRunUrl }));
    }
  } catch (err) {
    for (const d of deployments.values()) await d.finish('failed').catch(() => undefined);
    throw err;
  }
  const journals = new Map([...deployments].map(([tenant, d]) => [tenant, createRegistryJournal(registry, d.id)]));
  const journal: Journal = {
    intent: (tenant, ...rest) => journals.get(tenant)!.intent(tenant, ...rest),
    done: (tenant, ...rest) => journals.get(tenant)!.done(tenant, ...rest),
    failed: (tenant, ...rest) => journals.get(tenant)!.failed(tenant, ...rest),
  };
  let result: ApplyResult | undefined;
  try {
    result = await applyPlan(undefined, {
      tenants,
      expectedHash: options.planHash,
      force: options.force,
      concurrency: options.concurrency,
      tenantConcurrency: options.tenantConcurrency ?? 4,
      journal,
      lock: (tenant, fn) =>
        withTenantLock(registry, tenant, async (wait) => {
          // This tenant's deployment was started before the plan's reads began, so "nobody else since
          // it started" covers those reads (the plan engine says why that makes a re-read redundant).
          const untouchedSincePlan = !wait.waited && !(await tenantTouchedSince(registry, tenant, deployments.get(tenant)!.id));
          return fn({ waited: wait.waited, holder: wait.heldBy && describeHolder(wait.heldBy), untouchedSincePlan });
        }, {
          holder: `deployment ${deployments.get(tenant)!.id}`,
          onWait: (heldBy) => services.log.info(`${tenant}: another run holds its lock (${heldBy ? describeHolder(heldBy) : 'it has just let go'}); waiting for it to finish, then planning again`),
        }),
      createContext: contextFactory(services),
      log: services.log,
    });
    for (const t of result.tenants) {
      if (t.failed.length) await recordFailure(registry, t.tenant, result.hash, options);
      else if (!t.skipped.length) await recordLifecycle(registry, selected.find((x) => x.config.code === t.tenant)!.config, result.hash, options);
      if (!t.applied.length) continue;
      await appendAudit(registry, { actor: options.actor, githubRun: options.githubRun, tenant: t.tenant, action: 'apply', target: `deployment ${deployments.get(t.tenant)!.id}`, after: { hash: result.hash, applied: t.applied, runUrl: options.githubRunUrl, approvedBy: options.approvedBy } });
    }
    return result;
  } finally {
    for (const [tenant, deployment] of deployments) {
      const failed = !result || result.tenants.some((t) => t.tenant === tenant && (t.failed.length || t.skipped.length));
      await deployment.finish(failed ? 'failed' : 'succeeded');
    }
  }
}

/**
 * A tenant not yet live whose apply failed is `failed` (a live or suspended one keeps its status:
 * it still serves; the failure is in the run and the journal).
 */
async function recordFailure(registry: Pool, code: string, hash: string, options: ApplyTenantsOptions): Promise<void> {
  const tenant = await getTenant(registry, code);
  if (!tenant || !canTransition(tenant.status, 'failed') || tenant.status === 'failed') return;
  await transitionTenant(registry, code, 'failed', { actor: options.actor, run: options.githubRun, planHash: hash, reason: 'apply failed' });
}

/**
 * A live tenant whose file says suspended (or decommissioned with retain) is `suspended` once its
 * apply has taken its logins, refreshes and DNS away; resumed (active again), it is `live` again.
 * A tenant that never went live keeps its status: the gate, not the file, takes it live.
 */
async function recordLifecycle(registry: Pool, config: TenantConfig, hash: string, options: ApplyTenantsOptions): Promise<void> {
  const tenant = await getTenant(registry, config.code);
  if (!tenant) return;
  const suspend = config.lifecycle === 'suspended' || (config.lifecycle === 'decommissioned' && config.deletionPolicy === 'retain');
  const to = suspend && tenant.status === 'live' ? 'suspended' : config.lifecycle === 'active' && tenant.status === 'suspended' ? 'live' : undefined;
  if (to) await transitionTenant(registry, config.code, to, { actor: options.actor, run: options.githubRun, planHash: hash, reason: `lifecycle ${config.lifecycle}` });
}
