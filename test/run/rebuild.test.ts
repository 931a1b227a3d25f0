// `registry rebuild` after the registry is lost: the sandbox pipeline provisions every tenant (one
// per isolation mode), the registry database is dropped and created again empty, and the rebuild
// re-adopts what the world holds. The next plan is empty, the same objects are recorded under the
// same ids, nothing was duplicated, and the rotated database passwords work end to end.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDbCredentials } from '../../src/db/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { refreshTenants, verifyPowerBiTenant } from '../../src/powerbi/index.ts';
import { listReportMappings, listResources, listTenants, type Queryable } from '../../src/registry/index.ts';
import { applyTenants, planOnline, rebuildRegistry, type Inputs, type Services } from '../../src/run/index.ts';
import type { Sandbox } from '../../dev/sandbox.ts';
import { urlWith, withClient } from '../support/pg.ts';
import { createSandboxServices, openSandboxWorld, worldRequests, worldWrites, type SandboxWorld } from '../support/sandbox.ts';

let root: string;
let sandbox: Sandbox;
let services: Services;
let world: Inputs;
const log = createMemoryLogger();
const TENANTS = ['acme-training', 'beta-corp', 'gamma-skills'];

let opened: SandboxWorld | undefined;
beforeAll(async () => {
  opened = await openSandboxWorld(log);
  ({ root, sandbox, world, services } = opened);
}, 120_000);

afterAll(async () => {
  await services?.close();
  await opened?.stop();
});


/** Requests so far, by id: each emulator keeps only its newest 10,000, so counts cannot tell new ones. */
const requestIds = () => new Set(worldRequests(sandbox).map((r) => r.requestId));

/** What the registry says each tenant's objects are: resource ids and report mappings. */
async function recordedIds(registry: Queryable): Promise<Record<string, Record<string, string | null>>> {
  const out: Record<string, Record<string, string | null>> = {};
  for (const tenant of TENANTS) {
    const ids: Record<string, string | null> = {};
    for (const r of await listResources(registry, tenant)) if (r.externalId) ids[r.key] = r.externalId;
    for (const m of await listReportMappings(registry, tenant)) ids[`mapping:${m.templateName}`] = m.tenantReportId;
    out[tenant] = ids;
  }
  return out;
}

/** Drops the registry database and creates it again, empty: the registry is lost. */
async function loseRegistry(): Promise<void> {
  const url = sandbox.postgres.registry;
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await withClient(urlWith(url, 'postgres'), async (c) => {
    await c.query(`DROP DATABASE ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  });
}

describe('registry rebuild after the registry is lost', () => {
  let before: Awaited<ReturnType<typeof recordedIds>>;
  let objects: { workspaces: number; items: number; profiles: number };
  const count = () => ({ workspaces: sandbox.world.state.workspaces.size, items: sandbox.world.state.items.size, profiles: sandbox.world.state.profiles.size });

  it('provisions every tenant, then loses the registry', async () => {
    const result = await applyTenants(world, services, { actor: 'test' });
    expect(result.tenants.map((t) => [t.tenant, t.failed, t.skipped])).toEqual(TENANTS.map((t) => [t, [], []]));
    before = await recordedIds(await services.registry());
    objects = count();
    await services.close();
    await loseRegistry();
    services = createSandboxServices(sandbox, root, log);
    expect(await listTenants(await services.registry())).toEqual([]);
    // Without the registry the world is orphaned: the plan wants to create what exists.
    const orphaned = await planOnline(world, services, { tenant: 'beta-corp', only: ['db'] });
    expect(orphaned.tenants[0].changes.length).toBeGreaterThan(0);
  }, 300_000);

  it('re-adopts every tenant: nothing missing, refused or failed; passwords rotated', async () => {
    const seen = requestIds();
    const result = await rebuildRegistry(world, services, { actor: 'test' });
    for (const t of result.tenants) {
      expect({ tenant: t.tenant, missing: t.missing, refused: t.refused, failed: t.failed }).toEqual({ tenant: t.tenant, missing: [], refused: [], failed: [] });
      expect(t.adopted).toEqual(expect.arrayContaining(['powerbi/workspace', 'powerbi/model', 'db/store']));
    }
    // The login roles tenantops manages got new passwords (byod's are the customer's: re-sealed from its secrets).
    expect(result.tenants.find((t) => t.tenant === 'acme-training')!.repaired).toEqual(expect.arrayContaining(['db/role/app', 'db/role/bi', 'db/route', 'powerbi/model']));
    // Nothing was created in Power BI, Fabric or DNS: no profile, workspace, item or record set is new.
    expect(count()).toEqual(objects);
    const created = worldWrites(sandbox).filter((r) => !seen.has(r.requestId) && r.method === 'POST' && /\/(groups|profiles|items|semanticModels|Clone)(\?|$)/i.test(r.path));
    expect(created).toEqual([]);
  }, 300_000);

  it('records the same objects under the same ids', async () => {
    expect(await recordedIds(await services.registry())).toEqual(before);
  });

  it('leaves an empty plan, and the next apply changes nothing', async () => {
    const plan = await planOnline(world, services);
    expect(plan.tenants.map((t) => [t.tenant, t.changes.map((c) => `${c.action} ${c.key}`)])).toEqual(TENANTS.map((t) => [t, []]));
    const seen = requestIds();
    const again = await applyTenants(world, services, { actor: 'test' });
    expect(again.tenants.flatMap((t) => t.applied)).toEqual([]);
    expect(worldWrites(sandbox).filter((r) => !seen.has(r.requestId))).toEqual([]);
  }, 300_000);

  it('the rotated passwords work: the app role logs in, the model refreshes and shows only its own rows', async () => {
    const c = await readDbCredentials(await services.registry(), services.keyring(), 'acme-training', log);
    const client = new pg.Client({ host: c.host, port: c.port, database: c.database, user: c.app.user, password: c.app.password });
    await client.connect();
    await client.query(`INSERT INTO ${pg.escapeIdentifier(c.schema)}.learners (first_name, last_name, uln) VALUES ('Ada', 'Lovelace', '1234567890')`);
    await client.end();
    const acme = world.tenants.find((t) => t.config.code === 'acme-training')!.config;
    const refreshed = await refreshTenants(services, { tenants: [acme], wait: true });
    expect(refreshed.map((r) => r.status)).toEqual(['Completed']);
    const verification = await verifyPowerBiTenant(services, acme);
    expect(verification.checks.filter((check) => !check.ok)).toEqual([]);
  }, 120_000);

  it('refuses to rebuild a registry that already records the tenants', async () => {
    await expect(rebuildRegistry(world, services, { actor: 'test' })).rejects.toThrow(
      /^the registry already records acme-training, beta-corp, gamma-skills; rebuild only fills a registry that lost its tenants/,
    );
  });
});
