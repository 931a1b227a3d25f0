import { describe, expect, it } from 'vitest';
import { createWorld, WorldError, type Actor, type World } from '../../src/world/index.ts';
import { templateFor } from '../support/definitions.ts';

const SP = { id: 'a0000000-0000-4000-8000-000000000001', appId: 'b0000000-0000-4000-8000-000000000001', displayName: 'automation-sp' };

function setup(options: Parameters<typeof createWorld>[0] = {}) {
  let now = Date.parse('2026-01-05T10:00:00Z');
  const world = createWorld({ now: () => now, ...options });
  world.ensurePrincipal(SP);
  const principal = world.resolveActor(SP.id);
  const profileA = world.resolveActor(SP.id, world.createProfile(SP.id, 'tenant-a').id);
  const profileB = world.resolveActor(SP.id, world.createProfile(SP.id, 'tenant-b').id);
  return { world, principal, profileA, profileB, advance: (ms: number) => { now += ms; } };
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof WorldError) return e.code;
    throw e;
  }
  return undefined;
}

/** A workspace of `owner` with the principal added, and a model created by the principal (the Fabric path). */
function modelViaFabric(world: World, principal: Actor, profile: Actor & { kind: 'profile' }) {
  const ws = world.createWorkspace(profile, { displayName: `ws-${profile.profileId}` });
  world.addMember(profile, ws.id, { identifier: SP.appId, principalType: 'App', accessRight: 'Admin' });
  const model = world.createItem(principal, ws.id, { type: 'SemanticModel', displayName: 'Tenant Analytics', definition: { parts: templateFor({ host: 'db.local', database: 'acme' }) } }, { uniqueNames: true });
  return { ws, model };
}

describe('world: identities and workspaces', () => {
  it('shows each profile only its own workspaces, and the principal none of them', () => {
    const { world, principal, profileA, profileB } = setup();
    const wsA = world.createWorkspace(profileA, { displayName: 'A' });
    world.createWorkspace(profileB, { displayName: 'B' });
    expect(world.listWorkspaces(profileA).map((w) => w.displayName)).toEqual(['A']);
    expect(world.listWorkspaces(profileB).map((w) => w.displayName)).toEqual(['B']);
    expect(world.listWorkspaces(principal)).toEqual([]);
    expect(code(() => world.getWorkspace(profileB, wsA.id))).toBe('WorkspaceNotFound');
    expect(code(() => world.resolveActor('a0000000-0000-4000-8000-00000000ffff', (profileA as { profileId: string }).profileId))).toBe('PrincipalNotFound');
    world.ensurePrincipal({ id: 'c0000000-0000-4000-8000-000000000002', appId: 'd0000000-0000-4000-8000-000000000002' });
    expect(code(() => world.resolveActor('c0000000-0000-4000-8000-000000000002', (profileA as { profileId: string }).profileId))).toBe('ProfileNotFound');
  });

  it('caps each identity at the workspace limit and keeps names unique', () => {
    const { world, principal, profileA } = setup({ workspaceLimit: 2 });
    world.createWorkspace(principal, { displayName: 'one' });
    world.createWorkspace(principal, { displayName: 'two' });
    expect(code(() => world.createWorkspace(principal, { displayName: 'three' }))).toBe('WorkspaceLimitReached');
    expect(world.createWorkspace(profileA, { displayName: 'three' }).displayName).toBe('three');
    expect(code(() => world.createWorkspace(profileA, { displayName: 'ONE' }))).toBe('WorkspaceNameInUse');
  });

  it('moves a capacity assignment Pending → InProgress → CompletedSuccessfully over time', () => {
    const { world, profileA, advance } = setup();
    const capacity = world.addCapacity({ displayName: 'F2 west' });
    const ws = world.createWorkspace(profileA, { displayName: 'A' });
    world.assignToCapacity(profileA, ws.id, capacity.id, 30_000);
    const seen = [world.capacityAssignment(ws).status];
    advance(10_000); seen.push(world.capacityAssignment(ws).status);
    advance(20_000); seen.push(world.capacityAssignment(ws).status);
    expect(seen).toEqual(['Pending', 'InProgress', 'CompletedSuccessfully']);
    expect(world.isOnDedicatedCapacity(ws)).toBe(true);
    expect(code(() => world.assignToCapacity(profileA, ws.id, 'e0000000-0000-4000-8000-000000000000', 0))).toBe('CapacityNotFound');
  });
});

