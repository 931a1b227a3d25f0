// Items of any type in a workspace: create, read, rename, replace the definition, delete, with
// Fabric's display-name rules (unique per type in a workspace; a deleted name stays taken for a
// while) applied when the caller asks for them — Power BI lets names repeat.

import { copyDefinition } from './copy.ts';
import { WorldError } from './errors.ts';
import { applyModelDefinition, createModelState } from './models.ts';
import { createReportState, readReportDefinition } from './reports.ts';
import { visibleItem, visibleWorkspace, type WorldState } from './state.ts';
import type { Actor, Item, ItemDefinition } from './types.ts';

export interface CreateItemInput {
  type: string;
  displayName: string;
  description?: string;
  folderId?: string;
  definition?: ItemDefinition;
  /** For a Report without a definition (a Power BI clone or import): the model it is bound to. */
  datasetId?: string;
}

export interface NameRules {
  /** Refuse a name another live item of the same type already has (Fabric). Default false (Power BI). */
  uniqueNames?: boolean;
}

function checkName(s: WorldState, workspaceId: string, type: string, name: string, exceptId?: string): void {
  const lower = name.toLowerCase();
  for (const item of s.items.values()) {
    if (item.workspaceId === workspaceId && item.type === type && item.id !== exceptId && item.displayName.toLowerCase() === lower) {
      throw new WorldError('ItemDisplayNameAlreadyInUse', `Requested '${name}' is already in use`);
    }
  }
  const now = s.now();
  s.reservedNames = s.reservedNames.filter((r) => r.until > now);
  if (s.reservedNames.some((r) => r.workspaceId === workspaceId && r.type === type && r.name === lower)) {
    throw new WorldError('ItemDisplayNameNotAvailableYet', `Requested '${name}' is not available yet and is expected to become available in the upcoming minutes.`);
  }
}

/** Creates an item (Contributor or higher). A SemanticModel is owned by its creator. */
export function createItem(s: WorldState, actor: Actor, workspaceId: string, input: CreateItemInput, rules: NameRules = {}): Item {
  const ws = visibleWorkspace(s, actor, workspaceId, 'Contributor');
  const name = input.displayName?.trim();
  if (!name) throw new WorldError('InvalidRequest', 'An item needs a displayName.');
  if (!input.type) throw new WorldError('InvalidRequest', 'An item needs a type.');
  if (rules.uniqueNames) checkName(s, ws.id, input.type, name);
  const now = s.now();
  const item: Item = {
    id: s.newId(), workspaceId: ws.id, type: input.type, displayName: name, description: input.description ?? '',
    folderId: input.folderId || undefined, definition: input.definition ? copyDefinition(input.definition) : undefined,
    creator: actor, createdAt: now, updatedAt: now,
  };
  if (item.type === 'SemanticModel') item.semanticModel = createModelState(s, item, actor);
  if (item.type === 'Report') item.report = createReportState(item.definition, input.datasetId);
  s.items.set(item.id, item);
  return item;
}

export function getItem(s: WorldState, actor: Actor, itemId: string, type?: string): Item {
  return visibleItem(s, actor, itemId, 'Viewer', type);
}

/** Finds an item by id in any workspace the actor can see (Power BI's `/datasets/{id}` without a group). */
export function findItem(s: WorldState, actor: Actor, itemId: string, type?: string): Item {
  return visibleItem(s, actor, itemId, 'Viewer', type);
}

export function listItems(s: WorldState, actor: Actor, workspaceId: string, type?: string): Item[] {
  const ws = visibleWorkspace(s, actor, workspaceId, 'Viewer');
  return [...s.items.values()].filter((i) => i.workspaceId === ws.id && (!type || i.type.toLowerCase() === type.toLowerCase())).sort((a, b) => a.createdAt - b.createdAt);
}

export function updateItem(s: WorldState, actor: Actor, itemId: string, patch: { displayName?: string; description?: string }, rules: NameRules = {}): Item {
  const item = visibleItem(s, actor, itemId, 'Contributor');
  if (patch.displayName !== undefined) {
    const name = patch.displayName.trim();
    if (!name) throw new WorldError('InvalidRequest', 'An item needs a displayName.');
    if (rules.uniqueNames && name.toLowerCase() !== item.displayName.toLowerCase()) checkName(s, item.workspaceId, item.type, name, item.id);
    item.displayName = name;
  }
  if (patch.description !== undefined) item.description = patch.description;
  item.updatedAt = s.now();
  return item;
}

/**
 * Replaces an item's definition (Contributor or higher). A semantic model takes its parameter
 * values from the new definition again; a report re-reads its dataset reference and pages.
 */
export function updateItemDefinition(s: WorldState, actor: Actor, itemId: string, definition: ItemDefinition): Item {
  const item = visibleItem(s, actor, itemId, 'Contributor');
  if (!Array.isArray(definition?.parts) || definition.parts.length === 0) throw new WorldError('InvalidDefinition', 'The definition has no parts.');
  item.definition = copyDefinition(definition);
  item.updatedAt = s.now();
  if (item.semanticModel) applyModelDefinition(s, item);
  if (item.report) {
    const read = readReportDefinition(item.definition);
    if (read.datasetId) item.report.datasetId = read.datasetId;
    if (read.pages.length) item.report.pages = read.pages;
    item.report.contentVersion++;
  }
  return item;
}

/**
 * Deletes an item (Contributor or higher). Deleting a semantic model deletes the reports bound
 * to it in the same workspace, as the service does. The name stays taken for `reserveNameMs`.
 */
export function deleteItem(s: WorldState, actor: Actor, itemId: string, options: { reserveNameMs?: number } = {}): void {
  const item = visibleItem(s, actor, itemId, 'Contributor');
  const reserve = options.reserveNameMs ?? s.nameReservationMs;
  const remove = (victim: Item) => {
    s.items.delete(victim.id);
    if (reserve > 0) s.reservedNames.push({ workspaceId: victim.workspaceId, type: victim.type, name: victim.displayName.toLowerCase(), until: s.now() + reserve });
  };
  if (item.type === 'SemanticModel') {
    for (const other of [...s.items.values()]) {
      if (other.type === 'Report' && other.workspaceId === item.workspaceId && other.report?.datasetId === item.id) remove(other);
    }
  }
  remove(item);
}
