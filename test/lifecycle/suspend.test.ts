// Suspend → resume, each an ordinary plan of updates (no deletes) derived from `lifecycle`: the
// tenant's logins refused while suspended (a byod tenant's customer-owned BI role included), its
// model's scheduled refresh off, its DNS record at the platform's maintenance target; each
// restored on resume.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGodaddyProvider } from '../../src/dns/index.ts';
import type { TenantConfig } from '../../src/config/index.ts';
import { readDbCredentials } from '../../src/db/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { openRegistry, parseKeyring } from '../../src/registry/index.ts';
import { planOnline } from '../../src/run/index.ts';
import { createVirtualClock, startGodaddy } from '@tenantops/emulators';
import { testTls } from '@tenantops/emulators/testing';
import { connectAs, sqlstate, withAdmin } from '../support/pg.ts';
import { createDbWorld, type DbWorld } from '../support/db-world.ts';
import { changesOf, dnsHarness, platformConfig, tenantConfig, ZONE } from '../support/dns.ts';
import { startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';
import { copyRepo } from '../support/repo.ts';

const suspended = <T extends { lifecycle: TenantConfig['lifecycle'] }>(t: T): T => ({ ...t, lifecycle: 'suspended' });

describe('logins', () => {
  let world: DbWorld;
  beforeAll(async () => {
    world = await createDbWorld();
    // The customer brings its own BI role, and lets its connection's role administer it.
    const customer = await world.customer('cust_s', { createRole: true });
    const bi = await world.customerRole('cust_s_bi');
    await withAdmin((c) => c.query(`GRANT ${c.escapeIdentifier(bi.role)} TO ${c.escapeIdentifier(customer.role)} WITH ADMIN OPTION`));
    Object.assign(world.env, { CUST_S_URL: customer.url, CUST_S_BI_URL: bi.url.replace('/postgres', `/${customer.database}`) });
  }, 120_000);
  afterAll(async () => {
    await world?.cleanup();
  });

  async function login(code: string, purpose: 'app' | 'bi'): Promise<string | undefined> {
    const registry = openRegistry(world.registry.url, createMemoryLogger());
    try {
      const c = await readDbCredentials(registry, parseKeyring(world.env), code, createMemoryLogger());
      return await sqlstate(connectAs(c[purpose].user, c[purpose].password, c.database).then((client) => client.end()));
    } finally {
      await registry.end();
    }
  }

  it("are refused while suspended, the byod customer's own BI role included, and work again on resume", async () => {
    const schema = world.tenant('ss', { isolation: 'schema', cluster: 'main' });
    const byod = world.tenant('sb', { isolation: 'byod', connectionSecret: 'CUST_S_URL', biConnectionSecret: 'CUST_S_BI_URL' });
    await world.apply([schema, byod]);
    for (const [code, purpose] of [[schema.code, 'app'], [schema.code, 'bi'], [byod.code, 'bi']] as const) expect(await login(code, purpose), `${code} ${purpose}`).toBeUndefined();

    const services = world.services();
    const plan = await planOnline(world.inputs([suspended(schema), suspended(byod)]), services, { only: ['db'] }).finally(() => services.close());
    // Ordinary updates, nothing deleted.
    expect(plan.tenants.flatMap((t) => t.changes.map((c) => c.action))).not.toContain('delete');
    expect(plan.tenants.find((t) => t.tenant === byod.code)!.changes.map((c) => [c.key, c.action])).toContainEqual(['db/role/bi', 'update']);

    await world.apply([suspended(schema), suspended(byod)]);
    expect(await login(schema.code, 'app')).toBe('28000');
    expect(await login(schema.code, 'bi')).toBe('28000');
    expect(await login(byod.code, 'bi')).toBe('28000');

    await world.apply([schema, byod]);
    expect(await login(schema.code, 'app')).toBeUndefined();
    expect(await login(schema.code, 'bi')).toBeUndefined();
    expect(await login(byod.code, 'bi')).toBeUndefined();
  }, 120_000);
});

describe('DNS', () => {
  it('points the record at dns.maintenanceTarget while suspended, back at dns.target on resume; suspend.dns keep leaves it', async () => {
    const clock = createVirtualClock();
    const emulator = await startGodaddy({ tls: testTls(), clock, credentials: [{ key: 'k', secret: 's' }], domains: { 'example.com': {} } });
    try {
      const provider = createGodaddyProvider({ zone: ZONE, baseUrl: emulator.url, key: 'k', secret: 's', ca: testTls().caPem, now: clock.now, sleep: clock.sleep });
      const platform = { ...platformConfig({ maintenanceTarget: 'maintenance.example.com' }) };
      const h = dnsHarness(provider, { sleep: clock.sleep, platform });
      const t = tenantConfig('acme');
      const target = () => emulator.records('example.com').find((r) => r.type === 'CNAME' && r.name === 'acme.tenants')?.data;
      await h.apply([t]);
      expect(target()).toBe('app.example.com');
      expect(changesOf(await h.plan([suspended(t)]), t.code)).toEqual([['dns/record', 'update']]);
      await h.apply([suspended(t)]);
      expect(target()).toBe('maintenance.example.com');
      expect(changesOf(await h.plan([suspended(t)], { ...platform, suspend: { dns: 'keep' } }), t.code)).toEqual([['dns/record', 'update']]);
      await h.apply([t]);
      expect(target()).toBe('app.example.com');
      expect(changesOf(await h.plan([suspended(t)], { ...platform, suspend: { dns: 'keep' } }), t.code)).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });
});

describe("the model's scheduled refresh", () => {
  let h: Harness;
  let root: string;
  const CODE = 'acme-training';
  beforeAll(async () => {
    root = await copyRepo();
    h = await startHarness({ root });
    await h.provisionData(CODE);
    await h.apply(CODE);
  }, 240_000);
  afterAll(async () => {
    await h?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  const setLifecycle = async (value: string) => {
    const file = join(root, 'tenants', `${CODE}.yaml`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^lifecycle: .*$/m, `lifecycle: ${value}`));
    await h.reload();
  };

  it('is turned off while suspended and back on when the tenant is active again', async () => {
    const model = () => tenantObjects(h, CODE).models[0].semanticModel!;
    // The platform's team scheduled it (tenantops leaves an active tenant's schedule alone).
    model().refreshSchedule = { enabled: true, days: ['Monday'], times: ['07:00'], localTimeZoneId: 'UTC', NotifyOption: 'NoNotification' };
    h.clearLogs();
    await h.apply(CODE);
    expect(h.writes()).toEqual([]);

    await setLifecycle('suspended');
    const plan = await planOnline(h.inputs, h.services(), { tenant: CODE, only: ['powerbi'] });
    expect(plan.tenants[0].changes.find((c) => c.key === 'powerbi/refresh-schedule')).toMatchObject({ action: 'update' });
    expect(plan.tenants[0].changes.map((c) => c.action)).not.toContain('delete');
    await h.apply(CODE);
    expect(model().refreshSchedule).toMatchObject({ enabled: false, days: ['Monday'], times: ['07:00'] });

    await setLifecycle('active');
    h.clearLogs();
    await h.apply(CODE);
    expect(model().refreshSchedule).toMatchObject({ enabled: true, days: ['Monday'], times: ['07:00'] });
    h.clearLogs();
    await h.apply(CODE);
    expect(h.writes()).toEqual([]);
  }, 240_000);
});
