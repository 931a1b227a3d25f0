// Semantic-model rules: ownership (creator owns; TakeOver moves it and clears the credentials),
// parameters (from the definition's M; UpdateParameters owner-only, rewrites the definition),
// the PostgreSQL datasource derived from the partitions, its credentials, and the refresh log.

import { WorldError } from './errors.ts';
import { checkParameterValue, evaluateTextExpression, formatParameterLiteral, type MParameter } from './m.ts';
import { actorName, sameActor, visibleItem, type WorldState } from './state.ts';
import { parseModelDefinition, rewriteParameterValue } from './tmdl.ts';
import type { Actor, Datasource, Item, LoadedData, RefreshRecord, SemanticModelState } from './types.ts';
import { isOnDedicatedCapacity } from './workspaces.ts';

export function createModelState(s: WorldState, item: Item, owner: Actor): SemanticModelState {
  const state: SemanticModelState = { owner, parameterValues: {}, refreshes: [] };
  item.semanticModel = state;
  applyModelDefinition(s, item);
  return state;
}

/** (Re)reads the definition: parameters back to the definition's values, datasource re-derived. */
export function applyModelDefinition(s: WorldState, item: Item): void {
  const state = item.semanticModel!;
  state.model = item.definition ? parseModelDefinition(item.definition.parts) : undefined;
  state.parameterValues = Object.fromEntries((state.model?.parameters ?? []).map((p) => [p.name, p.value]));
  deriveDatasource(s, item);
}

function requireModel(s: WorldState, actor: Actor, modelId: string, needs: 'Viewer' | 'Contributor' = 'Viewer'): Item {
  return visibleItem(s, actor, modelId, needs, 'SemanticModel');
}

function requireOwner(s: WorldState, actor: Actor, item: Item, what: string): void {
  if (!sameActor(item.semanticModel!.owner, actor)) {
    throw new WorldError('NotOwner', `${what} is allowed only to the owner of semantic model ${item.id} (${actorName(s, item.semanticModel!.owner)}); take it over first.`);
  }
}

export interface ParameterView extends MParameter {
  currentValue: string;
}

export function listParameters(s: WorldState, actor: Actor, modelId: string): ParameterView[] {
  const item = requireModel(s, actor, modelId);
  const state = item.semanticModel!;
  return (state.model?.parameters ?? []).map((p) => ({ ...p, currentValue: state.parameterValues[p.name] ?? p.value }));
}

/**
 * Power BI's `Default.UpdateParameters` rules: owner only; a non-empty list without duplicates;
 * every name exists (case-sensitive); values fit the type; `Any`/`Binary` cannot be set; a
 * required parameter cannot be emptied; not while a refresh runs. The definition is rewritten.
 */
export function updateParameters(s: WorldState, actor: Actor, modelId: string, updates: { name: string; newValue: string }[]): void {
  const item = requireModel(s, actor, modelId, 'Contributor');
  requireOwner(s, actor, item, 'Updating parameters');
  const state = item.semanticModel!;
  if (!Array.isArray(updates) || updates.length === 0) throw new WorldError('InvalidRequest', 'The parameter list is empty.');
  if (updates.length > 100) throw new WorldError('InvalidRequest', 'At most 100 parameters per request.');
  const seen = new Set<string>();
  const declared = new Map((state.model?.parameters ?? []).map((p) => [p.name, p]));
  for (const u of updates) {
    if (typeof u?.name !== 'string' || typeof u.newValue !== 'string') throw new WorldError('InvalidRequest', 'Each update needs a name and a newValue string.');
    if (seen.has(u.name)) throw new WorldError('InvalidRequest', `Parameter ${u.name} appears more than once.`);
    seen.add(u.name);
    const p = declared.get(u.name);
    if (!p) throw new WorldError('ParameterNotFound', `Parameter ${u.name} does not exist in the semantic model.`);
    if (p.type === 'Any' || p.type === 'Binary') throw new WorldError('InvalidParameterValue', `Parameter ${u.name} of type ${p.type} cannot be updated.`);
    if (p.isRequired && u.newValue === '') throw new WorldError('InvalidParameterValue', `Parameter ${u.name} is required and cannot be empty.`);
    const reason = checkParameterValue(p.type, u.newValue);
    if (reason) throw new WorldError('InvalidParameterValue', `Parameter ${u.name}: ${reason}.`);
  }
  if (state.refreshes.some((r) => r.status === 'Unknown')) throw new WorldError('RefreshInProgress', 'A refresh of this semantic model is in progress; update its parameters when it has finished.');
  let parts = item.definition?.parts ?? [];
  for (const u of updates) {
    state.parameterValues[u.name] = u.newValue;
    parts = rewriteParameterValue(parts, u.name, formatParameterLiteral(declared.get(u.name)!.type, u.newValue));
  }
  if (item.definition) item.definition = { ...item.definition, parts };
  item.updatedAt = s.now();
  deriveDatasource(s, item);
}

