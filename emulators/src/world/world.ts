// `createWorld`: one object holding the whole emulated tenant, with a plain method per rule.
// Each method is a thin binding of a function from workspaces/items/models/reports/gateways
// to the one shared state.

import { copyDefinition } from './copy.ts';
import { createGateway, gatewayKeys, getGateway, listGateways } from './gateways.ts';
import { createItem, deleteItem, findItem, getItem, listItems, updateItem, updateItemDefinition, type CreateItemInput, type NameRules } from './items.ts';
import {
  bindToGateway, completeRefresh, findDatasourceModel, getRefresh, listDatasources, listParameters, listRefreshes, resolveSource,
  setDatasourceCredentials, startRefresh, takeOver, updateParameters, type ParameterView, type RefreshOutcome, type ResolvedSource, type StartRefreshInput,
} from './models.ts';
import { cloneReport, rebindReport, updateReportContent } from './reports.ts';
import { restoreWorld, snapshotWorld, type WorldSnapshot } from './snapshot.ts';
import { accessOf, actorKey, actorName, createState, type WorldOptions, type WorldState } from './state.ts';
import type {
  AccessRight, Actor, Capacity, Datasource, Gateway, GatewayKeys, Item, ItemDefinition, Member, Principal, Profile, RefreshRecord, Workspace,
} from './types.ts';
import {
  addCapacity, addMember, assignToCapacity, capacityAssignmentOf, createProfile, createWorkspace, deleteProfile, deleteWorkspace,
  ensurePrincipal, isOnDedicatedCapacity, listProfiles, renameProfile, listWorkspaces, removeMember, resolveActor, updateMember, updateWorkspace,
  type CapacityAssignmentView, type MemberInput,
} from './workspaces.ts';
import { visibleWorkspace } from './state.ts';

export interface World {
  /** Epoch ms on the world's clock. */
  now(): number;

  // identities
  ensurePrincipal(p: { id: string; appId: string; displayName?: string }): Principal;
  resolveActor(principalId: string, profileId?: string): Actor;
  actorName(actor: Actor): string;
  createProfile(principalId: string, displayName: string): Profile;
  listProfiles(principalId: string): Profile[];
  renameProfile(principalId: string, profileId: string, displayName: string): Profile;
  deleteProfile(principalId: string, profileId: string): void;

  // workspaces, members, capacities
  createWorkspace(actor: Actor, input: { displayName: string; description?: string; capacityId?: string; assignmentMs?: number }): Workspace;
  getWorkspace(actor: Actor, workspaceId: string): Workspace;
  listWorkspaces(visibleTo: Actor): Workspace[];
  updateWorkspace(actor: Actor, workspaceId: string, patch: { displayName?: string; description?: string }): Workspace;
  deleteWorkspace(actor: Actor, workspaceId: string): void;
  accessOf(actor: Actor, workspace: Workspace): AccessRight | undefined;
  addMember(actor: Actor, workspaceId: string, member: MemberInput): Member;
  updateMember(actor: Actor, workspaceId: string, member: MemberInput): Member;
  removeMember(actor: Actor, workspaceId: string, identifier: string, profileId?: string): void;
  addCapacity(input: { id?: string; displayName: string; sku?: string; region?: string }): Capacity;
  listCapacities(): Capacity[];
  assignToCapacity(actor: Actor, workspaceId: string, capacityId: string, durationMs: number): Workspace;
  capacityAssignment(workspace: Workspace): CapacityAssignmentView;
  isOnDedicatedCapacity(workspace: Workspace): boolean;

  // items
  createItem(actor: Actor, workspaceId: string, input: CreateItemInput, rules?: NameRules): Item;
  getItem(actor: Actor, itemId: string, type?: string): Item;
  findItem(actor: Actor, itemId: string, type?: string): Item;
  listItems(actor: Actor, workspaceId: string, type?: string): Item[];
  updateItem(actor: Actor, itemId: string, patch: { displayName?: string; description?: string }, rules?: NameRules): Item;
  updateItemDefinition(actor: Actor, itemId: string, definition: ItemDefinition): Item;
  getItemDefinition(actor: Actor, itemId: string): ItemDefinition | undefined;
  deleteItem(actor: Actor, itemId: string, options?: { reserveNameMs?: number }): void;

