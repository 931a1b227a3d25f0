// The registry's record of where the tenant's data lives (data_stores: cluster, host, database,
// schema, role names, status), so the platform's application routes a tenant without guessing. In
// byod the customer's connection strings are sealed there too: the next action (Power BI) reads
// its credentials from the registry, never from a step output.
import type { Resource } from '../plan/index.ts';
import { getDataStore, readSecret, storeSecret, upsertDataStore, type DataStoreStatus } from '../registry/index.ts';
import { resolveSecret } from '../config/index.ts';
import { defineDbResource } from './resource.ts';
import { passwordSecretName } from './roles.ts';
import type { DbSpec } from './spec.ts';
import { countWrite } from './sql.ts';
import type { DbTarget } from './target.ts';

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

/** Registry secret names of a byod tenant's connection strings. */
export const BYOD_SECRETS = { connection: 'db.byod.connection', biConnection: 'db.byod.bi-connection' } as const;

function statusOf(spec: DbSpec): DataStoreStatus {
  return spec.lifecycle === 'active' ? 'ready' : spec.lifecycle;
}

/**
 * What a byod tenant seals in the registry, by registry name, with where its value comes from.
 * When the customer brings its own roles, their passwords are sealed under the same names as
 * the roles tenantops creates (db.app.password, db.bi.password): one contract for the next action.
 */
function byodSecrets(spec: DbSpec, env: NodeJS.ProcessEnv): { name: string; value: () => string }[] {
  if (spec.isolation !== 'byod') return [];
  const url = (secret: string) => resolveSecret(secret, env);
  const password = (secret: string) => decodeURIComponent(new URL(url(secret)).password);
  const list: { name: string; value: () => string }[] = [{ name: BYOD_SECRETS.connection, value: () => url(spec.connectionSecret!) }];
  if (spec.biConnectionSecret) {
    list.push(
      { name: BYOD_SECRETS.biConnection, value: () => url(spec.biConnectionSecret!) },
      { name: passwordSecretName('app'), value: () => password(spec.connectionSecret!) },
      { name: passwordSecretName('bi'), value: () => password(spec.biConnectionSecret!) },
    );
  }
  return list;
}

export function desiredRoute(spec: DbSpec): RouteState {
  const state: RouteState = {
    isolation: spec.isolation,
    cluster: spec.cluster,
    address: spec.isolation === 'byod' ? spec.host : `${spec.host}:${spec.port}`,
    database: spec.database,
    schema: spec.schema,
    roles: { ...spec.labels },
    status: statusOf(spec),
  };
  if (spec.isolation === 'byod') state.sealed = byodSecrets(spec, {}).map((s) => s.name).sort();
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
      for (const { name, value } of byodSecrets(spec, target.services.env)) {
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
  const byod = spec.isolation === 'byod';
  const here = row.host === target.host && row.port === target.port;
  const state: RouteState = {
    isolation: row.isolation,
    cluster: row.cluster,
    // byod addresses come from the secret: shown as its name while they agree with it.
    address: byod && here ? spec.host : `${row.host}:${row.port}`,
    database: byod && row.database === target.databaseName ? spec.database : row.database,
    schema: row.schema,
    roles: { owner: target.label(row.ownerRole ?? ''), app: target.label(row.appRole ?? ''), bi: target.label(row.biRole ?? '') },
    status: row.status,
  };
  if (byod) {
    const current: string[] = [];
    for (const { name, value } of byodSecrets(spec, target.services.env)) {
      const stored = await readSecret(registry, target.services.keyring(), spec.tenant, name);
      if (stored !== undefined) target.services.log.mask(stored);
      if (stored !== undefined && stored === value()) current.push(name);
    }
    state.sealed = current.sort();
  }
  return state;
}
