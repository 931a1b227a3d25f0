// One tenant's resource graph: its TenantContext (names, host name, matched reports, derived once
// here at the top of a run) handed to each capability, filtered to the slice asked for
// (`--only db|powerbi|dns|registry`). Dependencies on resources outside the slice are dropped, since
// a slice runs after the steps it depends on (the workflow orders the actions).
import { matchReports, pinsOf, type MatchedReport } from '../catalog/index.ts';
import type { TenantConfig, TenantContext } from '../config/index.ts';
import { dbCapability, readTenantMigrations, type TenantMigration } from '../db/index.ts';
import { dnsCapability } from '../dns/index.ts';
import { deriveNames, tenantHostname } from '../naming/index.ts';
import type { Capability, KindLabel, Resource } from '../plan/index.ts';
import { powerBiCapability } from '../powerbi/index.ts';
import { registryCapability } from '../registry/index.ts';
import type { Inputs } from './inputs.ts';

/** Every capability by its `--only` name, in the order a run applies them. */
const CAPABILITIES = {
  db: dbCapability,
  powerbi: powerBiCapability,
  dns: dnsCapability,
  // Last: its report links describe what Power BI deployed.
  registry: registryCapability,
} as const satisfies Record<string, Capability<TenantContext>>;

export type CapabilityName = keyof typeof CAPABILITIES;
export const CAPABILITY_NAMES = Object.keys(CAPABILITIES) as CapabilityName[];

/** How plans name long lists of one kind ("42 reports to clone"), gathered from every capability. */
export const KIND_LABELS: Readonly<Record<string, KindLabel>> = Object.assign({}, ...Object.values(CAPABILITIES).map((c) => c.labels ?? {}));

// Per inputs (a run's, or the sandbox's copy with its own platform) and tenant file: a step that
// plans, applies and then summarises a tenant derives its context once, not three times.
const contexts = new WeakMap<Inputs, WeakMap<TenantConfig, TenantContext>>();

/** Everything a run derives from one of its tenant files, once; capabilities read it, never re-derive it. */
export function tenantContext(inputs: Inputs, config: TenantConfig): TenantContext {
  let byTenant = contexts.get(inputs);
  if (!byTenant) contexts.set(inputs, (byTenant = new WeakMap()));
  let ctx = byTenant.get(config);
  if (!ctx) byTenant.set(config, (ctx = deriveTenantContext(inputs, config)));
  return ctx;
}

/**
 * tenantContext without keeping it: a plan of the whole fleet streamed tenant by tenant derives
 * each context when the tenant's turn comes and lets it go after.
 */
export function deriveTenantContext(inputs: Inputs, config: TenantConfig): TenantContext {
  return {
    config,
    platform: inputs.platform,
    root: inputs.root,
    names: deriveNames(config.code),
    hostname: tenantHostname(config.subdomain, inputs.platform.dns.zone),
    reports: sharedReports(inputs, config),
    // The db capability's (DbTenant): read when first asked for, so a plan without db never reads it.
    get migrations() {
      return runMigrations(inputs);
    },
  } as TenantContext;
}

// templates/tenant-migrations, read once per run: reading it per tenant (with the stat calls that
// tell an edited file) cost over a second of a 10,000-tenant plan, which makes each tenant twice.
const migrations = new WeakMap<Inputs, readonly TenantMigration[]>();

function runMigrations(inputs: Inputs): readonly TenantMigration[] {
  let files = migrations.get(inputs);
  if (!files) migrations.set(inputs, (files = readTenantMigrations(inputs.root)));
  return files;
}

// Tenants of one provider combination, modules and pins get the same reports: matched once per run
// and shared (read-only), rather than 42 objects made and kept for each of 10,000 tenants.
const matched = new WeakMap<Inputs, Map<string, MatchedReport[]>>();

function sharedReports(inputs: Inputs, config: TenantConfig): MatchedReport[] {
  const pinned = pinsOf(inputs.pins ?? [], config.code);
  const key = JSON.stringify([config.providers, [...config.modules].sort(), [...pinned.values()].map((r) => r.name).sort()]);
  let byKey = matched.get(inputs);
  if (!byKey) matched.set(inputs, (byKey = new Map()));
  let reports = byKey.get(key);
  if (!reports) byKey.set(key, (reports = matchReports({ providers: config.providers, modules: config.modules }, inputs.catalog, pinned)));
  return reports;
}

/** Kinds a rebuild may write again although nothing of them is in the world (Capability.recordKinds). */
export const RECORD_KINDS: ReadonlySet<string> = new Set(Object.values(CAPABILITIES).flatMap((c: Capability<TenantContext>) => c.recordKinds ?? []));

export function tenantResources(ctx: TenantContext, only?: readonly CapabilityName[]): Resource[] {
  const wanted = new Set<CapabilityName>(only?.length ? only : CAPABILITY_NAMES);
  const resources = CAPABILITY_NAMES.filter((name) => wanted.has(name)).flatMap((name) => CAPABILITIES[name].desiredResources(ctx));
  const keys = new Set(resources.map((r) => r.key));
  return resources.map((r) => (r.dependsOn.every((d) => keys.has(d)) ? r : withDependsOn(r, r.dependsOn.filter((d) => keys.has(d)))));
}

/**
 * The same resource with other dependencies: a proxy, so class-based resources keep their methods
 * (bound to the real object, which private fields need).
 */
function withDependsOn(resource: Resource, dependsOn: readonly string[]): Resource {
  return new Proxy(resource, {
    get: (target, prop) => {
      if (prop === 'dependsOn') return dependsOn;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
