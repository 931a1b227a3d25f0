// The whole pipeline — provision-db, powerbi-deploy, dns — for every tenant of the repository on
// the sandbox, as `npm start` runs it: each tenant gets exactly its own stack, analytics see only
// its own rows, and a second run changes nothing anywhere.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDbCredentials } from '../../src/db/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { applyTenants, type Inputs, type Services } from '../../src/run/index.ts';
import { refreshTenants, verifyPowerBiTenant } from '../../src/powerbi/index.ts';
import type { Sandbox } from '../../dev/sandbox.ts';
import { openSandboxWorld, worldWrites, type SandboxWorld } from '../support/sandbox.ts';

let root: string;
let sandbox: Sandbox;
let services: Services;
let world: Inputs;
const log = createMemoryLogger();

let opened: SandboxWorld | undefined;
beforeAll(async () => {
  opened = await openSandboxWorld(log);
  ({ root, sandbox, world, services } = opened);
}, 120_000);

afterAll(async () => {
  await services?.close();
  await opened?.stop();
});

const writes = () => worldWrites(sandbox).length;

describe('the pipeline on the sandbox', () => {
  it('gives every tenant its own profile, workspace, model bound to its database, and its reports', async () => {
    const result = await applyTenants(world, services, { actor: 'test' });
    expect(result.tenants.map((t) => [t.tenant, t.failed.length, t.skipped.length])).toEqual([
      ['acme-training', 0, 0],
      ['beta-corp', 0, 0],
      ['gamma-skills', 0, 0],
    ]);
    const state = sandbox.world.state;
    for (const [code, reports] of [['acme-training', 42], ['beta-corp', 35], ['gamma-skills', 24]] as const) {
      const profiles = [...state.profiles.values()].filter((p) => p.displayName === `tenant-${code}`);
      const workspaces = [...state.workspaces.values()].filter((w) => w.displayName === `tenant-${code}`);
      expect(profiles, code).toHaveLength(1);
      expect(workspaces, code).toHaveLength(1);
      const items = [...state.items.values()].filter((i) => i.workspaceId === workspaces[0].id);
      const models = items.filter((i) => i.type === 'SemanticModel');
      expect(models, code).toHaveLength(1);
      expect(models[0].semanticModel!.owner).toEqual({ kind: 'profile', principalId: profiles[0].principalId, profileId: profiles[0].id });
      const creds = await readDbCredentials(await services.registry(), services.keyring(), code, log);
      expect(models[0].semanticModel!.parameterValues).toMatchObject({ Host: creds.host, Port: String(creds.port), Database: creds.database, Schema: creds.schema });
      const bound = items.filter((i) => i.type === 'Report');
      expect(bound, code).toHaveLength(reports);
      expect(bound.every((r) => r.report!.datasetId === models[0].id), code).toBe(true);
    }
    const txt = sandbox.godaddy!.records('tenants.example.com').filter((r) => r.type === 'CNAME').map((r) => r.name).sort();
    expect(txt).toEqual(['acme-training', 'beta', 'gamma-skills']);
  }, 240_000);

  it("shows each tenant only its own rows through executeQueries, after a refresh", async () => {
    // The platform's application writes a learner per tenant, as the tenant's app role.
    for (const code of ['acme-training', 'beta-corp']) {
      const c = await readDbCredentials(await services.registry(), services.keyring(), code, log);
      const client = new pg.Client({ host: c.host, port: c.port, database: c.database, user: c.app.user, password: c.app.password });
      await client.connect();
      await client.query(`INSERT INTO ${pg.escapeIdentifier(c.schema)}.learners (first_name, last_name, uln) VALUES ('Ada', 'Lovelace', '1234567890')`);
      await client.end();
    }
    const tenants = world.tenants.map((t) => t.config).filter((t) => t.code !== 'gamma-skills');
    const refreshed = await refreshTenants(services, { tenants, wait: true });
    expect(refreshed.map((r) => r.status)).toEqual(['Completed', 'Completed']);
    for (const tenant of tenants) {
      const verification = await verifyPowerBiTenant(services, tenant);
      expect(verification.checks.filter((c) => !c.ok), tenant.code).toEqual([]);
      // Rows were loaded, and they are this tenant's alone.
      expect(verification.checks.find((c) => c.name === 'data')?.detail).toBe(`only ${tenant.code}'s marker rows`);
    }
  }, 120_000);

  it('a second run changes nothing, anywhere', async () => {
    const before = writes();
    const result = await applyTenants(world, services, { actor: 'test' });
    expect(result.tenants.flatMap((t) => t.applied)).toEqual([]);
    expect(writes() - before).toBe(0);
  }, 120_000);
});