describe('world: items and names', () => {
  it('refuses a same-type name in use and a recently deleted name when asked for Fabric rules', () => {
    const { world, profileA, advance } = setup();
    const ws = world.createWorkspace(profileA, { displayName: 'A' });
    const nb = world.createItem(profileA, ws.id, { type: 'Notebook', displayName: 'Load' }, { uniqueNames: true });
    expect(code(() => world.createItem(profileA, ws.id, { type: 'Notebook', displayName: 'load' }, { uniqueNames: true }))).toBe('ItemDisplayNameAlreadyInUse');
    expect(world.createItem(profileA, ws.id, { type: 'Lakehouse', displayName: 'Load' }, { uniqueNames: true }).type).toBe('Lakehouse');
    world.deleteItem(profileA, nb.id, { reserveNameMs: 60_000 });
    expect(code(() => world.createItem(profileA, ws.id, { type: 'Notebook', displayName: 'Load' }, { uniqueNames: true }))).toBe('ItemDisplayNameNotAvailableYet');
    advance(60_000);
    expect(world.createItem(profileA, ws.id, { type: 'Notebook', displayName: 'Load' }, { uniqueNames: true }).displayName).toBe('Load');
    // Power BI names repeat freely.
    world.createItem(profileA, ws.id, { type: 'Report', displayName: 'R' });
    expect(world.createItem(profileA, ws.id, { type: 'Report', displayName: 'R' }).displayName).toBe('R');
  });

  it('refuses item writes to a Viewer', () => {
    const { world, profileA, profileB } = setup();
    const ws = world.createWorkspace(profileA, { displayName: 'A' });
    world.addMember(profileA, ws.id, { identifier: SP.id, principalType: 'App', profileId: (profileB as { profileId: string }).profileId, accessRight: 'Viewer' });
    expect(world.listItems(profileB, ws.id)).toEqual([]);
    expect(code(() => world.createItem(profileB, ws.id, { type: 'Notebook', displayName: 'x' }))).toBe('InsufficientAccess');
  });
});

