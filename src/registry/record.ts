// The registry's record of a tenant, planned like any resource: its name, subdomain and lifecycle;
// its super users; its modules initialised with their features and every report it gets linked
// to the feature covering it. Read from the registry, diffed field by field (a rename shows in the
// plan and changes its hash), applied in one transaction each, audited.
import { templateBaseName } from '../catalog/index.ts';
import type { TenantContext } from '../config/index.ts';
import { EnvironmentError, InternalError } from '../errors/index.ts';
import { inTransaction, type Pool, type Queryable } from '../pg/index.ts';
import { canonicalJson, diffFields, type Change, type FieldChange, type Resource, type ResourceContext } from '../plan/index.ts';
import { actorFromEnv, appendAudit } from './audit.ts';
import { featureOf, readModuleFeatures } from './module-features.ts';
import { listUsers, replaceUsers } from './tenants.ts';

export const REGISTRY_KEYS = {
  tenant: 'registry/tenant',
  superUsers: 'registry/super-users',
  modules: 'registry/modules',
} as const;

/** What registry resources need of the run's services (declared here: the registry imports no run layer). */
export interface RegistryHost {
  readonly env: NodeJS.ProcessEnv;
  registry(): Promise<Pool>;
}

function hostOf(ctx: ResourceContext): RegistryHost {
  const host = ctx.services.tenantops as RegistryHost | undefined;
  if (!host?.registry) throw new EnvironmentError(`registry resources of tenant ${ctx.tenant} need live services, but the run is offline; plan with --offline`);
  return host;
}

export interface TenantRecordState {
  name: string;
  subdomain: string;
  lifecycle: string;
}

/** Email → names. */
export type SuperUsersState = Record<string, { firstName: string; lastName: string }>;

export interface ModulesState {
  /** Module → feature → title. */
  modules: Record<string, Record<string, string>>;
  /** Template name (without version, as report_mappings keys it) → `module/feature`. */
  reports: Record<string, string>;
}

export function desiredRegistryResources(ctx: TenantContext): Resource[] {
  const { config } = ctx;
  const modules = sharedModulesState(ctx);
  const users: SuperUsersState = Object.fromEntries(config.superUsers.map((u) => [u.email.toLowerCase(), { firstName: u.firstName, lastName: u.lastName }]));
  return [
    tenantRecordResource(config.code, { name: config.name, subdomain: config.subdomain, lifecycle: config.lifecycle }),
    superUsersResource(config.code, users),
    modulesResource(config.code, modules),
  ] as Resource[];
}

// Tenants with the same modules and matched reports (the run shares one reports list among them)
// want the same modules state: built once and shared read-only, as the reports are, instead of
// once per tenant and plan pass (a second of a 10,000-tenant offline plan).
const modulesStates = new WeakMap<readonly unknown[], Map<string, ModulesState>>();

function sharedModulesState(ctx: TenantContext): ModulesState {
  const { config } = ctx;
  let byModules = modulesStates.get(ctx.reports);
  if (!byModules) modulesStates.set(ctx.reports, (byModules = new Map()));
  const key = `${ctx.root}\u0000${config.modules.join('\u0000')}`;
  let state = byModules.get(key);
  if (state) return state;
  const features = readModuleFeatures(ctx.root);
  state = { modules: {}, reports: {} };
  for (const module of config.modules) state.modules[module] = Object.fromEntries((features[module] ?? []).map((f) => [f.name, f.title]));
  for (const report of ctx.reports) {
    const feature = featureOf(features, report);
    // loadInputs checked every persona against modules.yaml; a gap here is a bug of ours.
    if (!feature) throw new InternalError(`report "${report.name}" of ${config.code} has no feature in module ${report.module}`);
    state.reports[templateBaseName(report)] = `${report.module}/${feature.name}`;
  }
  byModules.set(key, state);
  return state;
}