  // semantic models
  listParameters(actor: Actor, modelId: string): ParameterView[];
  updateParameters(actor: Actor, modelId: string, updates: { name: string; newValue: string }[]): void;
  takeOver(actor: Actor, modelId: string): Item;
  listDatasources(actor: Actor, modelId: string): Datasource[];
  resolveSource(item: Item): ResolvedSource | undefined;
  bindToGateway(actor: Actor, modelId: string, gatewayId: string): Item;
  findDatasourceModel(actor: Actor, gatewayId: string, datasourceId: string): Item;
  setDatasourceCredentials(actor: Actor, gatewayId: string, datasourceId: string, credentials: { username: string; password: string; encryptionAlgorithm: string }): Item;
  startRefresh(actor: Actor, modelId: string, input: StartRefreshInput): RefreshRecord;
  completeRefresh(modelId: string, requestId: string, outcome: RefreshOutcome): RefreshRecord;
  listRefreshes(actor: Actor, modelId: string, top?: number): RefreshRecord[];
  getRefresh(actor: Actor, modelId: string, requestId: string): RefreshRecord;

  // reports
  cloneReport(actor: Actor, reportId: string, input: { name: string; targetWorkspaceId?: string; targetModelId?: string }): Item;
  rebindReport(actor: Actor, reportId: string, datasetId: string): Item;
  updateReportContent(actor: Actor, reportId: string, sourceReportId: string): Item;

  // gateways
  cloudGatewayId(): string;
  createGateway(input: { id?: string; name: string; type?: Gateway['type']; keyBits?: number }): Gateway;
  getGateway(gatewayId: string): Gateway;
  listGateways(): Gateway[];
  gatewayKeys(gatewayId: string): GatewayKeys;

  /** A JSON-safe dump for `/_admin/state`: no credentials, no private keys, no definition payloads. */
  dump(): unknown;
  /** The whole state as JSON-safe data, secrets included, for `restore` in a later process. */
  snapshot(): WorldSnapshot;
  /** Replaces the whole state with a snapshot's (the world's options and clock stay). */
  restore(snapshot: WorldSnapshot): void;
  /** The raw state, for emulators that need a rule the API does not offer yet (read-only by convention). */
  readonly state: WorldState;
}

