// Isolation asserted on the catalog: every role of the given tenants against every object of the
// others, through src/db's findCrossTenantPrivileges (the QA checklist's isolation check uses the
// same function). The tenants' roles and stores come from the registry, as the product records them.
import pg from 'pg';
import { findCrossTenantPrivileges, type AuditedTenant, type CrossTenantPrivilege } from '../../src/db/index.ts';
import { getDataStore } from '../../src/registry/index.ts';
import { databaseUrl, withClient } from './pg.ts';

/** The tenants as the registry records their stores and roles. */
export async function auditedTenants(registryUrl: string, codes: readonly string[]): Promise<AuditedTenant[]> {
  return withClient(registryUrl, async (registry) => {
    const out: AuditedTenant[] = [];
    for (const code of codes) {
      const store = await getDataStore(registry, code);
      if (!store) throw new Error(`tenant ${code} has no data store in the registry`);
      const roles = [store.ownerRole, store.appRole, store.biRole].filter((r): r is string => Boolean(r));
      out.push({ code, database: store.database, schema: store.schema, roles: [...new Set(roles)] });
    }
    return out;
  });
}

/**
 * What any of the tenants' roles may do to another's objects on the worker's cluster, read as
 * the superuser; `otherDatabases` no tenant role may reach at all (e.g. `postgres`).
 */
export async function findCatalogLeaks(registryUrl: string, codes: readonly string[], otherDatabases: string[] = []): Promise<CrossTenantPrivilege[]> {
  const tenants = await auditedTenants(registryUrl, codes);
  const clients: pg.Client[] = [];
  try {
    return await findCrossTenantPrivileges(
      async (database) => {
        const client = new pg.Client({ connectionString: databaseUrl(database), application_name: 'tenantops-test-audit' });
        clients.push(client);
        await client.connect();
        return client;
      },
      tenants,
      { otherDatabases },
    );
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/** One line per leak, for a readable failure. */
export function describeLeaks(leaks: readonly CrossTenantPrivilege[]): string[] {
  return leaks.map((l) => `${l.role} (${l.tenant}) has ${l.privilege} on ${l.object}${l.objectTenant ? ` of ${l.objectTenant}` : ''}`);
}
