// The registry's record of where the tenant's data lives (data_stores: cluster, host, database,
// schema, role names, status), so the platform's application routes a tenant without guessing. In
// byod the customer's connection strings are sealed there too: the next action (Power BI) reads
// its credentials from the registry, never from a step output.
import type { Resource } from '../plan/index.ts';
import { getDataStore, readSecret, storeSecret, upsertDataStore, type DataStoreStatus } from '../registry/index.ts';
import { defineDbResource } from './resource.ts';
import { countWrite } from './sql.ts';
import type { DbSpec, DbTarget } from './types.ts';

export interface RouteState {
  isolation: string;
  cluster: string;
  /** `host:port`; byod `secret:<name>` while it matches the secret. */
  address: string;
  database: string;
  schema: string;
  roles: { owner: string; app: string; bi: string };
  status: DataStoreStatus;
  /** byod: registry secrets that hold the secrets' current values (names, never values). */
  sealed?: string[];
}

function statusOf(spec: DbSpec): DataStoreStatus {
  return spec.lifecycle === 'active' ? 'ready' : spec.lifecycle;
}

export function desiredRoute(spec: DbSpec): RouteState {
  const state: RouteState = {
    isolation: spec.isolation,
    cluster: spec.cluster,
    address: spec.address,
    database: spec.database,
    schema: spec.schema,
    roles: { ...spec.labels },
    status: statusOf(spec),
  };
  // Only the names: the values are read from the environment when applying.
  const sealed = spec.strategy.sealedSecrets(spec, {});
  if (sealed.length) state.sealed = sealed.map((s) => s.name).sort();
  return state;
}

export function routeResource(spec: DbSpec): Resource {
  const desired = desiredRoute(spec);
  return defineDbResource<RouteState, RouteState>({
    key: 'db/route',
    kind: 'db.route',
    // Recorded once the store is ready to be used: its data model and privileges are in place.
    dependsOn: ['db/migrations'],
    spec,
    desired,
    diff: { summary: { create: `record the tenant's data store in the registry (${desired.status})`, update: `update the registry's record of the data store (${desired.status})` } },
    read: readRoute,
    async apply(target) {
      const registry = await target.services.registry();
      await upsertDataStore(registry, {
        tenant: spec.tenant,
        isolation: spec.isolation,
        cluster: spec.cluster,
        host: target.host,
        port: target.port,
        database: target.databaseName,
        schema: spec.schema,
        ownerRole: target.roles.owner,
        appRole: target.roles.app,
        biRole: target.roles.bi,
        status: statusOf(spec),
      });
      countWrite();
      for (const { name, value } of spec.strategy.sealedSecrets(spec, target.services.env)) {
        const current = value();
        target.services.log.mask(current);
        if ((await readSecret(registry, target.services.keyring(), spec.tenant, name)) === current) continue;
        await storeSecret(registry, target.services.keyring(), spec.tenant, name, current);
        countWrite();
      }
      return desired;
    },
  });
}

async function readRoute(target: DbTarget): Promise<RouteState | undefined> {
  const { spec } = target;
  const registry = await target.services.registry();
  const row = await getDataStore(registry, spec.tenant);
  if (!row) return undefined;
  const here = row.host === target.host && row.port === target.port;
  const state: RouteState = {
    isolation: row.isolation,
    cluster: row.cluster,
    // Shown as the spec shows them while they agree with where the target is (byod addresses and
    // databases come from the secret: the secret's name is what plans show).
    address: here ? spec.address : `${row.host}:${row.port}`,
    database: row.database === target.databaseName ? spec.database : row.database,
    schema: row.schema,
    roles: { owner: target.label(row.ownerRole ?? ''), app: target.label(row.appRole ?? ''), bi: target.label(row.biRole ?? '') },
    status: row.status,
  };
  const sealed = spec.strategy.sealedSecrets(spec, target.services.env);
  if (sealed.length) {
    const current: string[] = [];
    for (const { name, value } of sealed) {
      const stored = await readSecret(registry, target.services.keyring(), spec.tenant, name);
      if (stored !== undefined) target.services.log.mask(stored);
      if (stored !== undefined && stored === value()) current.push(name);
    }
    state.sealed = current.sort();
  }
  return state;
}