describe('world: semantic model ownership, parameters and credentials', () => {
  it('makes the principal owner of a model it creates; TakeOver by a profile moves ownership and clears credentials', () => {
    const { world, principal, profileA } = setup();
    const { model } = modelViaFabric(world, principal, profileA as Actor & { kind: 'profile' });
    expect(model.semanticModel!.owner).toEqual(principal);
    const ds = world.listDatasources(principal, model.id)[0];
    expect(ds).toMatchObject({ datasourceType: 'PostgreSql', server: 'db.local:5432', database: 'acme', gatewayId: world.cloudGatewayId() });
    world.setDatasourceCredentials(principal, ds.gatewayId, ds.datasourceId, { username: 'bi', password: 'synthetic', encryptionAlgorithm: 'None' });
    expect(model.semanticModel!.credentials?.username).toBe('bi');

    expect(code(() => world.updateParameters(profileA, model.id, [{ name: 'Database', newValue: 'x' }]))).toBe('NotOwner');
    expect(code(() => world.setDatasourceCredentials(profileA, ds.gatewayId, ds.datasourceId, { username: 'u', password: 'p', encryptionAlgorithm: 'None' }))).toBe('NotOwner');
    world.takeOver(profileA, model.id);
    expect(model.semanticModel!.owner).toEqual(profileA);
    expect(model.semanticModel!.credentials).toBeUndefined();
    expect(code(() => world.updateParameters(principal, model.id, [{ name: 'Database', newValue: 'x' }]))).toBe('NotOwner');
  });

  it('applies UpdateParameters rules, rewrites the definition, and a definition update puts the definition values back', () => {
    const { world, principal, profileA } = setup();
    const { model } = modelViaFabric(world, principal, profileA as Actor & { kind: 'profile' });
    expect(code(() => world.updateParameters(principal, model.id, []))).toBe('InvalidRequest');
    expect(code(() => world.updateParameters(principal, model.id, [{ name: 'database', newValue: 'x' }]))).toBe('ParameterNotFound');
    expect(code(() => world.updateParameters(principal, model.id, [{ name: 'Host', newValue: '' }]))).toBe('InvalidParameterValue');
    expect(code(() => world.updateParameters(principal, model.id, [{ name: 'Host', newValue: 'a' }, { name: 'Host', newValue: 'b' }]))).toBe('InvalidRequest');
    const before = world.listDatasources(principal, model.id)[0];
    world.updateParameters(principal, model.id, [{ name: 'Database', newValue: 'beta' }]);
    expect(world.listParameters(principal, model.id).find((p) => p.name === 'Database')?.currentValue).toBe('beta');
    const after = world.listDatasources(principal, model.id)[0];
    expect(after.database).toBe('beta');
    expect(after.datasourceId).not.toBe(before.datasourceId);
    const expressions = world.getItemDefinition(principal, model.id)!.parts.find((p) => p.path === 'definition/expressions.tmdl')!;
    expect(Buffer.from(expressions.payload, 'base64').toString()).toContain('expression Database = "beta" meta');

    world.updateItemDefinition(principal, model.id, { parts: templateFor({ host: 'db.local', database: 'acme' }) });
    expect(world.listParameters(principal, model.id).find((p) => p.name === 'Database')?.currentValue).toBe('acme');
  });

  it('checks UpdateParameters values against the declared M type', () => {
    const { world, principal } = setup();
    const ws = world.createWorkspace(principal, { displayName: 'typed' });
    const expressions = [
      'expression Retries = 3 meta [IsParameterQuery=true, Type="Number", IsParameterQueryRequired=true]',
      'expression Live = true meta [IsParameterQuery=true, Type="Logical", IsParameterQueryRequired=false]',
      'expression Anything = "x" meta [IsParameterQuery=true, Type="Any", IsParameterQueryRequired=false]',
    ].join('\n');
    const model = world.createItem(principal, ws.id, {
      type: 'SemanticModel', displayName: 'typed',
      definition: { parts: [{ path: 'definition/expressions.tmdl', payload: Buffer.from(expressions).toString('base64'), payloadType: 'InlineBase64' }] },
    });
    expect(code(() => world.updateParameters(principal, model.id, [{ name: 'Retries', newValue: 'three' }]))).toBe('InvalidParameterValue');
    expect(code(() => world.updateParameters(principal, model.id, [{ name: 'Live', newValue: 'yes' }]))).toBe('InvalidParameterValue');
    expect(code(() => world.updateParameters(principal, model.id, [{ name: 'Anything', newValue: 'y' }]))).toBe('InvalidParameterValue');
    world.updateParameters(principal, model.id, [{ name: 'Retries', newValue: '5' }, { name: 'Live', newValue: 'false' }]);
    const text = Buffer.from(world.getItemDefinition(principal, model.id)!.parts[0].payload, 'base64').toString();
    expect(text).toContain('expression Retries = 5 meta');
    expect(text).toContain('expression Live = false meta');
  });

  it('runs one refresh at a time, keeps history newest first, and counts 8 a day on shared capacity', () => {
    const { world, principal, profileA, advance } = setup();
    const { model } = modelViaFabric(world, principal, profileA as Actor & { kind: 'profile' });
    world.startRefresh(principal, model.id, { requestId: 'r1', refreshType: 'ViaApi' });
    expect(code(() => world.startRefresh(principal, model.id, { requestId: 'r2', refreshType: 'ViaApi' }))).toBe('RefreshInProgress');
    world.completeRefresh(model.id, 'r1', { ok: false, errorCode: 'ModelRefreshFailed_CredentialsNotSpecified', errorDescription: 'x' });
    for (let i = 2; i <= 8; i++) {
      advance(1000);
      world.startRefresh(principal, model.id, { requestId: `r${i}`, refreshType: 'ViaApi' });
      world.completeRefresh(model.id, `r${i}`, { ok: true, data: { loadedAt: world.now(), loadedAs: 'bi', tables: {} } });
    }
    expect(world.listRefreshes(principal, model.id).map((r) => r.requestId)).toEqual(['r8', 'r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
    expect(JSON.parse(world.listRefreshes(principal, model.id).at(-1)!.serviceExceptionJson!).errorCode).toBe('ModelRefreshFailed_CredentialsNotSpecified');
    expect(code(() => world.startRefresh(principal, model.id, { requestId: 'r9', refreshType: 'ViaApi' }))).toBe('RefreshLimitReached');
    advance(24 * 3600_000);
    expect(world.startRefresh(principal, model.id, { requestId: 'r9', refreshType: 'ViaApi' }).id).toBe(9);
  });
});

describe('world: reports', () => {
  it('clones bound to the target model, or to the source model when no target is given; UpdateReportContent keeps the id', () => {
    const { world, principal, profileA } = setup();
    const template = world.createWorkspace(principal, { displayName: 'templates' });
    const templateModel = world.createItem(principal, template.id, { type: 'SemanticModel', displayName: 'M', definition: { parts: templateFor({}) } });
    const source = world.createItem(principal, template.id, { type: 'Report', displayName: 'R v1.0', datasetId: templateModel.id });
    const { ws, model } = modelViaFabric(world, principal, profileA as Actor & { kind: 'profile' });

    const bound = world.cloneReport(principal, source.id, { name: 'R', targetWorkspaceId: ws.id, targetModelId: model.id });
    expect(bound).toMatchObject({ workspaceId: ws.id, report: { datasetId: model.id } });
    const unbound = world.cloneReport(principal, source.id, { name: 'R2', targetWorkspaceId: ws.id });
    expect(unbound.report!.datasetId).toBe(templateModel.id);

    const v2 = world.createItem(principal, template.id, { type: 'Report', displayName: 'R v2.0', datasetId: templateModel.id });
    const updated = world.updateReportContent(principal, bound.id, v2.id);
    expect(updated.id).toBe(bound.id);
    expect(updated.report).toMatchObject({ datasetId: model.id, contentVersion: 2 });
    world.rebindReport(principal, unbound.id, model.id);
    expect(unbound.report!.datasetId).toBe(model.id);
  });
});