function tenantRecordResource(code: string, desired: TenantRecordState): Resource<TenantRecordState, TenantRecordState> {
  return {
    key: REGISTRY_KEYS.tenant,
    kind: 'registry.tenant',
    dependsOn: [],
    desired,
    async read(ctx) {
      const registry = await hostOf(ctx).registry();
      const { rows } = await registry.query<TenantRecordState>(`SELECT name, subdomain, lifecycle FROM tenants WHERE code = $1 AND recorded`, [code]);
      return rows[0];
    },
    diff: (d, a) => diffFields(d, a, { summary: { create: `record tenant ${code} in the registry`, update: `update the registry's record of ${code}` } }),
    async apply(ctx, change, actual) {
      const host = hostOf(ctx);
      const registry = await host.registry();
      // The row itself exists: every apply anchors it before its deployments (src/run/apply.ts).
      const { rowCount } = await registry.query(
        `UPDATE tenants SET name = $2, subdomain = $3, lifecycle = $4, recorded = true, updated_at = now() WHERE code = $1`,
        [code, desired.name, desired.subdomain, desired.lifecycle],
      );
      if (!rowCount) throw new InternalError(`tenant ${code} has no registry row to record; applies anchor it before anything else`);
      await audit(registry, host, code, REGISTRY_KEYS.tenant, `registry.tenant.${change.action}`, actual, desired);
      return desired;
    },
  };
}

function superUsersResource(code: string, desired: SuperUsersState): Resource<SuperUsersState, SuperUsersState> {
  return {
    key: REGISTRY_KEYS.superUsers,
    kind: 'registry.super-users',
    dependsOn: [REGISTRY_KEYS.tenant],
    desired,
    async read(ctx) {
      const users = await listUsers(await hostOf(ctx).registry(), code);
      return Object.fromEntries(users.map((u) => [u.email, { firstName: u.firstName, lastName: u.lastName }]));
    },
    diff: (d, a) => diffEntries(d, a, (n) => `${n} super user(s)`),
    async apply(ctx, change, actual) {
      const host = hostOf(ctx);
      const registry = await host.registry();
      await replaceUsers(registry, code, Object.entries(desired).map(([email, u]) => ({ email, ...u })));
      await audit(registry, host, code, REGISTRY_KEYS.superUsers, `registry.super-users.${change.action}`, actual, desired);
      return desired;
    },
  };
}

function modulesResource(code: string, desired: ModulesState): Resource<ModulesState, ModulesState> {
  return {
    key: REGISTRY_KEYS.modules,
    kind: 'registry.modules',
    dependsOn: [REGISTRY_KEYS.tenant],
    desired,
    async read(ctx) {
      return readModules(await hostOf(ctx).registry(), code);
    },
    diff(d, a) {
      const change = diffEntries(flattenModules(d), flattenModules(a), () => '');
      if (!change) return undefined;
      const n = (state: ModulesState | undefined) => `${Object.keys(state?.modules ?? {}).length} module(s), ${Object.keys(state?.reports ?? {}).length} report link(s)`;
      return { ...change, summary: change.action === 'delete' ? `remove ${n(a)}` : `${n(d)} (${change.fields.length} change(s))` };
    },
    async apply(ctx, change, actual) {
      const host = hostOf(ctx);
      const registry = await host.registry();
      await inTransaction(registry, (client) => writeModules(client, code, desired));
      await audit(registry, host, code, REGISTRY_KEYS.modules, `registry.modules.${change.action}`, actual && summarise(actual), summarise(desired));
      return desired;
    },
  };
}

export async function readModules(db: Queryable, code: string): Promise<ModulesState> {
  const state: ModulesState = { modules: {}, reports: {} };
  const modules = await db.query<{ module: string }>(`SELECT module FROM tenant_modules WHERE tenant = $1 ORDER BY module`, [code]);
  for (const { module } of modules.rows) state.modules[module] = {};
  const features = await db.query<{ module: string; feature: string; title: string }>(`SELECT module, feature, title FROM tenant_module_features WHERE tenant = $1 ORDER BY module, feature`, [code]);
  for (const f of features.rows) (state.modules[f.module] ??= {})[f.feature] = f.title;
  const links = await db.query<{ template_name: string; module: string; feature: string }>(`SELECT template_name, module, feature FROM report_feature_links WHERE tenant = $1 ORDER BY template_name`, [code]);
  for (const l of links.rows) state.reports[l.template_name] = `${l.module}/${l.feature}`;
  return state;
}

/**
 * Makes the tenant's modules, features and report links exactly `state`: links that go or move
 * first, then features, then modules (the foreign keys' order), then what is new. Each statement
 * touches only rows that differ, so a converged tenant costs reads only.
 */
