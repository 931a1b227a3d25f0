// The Fabric client and its long-running-operation loop against the Fabric emulator over HTTPS,
// with tokens from the emulated Entra through @azure/identity: 202 + Location + Retry-After
// followed, /result fetched only when the operation has one, the timeout honoured without
// sleeping past it, failures named, continuation tokens followed, parameters written into the
// definition before upload and read back from the service.
import { join } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteApiError } from '../../src/errors/index.ts';
import { createFabricClient, loadItemFolder, OperationTimeoutError, readParameters, writeParameters, type FabricClient } from '../../src/fabric/index.ts';
import { createHttpClient } from '../../src/http/index.ts';
import { SCOPES, tokenSource } from '../../src/auth/index.ts';
import {
  createTlsMaterial, createVirtualClock, createWorld, type EntraEmulator, type FabricEmulator, startEntra, startFabric, type VirtualClock,
} from '@tenantops/emulators';
import { ConfigurationError } from '../../src/errors/index.ts';

const TENANT = '3f1e2d4c-0000-4000-8000-0000000000bb';
const APP = { clientId: '6a1b2c3d-0000-4000-8000-0000000000b2', secret: 'synthetic-fabric-secret', objectId: '9e8d7c6b-0000-4000-8000-0000000000b2', displayName: 'fabric-test' };
const TEMPLATE = join(import.meta.dirname, '../../templates/semantic-model/Tenant Analytics.SemanticModel');

let clock: VirtualClock;
let entra: EntraEmulator;
let fabric: FabricEmulator;
let workspaceId: string;
let sleeps: number[];

function client(timeoutMs = 600_000): FabricClient {
  const tls = shared.tls;
  const credential = new ClientSecretCredential(TENANT, APP.clientId, APP.secret, { authorityHost: entra.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: tls.caPem } });
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    await clock.sleep(ms);
  };
  const http = createHttpClient({ service: 'fabric', baseUrl: fabric.url, token: tokenSource(credential, SCOPES.fabric), ca: tls.caPem, sleep, now: () => clock.now() });
  return createFabricClient(http, { lro: { sleep, now: () => clock.now(), timeoutMs } });
}

const shared = { tls: await createTlsMaterial() };

beforeAll(async () => {
  clock = createVirtualClock(Date.UTC(2026, 3, 1, 9));
  const world = createWorld({ now: () => clock.now() });
  entra = await startEntra({ tls: shared.tls, tenantId: TENANT, apps: [APP], clock });
  fabric = await startFabric({ world, tls: shared.tls, clock, pageSize: 2, verifyToken: (a, o) => entra.verifyAccessToken(a, o) });
  world.ensurePrincipal({ id: APP.objectId, appId: APP.clientId, displayName: APP.displayName });
  workspaceId = world.createWorkspace(world.resolveActor(APP.objectId), { displayName: 'fabric client tests' }).id;
});
afterAll(async () => {
  await fabric?.stop();
  await entra?.stop();
});

const parameters = { Host: 'db.example.test', Port: '6432', Database: 'tenants', Schema: 'tenant_o"brien' };