/** Moves ownership to the caller and clears the datasource credentials (a no-op for the owner). */
export function takeOver(s: WorldState, actor: Actor, modelId: string): Item {
  const item = requireModel(s, actor, modelId, 'Contributor');
  const state = item.semanticModel!;
  if (sameActor(state.owner, actor)) return item;
  state.owner = actor;
  state.credentials = undefined;
  return item;
}

/** Where a model's tables come from once its parameters are applied, or why that cannot be told. */
export interface ResolvedSource {
  server: string;
  database: string;
  tables: { table: string; schema?: string; item?: string; columns: string[]; error?: string }[];
  error?: string;
}

/** Evaluates every PostgreSQL partition's arguments with the current parameter values. */
export function resolveSource(item: Item): ResolvedSource | undefined {
  const state = item.semanticModel;
  const model = state?.model;
  if (!state || !model) return undefined;
  const params = Object.fromEntries(model.parameters.map((p) => [p.name, { value: state.parameterValues[p.name] ?? p.value, type: p.type }]));
  let server = '';
  let database = '';
  let error: string | undefined;
  const tables: ResolvedSource['tables'] = [];
  for (const table of model.tables) {
    const pg = table.partitions.find((p) => p.postgres)?.postgres;
    if (!pg) continue;
    const sv = evaluateTextExpression(pg.server, params);
    const db = evaluateTextExpression(pg.database, params);
    if (!sv.ok || !db.ok) { error ??= sv.ok ? (db as { error: string }).error : sv.error; continue; }
    if (!server) { server = sv.value; database = db.value; }
    const schema = pg.schema ? evaluateTextExpression(pg.schema, params) : undefined;
    const name = pg.item ? evaluateTextExpression(pg.item, params) : undefined;
    tables.push({
      table: table.name, columns: table.columns.map((c) => c.sourceColumn ?? c.name),
      schema: schema?.ok ? schema.value : undefined, item: name?.ok ? name.value : undefined,
      error: schema && !schema.ok ? schema.error : name && !name.ok ? name.error : undefined,
    });
  }
  if (!server && !error) return undefined;
  return { server, database, tables, error };
}

/** Keeps the datasource (and its credentials) while server and database stay; a new one otherwise. */
function deriveDatasource(s: WorldState, item: Item, gatewayId?: string): void {
  const state = item.semanticModel!;
  const source = resolveSource(item);
  if (!source || !source.server) {
    state.datasource = undefined;
    state.credentials = undefined;
    return;
  }
  const gateway = gatewayId ?? state.datasource?.gatewayId ?? s.cloudGatewayId;
  const current = state.datasource;
  if (current && current.server === source.server && current.database === source.database && current.gatewayId === gateway) return;
  state.datasource = { gatewayId: gateway, datasourceId: s.newId(), datasourceType: 'PostgreSql', server: source.server, database: source.database };
  state.credentials = undefined;
}

/** Binds the model's datasource to another gateway (Default.BindToGateway); credentials must be set again. */
export function bindToGateway(s: WorldState, actor: Actor, modelId: string, gatewayId: string): Item {
  const item = requireModel(s, actor, modelId, 'Contributor');
  requireOwner(s, actor, item, 'Binding to a gateway');
  if (!s.gateways.has(gatewayId.toLowerCase())) throw new WorldError('GatewayNotFound', `Gateway ${gatewayId} was not found.`);
  deriveDatasource(s, item, gatewayId.toLowerCase());
  return item;
}

export function listDatasources(s: WorldState, actor: Actor, modelId: string): Datasource[] {
  const item = requireModel(s, actor, modelId);
  return item.semanticModel!.datasource ? [item.semanticModel!.datasource] : [];
}

