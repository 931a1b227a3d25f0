// What a tenant file asks of its data store, computed offline from the tenant file and
// platform.yaml (no secret is read here): the one input every db resource is built from. The
// isolation strategy is chosen here, once per tenant, and travels in the spec.
import type { PlatformConfig, TenantConfig } from '../config/index.ts';
import { InternalError } from '../errors/index.ts';
import { deriveNames, type DerivedNames } from '../naming/index.ts';
import { chooseIsolation } from './isolation/index.ts';
import type { DataStoreLocation, DataStoreState, DbSpec, Purpose } from './types.ts';

/**
 * Per-role connection limits (`ALTER ROLE ... CONNECTION LIMIT`): the application pools, Power BI
 * refreshes a model at a time. The owner never logs in; its 0 keeps it that way should someone
 * grant it LOGIN.
 */
export const CONNECTION_LIMITS: Readonly<Record<Purpose, number>> = { owner: 0, app: 20, bi: 5 };

const DERIVED = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Where the tenant's store lives, with its server: what the semantic model's parameters point at.
 * `names` are the run's (deriveNames of the tenant's code), derived here only when not given.
 */
export function locateDataStore(tenant: TenantConfig, platform: PlatformConfig, names: DerivedNames = deriveNames(tenant.code)): DataStoreLocation {
  return chooseIsolation(tenant).locate(tenant, platform, names);
}

/** The data store a tenant file asks for, as plans and the registry's tenants row show it. */
export function dataStoreOf(tenant: TenantConfig, platform: PlatformConfig, names?: DerivedNames): DataStoreState {
  const { isolation, cluster, database, schema } = locateDataStore(tenant, platform, names);
  return { isolation, cluster, database, schema };
}

export function dbSpecOf(tenant: TenantConfig, platform: PlatformConfig, names: DerivedNames = deriveNames(tenant.code)): DbSpec {
  const strategy = chooseIsolation(tenant);
  const roles: Record<Purpose, string> = { ...names.roles };
  for (const name of [...Object.values(roles), names.schema, names.database]) {
    // deriveNames validated the code; this keeps any future rule change from producing a name
    // that would need quoting rules we do not test.
    if (!DERIVED.test(name)) throw new InternalError(`derived name ${JSON.stringify(name)} is not a plain identifier`);
  }
  return {
    ...strategy.locate(tenant, platform, names),
    ...strategy.roles(tenant, names),
    tenant: tenant.code,
    strategy,
    connectionSecret: tenant.database.connectionSecret,
    biConnectionSecret: tenant.database.biConnectionSecret,
    lifecycle: tenant.lifecycle,
    deletionPolicy: tenant.deletionPolicy,
    roles,
  };
}

/** Whether the tenant's data is to be dropped: decommissioned with deletionPolicy delete, where its mode allows it. */
export function dropsData(spec: DbSpec): boolean {
  return spec.lifecycle === 'decommissioned' && spec.deletionPolicy === 'delete' && spec.strategy.mayDropData;
}

/** Whether the tenant's login roles may log in now. */
export function canLogIn(spec: DbSpec): boolean {
  return spec.lifecycle === 'active';
}