async function writeModules(db: Queryable, code: string, state: ModulesState): Promise<void> {
  const modules = Object.keys(state.modules);
  const features = Object.entries(state.modules).flatMap(([module, f]) => Object.entries(f).map(([feature, title]) => ({ module, feature, title })));
  const links = Object.entries(state.reports).map(([template, target]) => {
    const [module, feature] = target.split('/');
    return { template, module, feature };
  });
  await db.query(
    `DELETE FROM report_feature_links l WHERE tenant = $1 AND NOT EXISTS (
       SELECT 1 FROM unnest($2::text[], $3::text[], $4::text[]) AS d(template, module, feature)
        WHERE d.template = l.template_name AND d.module = l.module AND d.feature = l.feature)`,
    [code, links.map((l) => l.template), links.map((l) => l.module), links.map((l) => l.feature)],
  );
  await db.query(
    `DELETE FROM tenant_module_features f WHERE tenant = $1 AND NOT EXISTS (
       SELECT 1 FROM unnest($2::text[], $3::text[]) AS d(module, feature) WHERE d.module = f.module AND d.feature = f.feature)`,
    [code, features.map((f) => f.module), features.map((f) => f.feature)],
  );
  await db.query(`DELETE FROM tenant_modules WHERE tenant = $1 AND NOT (module = ANY($2::text[]))`, [code, modules]);
  await db.query(`INSERT INTO tenant_modules (tenant, module) SELECT $1, m FROM unnest($2::text[]) AS m ON CONFLICT DO NOTHING`, [code, modules]);
  await db.query(
    `INSERT INTO tenant_module_features (tenant, module, feature, title)
     SELECT $1, d.module, d.feature, d.title FROM unnest($2::text[], $3::text[], $4::text[]) AS d(module, feature, title)
     ON CONFLICT (tenant, module, feature) DO UPDATE SET title = excluded.title WHERE tenant_module_features.title <> excluded.title`,
    [code, features.map((f) => f.module), features.map((f) => f.feature), features.map((f) => f.title)],
  );
  await db.query(
    `INSERT INTO report_feature_links (tenant, template_name, module, feature)
     SELECT $1, d.template, d.module, d.feature FROM unnest($2::text[], $3::text[], $4::text[]) AS d(template, module, feature)
     ON CONFLICT (tenant, template_name) DO NOTHING`,
    [code, links.map((l) => l.template), links.map((l) => l.module), links.map((l) => l.feature)],
  );
}

/** `modules.<module>` (its features and titles) and `reports.<template>` as one flat map. */
function flattenModules(state: ModulesState | undefined): Record<string, unknown> | undefined {
  if (!state) return undefined;
  const flat: Record<string, unknown> = {};
  for (const [m, f] of Object.entries(state.modules)) flat[`modules.${m}`] = f;
  for (const [t, target] of Object.entries(state.reports)) flat[`reports.${t}`] = target;
  return flat;
}

/**
 * One field per entry added, changed or removed. A set that is empty now is created, one that
 * becomes empty is deleted, anything else is updated; undefined when they hold the same entries.
 */
function diffEntries(desired: Record<string, unknown> | undefined, actual: Record<string, unknown> | undefined, summary: (n: number) => string): Change | undefined {
  const d = desired ?? {};
  const a = actual ?? {};
  const fields: FieldChange[] = [];
  for (const key of [...new Set([...Object.keys(d), ...Object.keys(a)])].sort()) {
    if (!(key in a)) fields.push({ path: key, after: d[key] });
    else if (!(key in d)) fields.push({ path: key, before: a[key] });
    else if (canonicalJson(d[key]) !== canonicalJson(a[key])) fields.push({ path: key, before: a[key], after: d[key] });
  }
  if (!fields.length) return undefined;
  const action = Object.keys(a).length === 0 ? 'create' : Object.keys(d).length === 0 ? 'delete' : 'update';
  const text = summary(Object.keys(action === 'delete' ? a : d).length);
  return { action, fields, ...(text ? { summary: `${action === 'delete' ? 'remove' : 'record'} ${text}` } : {}) };
}

/** Audit rows name what changed, not every link: counts and module names. */
function summarise(state: ModulesState): { modules: string[]; reports: number } {
  return { modules: Object.keys(state.modules).sort(), reports: Object.keys(state.reports).length };
}

async function audit(db: Queryable, host: RegistryHost, tenant: string, target: string, action: string, before: unknown, after: unknown): Promise<void> {
  await appendAudit(db, { ...actorFromEnv(host.env), tenant, action, target, before: before ?? null, after: after ?? null });
}