export function createWorld(options: WorldOptions = {}): World {
  const cloud: Gateway = { id: '', name: 'Cloud', type: 'Personal' };
  const s = createState(options, cloud);
  // The cloud gateway's id comes from the world's id generator, so a seeded generator stays deterministic.
  s.gateways.clear();
  cloud.id = s.newId().toLowerCase();
  s.gateways.set(cloud.id, cloud);
  s.cloudGatewayId = cloud.id;

  return {
    now: () => s.now(),
    ensurePrincipal: (p) => ensurePrincipal(s, p),
    resolveActor: (principalId, profileId) => resolveActor(s, principalId, profileId),
    actorName: (actor) => actorName(s, actor),
    createProfile: (principalId, name) => createProfile(s, principalId, name),
    listProfiles: (principalId) => listProfiles(s, principalId),
    renameProfile: (principalId, profileId, name) => renameProfile(s, principalId, profileId, name),
    deleteProfile: (principalId, profileId) => deleteProfile(s, principalId, profileId),

    createWorkspace: (actor, input) => createWorkspace(s, actor, input),
    getWorkspace: (actor, id) => visibleWorkspace(s, actor, id),
    listWorkspaces: (actor) => listWorkspaces(s, actor),
    updateWorkspace: (actor, id, patch) => updateWorkspace(s, actor, id, patch),
    deleteWorkspace: (actor, id) => deleteWorkspace(s, actor, id),
    accessOf: (actor, ws) => accessOf(s, ws, actor),
    addMember: (actor, id, m) => addMember(s, actor, id, m),
    updateMember: (actor, id, m) => updateMember(s, actor, id, m),
    removeMember: (actor, id, identifier, profileId) => removeMember(s, actor, id, identifier, profileId),
    addCapacity: (input) => addCapacity(s, input),
    listCapacities: () => [...s.capacities.values()],
    assignToCapacity: (actor, id, capacityId, ms) => assignToCapacity(s, actor, id, capacityId, ms),
    capacityAssignment: (ws) => capacityAssignmentOf(s, ws),
    isOnDedicatedCapacity: (ws) => isOnDedicatedCapacity(s, ws),

    createItem: (actor, id, input, rules) => createItem(s, actor, id, input, rules),
    getItem: (actor, id, type) => getItem(s, actor, id, type),
    findItem: (actor, id, type) => findItem(s, actor, id, type),
    listItems: (actor, id, type) => listItems(s, actor, id, type),
    updateItem: (actor, id, patch, rules) => updateItem(s, actor, id, patch, rules),
    updateItemDefinition: (actor, id, d) => updateItemDefinition(s, actor, id, d),
    getItemDefinition: (actor, id) => {
      const item = getItem(s, actor, id);
      return item.definition ? copyDefinition(item.definition) : undefined;
    },
    deleteItem: (actor, id, o) => deleteItem(s, actor, id, o),

    listParameters: (actor, id) => listParameters(s, actor, id),
    updateParameters: (actor, id, u) => updateParameters(s, actor, id, u),
    takeOver: (actor, id) => takeOver(s, actor, id),
    listDatasources: (actor, id) => listDatasources(s, actor, id),
    resolveSource: (item) => resolveSource(item),
    bindToGateway: (actor, id, g) => bindToGateway(s, actor, id, g),
    findDatasourceModel: (actor, g, d) => findDatasourceModel(s, actor, g, d),
    setDatasourceCredentials: (actor, g, d, c) => setDatasourceCredentials(s, actor, g, d, c),
    startRefresh: (actor, id, input) => startRefresh(s, actor, id, input),
    completeRefresh: (id, requestId, outcome) => completeRefresh(s, id, requestId, outcome),
    listRefreshes: (actor, id, top) => listRefreshes(s, actor, id, top),
    getRefresh: (actor, id, requestId) => getRefresh(s, actor, id, requestId),

    cloneReport: (actor, id, input) => cloneReport(s, actor, id, input),
    rebindReport: (actor, id, datasetId) => rebindReport(s, actor, id, datasetId),
    updateReportContent: (actor, id, src) => updateReportContent(s, actor, id, src),

    cloudGatewayId: () => s.cloudGatewayId,
    createGateway: (input) => createGateway(s, input),
    getGateway: (id) => getGateway(s, id),
    listGateways: () => listGateways(s),
    gatewayKeys: (id) => gatewayKeys(s, id),

    dump: () => dumpWorld(s),
    snapshot: () => snapshotWorld(s),
    restore: (snapshot) => restoreWorld(s, snapshot),
    state: s,
  };
}

function dumpWorld(s: WorldState): unknown {
  return {
    principals: [...s.principals.values()],
    profiles: [...s.profiles.values()],
    capacities: [...s.capacities.values()],
    gateways: [...s.gateways.values()].map((g) => ({ id: g.id, name: g.name, type: g.type, hasKeys: !!g.keys })),
    workspaces: [...s.workspaces.values()].map((ws) => ({ ...ws, capacityAssignment: ws.capacityAssignment ? capacityAssignmentOf(s, ws) : undefined })),
    items: [...s.items.values()].map((item) => ({
      id: item.id, workspaceId: item.workspaceId, type: item.type, displayName: item.displayName, description: item.description,
      folderId: item.folderId, creator: actorKey(item.creator), createdAt: item.createdAt, updatedAt: item.updatedAt,
      definitionParts: item.definition?.parts.map((p) => p.path),
      report: item.report,
      dataflow: item.dataflow,
      semanticModel: item.semanticModel && {
        owner: actorKey(item.semanticModel.owner),
        parameters: item.semanticModel.parameterValues,
        tables: item.semanticModel.model?.tables.map((t) => t.name),
        datasource: item.semanticModel.datasource,
        // Whether credentials are set, who set them and how: never the password.
        credentials: item.semanticModel.credentials && {
          setBy: actorKey(item.semanticModel.credentials.setBy), setAt: item.semanticModel.credentials.setAt,
          encryptionAlgorithm: item.semanticModel.credentials.encryptionAlgorithm,
        },
        refreshes: item.semanticModel.refreshes,
        data: item.semanticModel.data,
      },
    })),
    reservedNames: s.reservedNames.filter((r) => r.until > s.now()),
  };
}