describe('long-running operations', () => {
  it('follows a 202 with Retry-After to its result, fetched once', async () => {
    fabric.setLatency({ profile: 'realistic', scale: 1 });
    sleeps = [];
    fabric.clearRequests();
    const definition = writeParameters(loadItemFolder(TEMPLATE), parameters);
    const item = await client().createItem(workspaceId, 'SemanticModel', { displayName: 'lro model', definition });
    fabric.setLatency({ profile: 'instant' });
    expect(item).toMatchObject({ displayName: 'lro model', type: 'SemanticModel' });
    const routes = fabric.requests().map((r) => r.route);
    expect(routes[0]).toBe('semanticModels.create');
    expect(routes.filter((r) => r === 'operations.result')).toHaveLength(1);
    expect(routes.at(-1)).toBe('operations.result');
    // Every wait is the service's Retry-After: whole seconds, none invented.
    expect(sleeps.length).toBeGreaterThan(0);
    for (const ms of sleeps) expect(ms % 1000).toBe(0);
  });

  it('writes the parameters into the definition and reads them back from the service', async () => {
    const c = client();
    const item = (await c.listItems(workspaceId, 'SemanticModel')).find((i) => i.displayName === 'lro model')!;
    const definition = await c.getDefinition(workspaceId, 'SemanticModel', item.id);
    expect(readParameters(definition!)).toEqual(parameters);
  });

  it('fetches no result when the operation has none (updateDefinition)', async () => {
    const c = client();
    const item = (await c.listItems(workspaceId, 'SemanticModel')).find((i) => i.displayName === 'lro model')!;
    fabric.clearRequests();
    await c.updateDefinition(workspaceId, 'SemanticModel', item.id, writeParameters(loadItemFolder(TEMPLATE), { ...parameters, Database: 'other' }));
    expect(fabric.requests().map((r) => r.route)).not.toContain('operations.result');
    expect(readParameters((await c.getDefinition(workspaceId, 'SemanticModel', item.id))!).Database).toBe('other');
  });

  it('gives up past its timeout, never sleeping beyond it, after one last poll', async () => {
    fabric.setLatency({ profile: 'realistic', scale: 50 });
    sleeps = [];
    fabric.clearRequests();
    const started = clock.now();
    const err = await client(30_000)
      .createItem(workspaceId, 'SemanticModel', { displayName: 'stuck model', definition: writeParameters(loadItemFolder(TEMPLATE), parameters) })
      .then(() => undefined, (e: unknown) => e);
    fabric.setLatency({ profile: 'instant' });
    expect(err).toBeInstanceOf(OperationTimeoutError);
    expect((err as OperationTimeoutError).operationId).toMatch(/^[0-9a-f-]{36}$/);
    expect((err as Error).message).toMatch(/did not finish within/);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30_000);
    expect(clock.now() - started).toBeGreaterThanOrEqual(30_000);
    expect(fabric.requests().filter((r) => r.route === 'operations.get').length).toBeGreaterThanOrEqual(1);
  });

  it("names a failed operation's error code and message", async () => {
    fabric.planOperationFailures({ count: 1, itemType: 'SemanticModel', errorCode: 'SyntheticFailure', message: 'the model could not be created' });
    const err = await client()
      .createItem(workspaceId, 'SemanticModel', { displayName: 'failing model', definition: writeParameters(loadItemFolder(TEMPLATE), parameters) }, 'powerbi/model')
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteApiError);
    expect((err as RemoteApiError).details).toMatchObject({ code: 'SyntheticFailure', resource: 'powerbi/model' });
    expect((err as Error).message).toContain('the model could not be created');
  });
});

describe('lists and definitions', () => {
  it('follows continuation tokens', async () => {
    const c = client();
    for (const n of [1, 2, 3, 4, 5]) await c.createItem(workspaceId, 'Lakehouse', { displayName: `lake${n}` });
    fabric.clearRequests();
    const lakes = await c.listItems(workspaceId, 'Lakehouse');
    expect(lakes.map((l) => l.displayName).sort()).toEqual(['lake1', 'lake2', 'lake3', 'lake4', 'lake5']);
    expect(fabric.requests().filter((r) => r.route?.includes('list')).length).toBe(3);
  });

  it('refuses a parameter the template does not declare, naming it', () => {
    expect(() => writeParameters(loadItemFolder(TEMPLATE), { Hostname: 'x' })).toThrow(ConfigurationError);
    expect(() => writeParameters(loadItemFolder(TEMPLATE), { Hostname: 'x' })).toThrow(/M parameter Hostname is not declared/);
  });

  it('hashes the template as it is in git, whatever parameters are written', () => {
    const loaded = loadItemFolder(TEMPLATE);
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
    const a = writeParameters(loaded, parameters);
    const b = writeParameters(loaded, { ...parameters, Schema: 'other' });
    expect(a.parts.find((p) => p.path.endsWith('expressions.tmdl'))!.payload).not.toBe(b.parts.find((p) => p.path.endsWith('expressions.tmdl'))!.payload);
    expect(loadItemFolder(TEMPLATE).hash).toBe(loaded.hash);
  });
});