/** The model whose datasource this is, if the actor can see it. */
export function findDatasourceModel(s: WorldState, actor: Actor, gatewayId: string, datasourceId: string): Item {
  const g = gatewayId.toLowerCase();
  const d = datasourceId.toLowerCase();
  for (const item of s.items.values()) {
    const ds = item.semanticModel?.datasource;
    if (ds && ds.gatewayId === g && ds.datasourceId === d) {
      try {
        return visibleItem(s, actor, item.id, 'Viewer');
      } catch {
        break;
      }
    }
  }
  throw new WorldError('DatasourceNotFound', `Datasource ${datasourceId} was not found on gateway ${gatewayId}.`);
}

/** Sets Basic credentials on a datasource; only the model's owner may (cloud datasources). */
export function setDatasourceCredentials(
  s: WorldState, actor: Actor, gatewayId: string, datasourceId: string,
  credentials: { username: string; password: string; encryptionAlgorithm: string },
): Item {
  const item = findDatasourceModel(s, actor, gatewayId, datasourceId);
  requireOwner(s, actor, item, 'Setting datasource credentials');
  item.semanticModel!.credentials = { ...credentials, setBy: actor, setAt: s.now() };
  return item;
}

export interface StartRefreshInput {
  requestId: string;
  refreshType: RefreshRecord['refreshType'];
  enhanced?: RefreshRecord['enhanced'];
}

/** Records a started refresh: one at a time per model; a daily budget on shared capacity. */
export function startRefresh(s: WorldState, actor: Actor, modelId: string, input: StartRefreshInput): RefreshRecord {
  const item = requireModel(s, actor, modelId, 'Contributor');
  const state = item.semanticModel!;
  if (state.refreshes.some((r) => r.status === 'Unknown')) throw new WorldError('RefreshInProgress', 'Another refresh request is already executing for this semantic model.');
  const ws = s.workspaces.get(item.workspaceId)!;
  if (!isOnDedicatedCapacity(s, ws)) {
    const day = new Date(s.now()).toISOString().slice(0, 10);
    const today = state.refreshes.filter((r) => new Date(r.startTime).toISOString().slice(0, 10) === day).length;
    if (today >= s.sharedRefreshesPerDay) throw new WorldError('RefreshLimitReached', `This semantic model has reached its ${s.sharedRefreshesPerDay} refreshes a day on shared capacity.`);
  }
  const record: RefreshRecord = {
    id: (state.refreshes.at(-1)?.id ?? 0) + 1, requestId: input.requestId, refreshType: input.refreshType,
    startTime: s.now(), status: 'Unknown', enhanced: input.enhanced,
  };
  state.refreshes.push(record);
  return record;
}

export type RefreshOutcome =
  | { ok: true; data: LoadedData }
  | { ok: false; errorCode: string; errorDescription: string; cancelled?: boolean };

/** Ends a refresh (the emulator's loader calls this); a successful one replaces the loaded data. */
export function completeRefresh(s: WorldState, modelId: string, requestId: string, outcome: RefreshOutcome): RefreshRecord {
  const item = s.items.get(modelId.toLowerCase());
  const record = item?.semanticModel?.refreshes.find((r) => r.requestId === requestId);
  if (!item || !record) throw new WorldError('ItemNotFound', `Refresh ${requestId} of model ${modelId} was not found.`);
  if (record.status !== 'Unknown') return record;
  record.endTime = s.now();
  if (outcome.ok) {
    record.status = 'Completed';
    item.semanticModel!.data = outcome.data;
    record.objects = Object.keys(outcome.data.tables).map((table) => ({ table, partition: table, status: 'Completed' }));
  } else {
    record.status = outcome.cancelled ? 'Cancelled' : 'Failed';
    record.serviceExceptionJson = JSON.stringify({ errorCode: outcome.errorCode, errorDescription: outcome.errorDescription });
  }
  return record;
}

/** Refresh history, newest first. */
export function listRefreshes(s: WorldState, actor: Actor, modelId: string, top?: number): RefreshRecord[] {
  const item = requireModel(s, actor, modelId);
  const all = [...item.semanticModel!.refreshes].reverse();
  return top === undefined ? all : all.slice(0, top);
}

export function getRefresh(s: WorldState, actor: Actor, modelId: string, requestId: string): RefreshRecord {
  const item = requireModel(s, actor, modelId);
  const record = item.semanticModel!.refreshes.find((r) => r.requestId.toLowerCase() === requestId.toLowerCase());
  if (!record) throw new WorldError('ItemNotFound', `Refresh ${requestId} was not found.`);
  return record;
}
