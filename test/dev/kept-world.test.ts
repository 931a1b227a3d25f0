// What a kept sandbox relies on from the emulators, in-process and fast: a virtual clock that hands
// over to real time, and snapshots of the world, the GoDaddy zones and the Entra apps that survive
// JSON and come back whole in fresh emulators (as they do across `npm start`s).
import { ClientSecretCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { createVirtualClock, createWorld, startEntra, startGodaddy, type World } from '@tenantops/emulators';
import { call, testTls } from '@tenantops/emulators/testing';
import { loadInputs } from '../../src/run/index.ts';
import { seedWorld } from '../../dev/seed.ts';
import { repoRoot } from '../support/repo.ts';

const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('a virtual clock following real time', () => {
  it('goes on from the time it shows, with the wall clock, and its sleeps wait for real', async () => {
    const clock = createVirtualClock(Date.now() + 60_000);
    await clock.sleep(5_000); // virtual: at once
    const shown = clock.now();
    clock.followRealTime();
    expect(clock.now()).toBeGreaterThanOrEqual(shown);
    const started = Date.now();
    await clock.sleep(60);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect(clock.now() - shown).toBeGreaterThanOrEqual(50);
    clock.advance(1_000);
    expect(clock.now() - shown).toBeGreaterThanOrEqual(1_050);
  });
});

describe('emulator snapshots', () => {
  it('restore the world whole; a refresh that was running comes back cancelled', async () => {
    const { inputs } = await loadInputs(repoRoot);
    const world = createWorld();
    const deployer = { objectId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', clientId: '0b8c9d1e-2f3a-4b5c-8d7e-9f0a1b2c3d4e', displayName: 'deployer' };
    const seed = await seedWorld(world, { root: repoRoot, platform: inputs!.platform, deployer, catalog: inputs!.catalog.slice(0, 3) });
    const actor = world.resolveActor(deployer.objectId);
    world.startRefresh(actor, seed.templateModelId, { requestId: 'r1', refreshType: 'ViaApi' });

    const restored = createWorld();
    restored.restore(viaJson(world.snapshot()));
    const modelIn = (w: World) => (w.dump() as { items: { id: string; semanticModel: { refreshes: { status: string }[] } }[] }).items.find((i) => i.id === seed.templateModelId)!.semanticModel;
    const { refreshes, ...model } = modelIn(restored);
    const { refreshes: running, ...original } = modelIn(world);
    expect(running.map((r) => r.status)).toEqual(['Unknown']);
    expect(refreshes.map((r) => r.status)).toEqual(['Cancelled']);
    expect(model).toEqual(original);
    expect(restored.listItems(actor, seed.templateWorkspaceId).map((i) => i.displayName).sort()).toEqual(world.listItems(actor, seed.templateWorkspaceId).map((i) => i.displayName).sort());
    // Seeding a kept world adds nothing it already has.
    await seedWorld(restored, { root: repoRoot, platform: inputs!.platform, deployer, catalog: inputs!.catalog.slice(0, 3) });
    expect(restored.listItems(actor, seed.templateWorkspaceId)).toHaveLength(4);
    expect(restored.listCapacities()).toHaveLength(world.listCapacities().length);
  });

  it('restore the GoDaddy zones and the Entra app registrations into new emulators', async () => {
    const tls = testTls();
    const credential = { key: 'synthetic-key', secret: 'synthetic-secret' };
    const before = await startGodaddy({ tls, credentials: [credential], domains: { 'example.org': {} } });
    before.putRecords('example.org', [{ type: 'CNAME', name: 'app', data: 'host.example.net', ttl: 600 }]);
    const zone = viaJson(before.snapshot());
    await before.stop();
    const after = await startGodaddy({ tls, credentials: [credential], domains: { 'example.org': {} } });
    after.restore(zone);
    const reply = await call(`${after.url}/v1/domains/example.org/records/CNAME/app`, 'GET', { headers: { authorization: `sso-key ${credential.key}:${credential.secret}` }, ca: tls.caPem });
    expect(reply.json).toEqual([{ type: 'CNAME', name: 'app', data: 'host.example.net', ttl: 600 }]);
    await after.stop();

    const app = { clientId: '0b8c9d1e-2f3a-4b5c-8d7e-9f0a1b2c3d4e', secret: 'synthetic-secret-0001', objectId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', displayName: 'deployer' };
    const tenantId = '6c1e3a52-0f0b-4d8e-9a51-1f6b2f3c4d5e';
    const first = await startEntra({ tls, tenantId, apps: [] });
    first.addApp(app);
    const apps = viaJson(first.snapshot());
    await first.stop();
    const second = await startEntra({ tls, tenantId, apps: [] });
    second.restore(apps);
    const token = await new ClientSecretCredential(tenantId, app.clientId, app.secret, { authorityHost: second.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: tls.caPem } } as never).getToken('https://analysis.windows.net/powerbi/api/.default');
    expect((await second.verifyAccessToken(`Bearer ${token!.token}`, { audience: 'https://analysis.windows.net/powerbi/api' })).ok).toBe(true);
    expect(() => second.restore({ ...apps, tenantId: '00000000-0000-4000-8000-000000000000' })).toThrow(/cannot be restored/);
    await second.stop();
  });
});
