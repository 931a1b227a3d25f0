import { describe, expect, it } from 'vitest';
import { deleteReportMapping, deleteResource, getDataStore, getTenant, listModules, listReportMappings, listResources, listTenants, listUsers, replaceModules, replaceUsers, upsertDataStore, upsertReportMapping, upsertResource, upsertTenant } from '../../src/registry/index.ts';
import { useTestRegistry } from '../support/registry.ts';

const reg = useTestRegistry(['acme-training']);

describe('registry repository', () => {
  it('upserts tenants, keeping status unless told otherwise', async () => {
    await upsertTenant(reg.pool, { code: 'beta-corp', name: 'Beta', subdomain: 'beta', isolation: 'database', cluster: 'main', status: 'live' });
    const renamed = await upsertTenant(reg.pool, { code: 'beta-corp', name: 'Beta Corp', subdomain: 'beta', isolation: 'database', cluster: 'main' });
    expect(renamed).toMatchObject({ name: 'Beta Corp', status: 'live', lifecycle: 'active' });
    expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(renamed.createdAt.getTime());
    expect((await listTenants(reg.pool)).map((t) => t.code)).toEqual(['acme-training', 'beta-corp']);
    expect(await getTenant(reg.pool, 'nobody')).toBeUndefined();
    await expect(upsertTenant(reg.pool, { code: 'Bad Code', name: 'x', subdomain: 'x', isolation: 'schema', cluster: 'main' })).rejects.toMatchObject({ code: '23514' });
    await expect(upsertTenant(reg.pool, { code: 'gamma', name: 'G', subdomain: 'beta', isolation: 'schema', cluster: 'main' })).rejects.toMatchObject({ code: '23505' });
  });

  it('keeps resources by tenant and key', async () => {
    await upsertResource(reg.pool, { tenant: 'acme-training', key: 'powerbi/workspace', kind: 'powerbi.workspace', externalId: 'ws-1', state: { name: 'a' } });
    await upsertResource(reg.pool, { tenant: 'acme-training', key: 'powerbi/workspace', kind: 'powerbi.workspace', externalId: 'ws-1', state: { name: 'b' } });
    await upsertResource(reg.pool, { tenant: 'acme-training', key: 'db/schema', kind: 'db.schema' });
    expect((await listResources(reg.pool, 'acme-training')).map((r) => [r.key, r.externalId, r.state])).toEqual([
      ['db/schema', null, {}],
      ['powerbi/workspace', 'ws-1', { name: 'b' }],
    ]);
    expect((await listResources(reg.pool, 'acme-training', 'db.schema')).map((r) => r.key)).toEqual(['db/schema']);
    expect(await deleteResource(reg.pool, 'acme-training', 'db/schema')).toBe(true);
    expect(await deleteResource(reg.pool, 'acme-training', 'db/schema')).toBe(false);
  });

  it('maps template reports to the tenant clones', async () => {
    const mapping = {
      tenant: 'acme-training',
      templateName: 'APTEM-BKSB-HUBSPOT - Operations Leader',
      templateVersion: '1.2',
      templateReportId: 'tpl-1',
      tenantReportId: 'rep-1',
      workspaceId: 'ws-1',
      modelId: 'model-1',
      status: 'active' as const,
    };
    await upsertReportMapping(reg.pool, mapping);
    await upsertReportMapping(reg.pool, { ...mapping, templateVersion: '1.3', templateReportId: 'tpl-2' });
    await upsertReportMapping(reg.pool, { ...mapping, templateName: 'APTEM-BKSB-HUBSPOT - Tutor', status: 'inactive' });
    expect(await listReportMappings(reg.pool, 'acme-training', 'active')).toEqual([{ ...mapping, templateVersion: '1.3', templateReportId: 'tpl-2' }]);
    expect(await listReportMappings(reg.pool, 'acme-training')).toHaveLength(2);
    await deleteReportMapping(reg.pool, 'acme-training', 'APTEM-BKSB-HUBSPOT - Tutor');
    await deleteReportMapping(reg.pool, 'acme-training', 'APTEM-BKSB-HUBSPOT - Tutor');
    expect((await listReportMappings(reg.pool, 'acme-training')).map((m) => m.templateName)).toEqual(['APTEM-BKSB-HUBSPOT - Operations Leader']);
  });

  it('replaces users and modules with exactly the given set', async () => {
    await replaceUsers(reg.pool, 'acme-training', [
      { email: 'Ann@Acme.test', firstName: 'Ann', lastName: 'Lee' },
      { email: 'bob@acme.test', firstName: 'Bob', lastName: 'Ray' },
    ]);
    await replaceUsers(reg.pool, 'acme-training', [
      { email: 'ann@acme.test', firstName: 'Anne', lastName: 'Lee' },
      { email: 'cy@acme.test', firstName: 'Cy', lastName: 'Oh' },
    ]);
    expect(await listUsers(reg.pool, 'acme-training')).toEqual([
      { email: 'ann@acme.test', firstName: 'Anne', lastName: 'Lee' },
      { email: 'cy@acme.test', firstName: 'Cy', lastName: 'Oh' },
    ]);
    await replaceModules(reg.pool, 'acme-training', ['operations', 'finance', 'operations']);
    await replaceModules(reg.pool, 'acme-training', ['operations', 'quality']);
    expect(await listModules(reg.pool, 'acme-training')).toEqual(['operations', 'quality']);
    await replaceModules(reg.pool, 'acme-training', []);
    expect(await listModules(reg.pool, 'acme-training')).toEqual([]);
  });

  it('records where a tenant data lives', async () => {
    const store = {
      tenant: 'acme-training',
      isolation: 'schema' as const,
      cluster: 'main',
      host: 'pg.internal.test',
      port: 5432,
      database: 'tenants',
      schema: 'tenant_acme_training',
      ownerRole: 'tenant_acme_training_owner',
      appRole: 'tenant_acme_training_app',
      biRole: 'tenant_acme_training_bi',
      status: 'provisioning' as const,
    };
    await upsertDataStore(reg.pool, store);
    await upsertDataStore(reg.pool, { ...store, status: 'ready' });
    expect(await getDataStore(reg.pool, 'acme-training')).toEqual({ ...store, status: 'ready' });
    expect(await getDataStore(reg.pool, 'beta-corp')).toBeUndefined();
  });
});
