// `tenantops status <code>`: what the registry knows of a tenant's data store, from the registry
// alone. Secrets are listed by name and key id, never by value.
import { EnvironmentError } from '../errors/index.ts';
import { getDataStore, getTenant, listResources, type DataStoreRecord, type Queryable, type TenantRecord } from '../registry/index.ts';

export interface TenantStatusReport {
  tenant: Pick<TenantRecord, 'code' | 'name' | 'lifecycle' | 'status' | 'isolation' | 'cluster'>;
  dataStore: Omit<DataStoreRecord, 'tenant'> | null;
  /** Sealed secrets: name, the id of the key that sealed it, when it was last written. */
  secrets: { name: string; keyId: string; updatedAt: string }[];
  /** Provisioned resources by key, with when each was last applied. */
  resources: { key: string; kind: string; updatedAt: string }[];
}

export async function readTenantStatus(registry: Queryable, code: string): Promise<TenantStatusReport> {
  const tenant = await getTenant(registry, code);
  if (!tenant) throw new EnvironmentError(`tenant ${code} is not in the registry; it has never been applied`);
  const store = await getDataStore(registry, code);
  const { rows: secrets } = await registry.query<{ name: string; keyId: string; updatedAt: Date }>(
    `SELECT name, kid AS "keyId", updated_at AS "updatedAt" FROM secrets WHERE tenant = $1 ORDER BY name`,
    [code],
  );
  const resources = await listResources(registry, code);
  const { code: c, name, lifecycle, status, isolation, cluster } = tenant;
  let dataStore: TenantStatusReport['dataStore'] = null;
  if (store) {
    const { tenant: _, ...rest } = store;
    dataStore = rest;
  }
  return {
    tenant: { code: c, name, lifecycle, status, isolation, cluster },
    dataStore,
    secrets: secrets.map((s) => ({ name: s.name, keyId: s.keyId, updatedAt: new Date(s.updatedAt).toISOString() })),
    resources: resources.map((r) => ({ key: r.key, kind: r.kind, updatedAt: new Date(r.updatedAt).toISOString() })),
  };
}

export function renderTenantStatus(report: TenantStatusReport): string {
  const t = report.tenant;
  const lines = [`${t.code} (${t.name}): ${t.lifecycle}, ${t.status}; ${t.isolation} isolation on ${t.cluster}`];
  const s = report.dataStore;
  if (!s) lines.push('  data store: not provisioned');
  else {
    lines.push(`  data store: ${s.status} — ${s.host}:${s.port}/${s.database}, schema ${s.schema}`);
    lines.push(`  roles: owner ${s.ownerRole ?? '—'}, app ${s.appRole ?? '—'}, bi ${s.biRole ?? '—'}`);
  }
  lines.push(`  secrets: ${report.secrets.length ? report.secrets.map((x) => `${x.name} (key ${x.keyId})`).join(', ') : 'none'}`);
  lines.push(`  resources: ${report.resources.length ? report.resources.map((r) => r.key).join(', ') : 'none'}`);
  return lines.join('\n');
}
