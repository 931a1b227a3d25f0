// Report state and the report operations Power BI offers (Clone, Rebind, UpdateReportContent).
// A report's bound model comes from its PBIR `definition.pbir` dataset reference (by model id,
// either field fabric-cicd writes) or from the call that made it; its pages from the content.

import { WorldError } from './errors.ts';
import { copyDefinition } from './copy.ts';
import { visibleItem, visibleWorkspace, type WorldState } from './state.ts';
import type { Actor, Item, ItemDefinition, ReportState } from './types.ts';

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function decode(definition: ItemDefinition | undefined, path: string): string | undefined {
  const part = definition?.parts.find((p) => p.path.toLowerCase() === path.toLowerCase());
  return part ? Buffer.from(part.payload, 'base64').toString('utf8') : undefined;
}

function parseJson(text: string | undefined): any {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

/** The model a PBIR definition points at and the pages it has; both optional. */
export function readReportDefinition(definition: ItemDefinition | undefined): { datasetId?: string; pages: ReportState['pages'] } {
  const pbir = parseJson(decode(definition, 'definition.pbir'));
  const byConnection = pbir?.datasetReference?.byConnection;
  let datasetId: string | undefined;
  if (typeof byConnection?.pbiModelDatabaseName === 'string' && GUID.test(byConnection.pbiModelDatabaseName)) datasetId = byConnection.pbiModelDatabaseName.toLowerCase();
  else if (typeof byConnection?.connectionString === 'string') {
    const m = /semanticmodelid=([0-9a-f-]{36})/i.exec(byConnection.connectionString);
    if (m) datasetId = m[1].toLowerCase();
  }
  const pages: ReportState['pages'] = [];
  const legacy = parseJson(decode(definition, 'report.json'));
  if (Array.isArray(legacy?.sections)) {
    legacy.sections.forEach((section: any, index: number) => {
      pages.push({ name: String(section.name ?? `ReportSection${index}`), displayName: String(section.displayName ?? section.name ?? ''), order: Number(section.ordinal ?? 0) });
    });
  }
  for (const part of definition?.parts ?? []) {
    if (!/^definition\/pages\/[^/]+\/page\.json$/i.test(part.path)) continue;
    const page = parseJson(Buffer.from(part.payload, 'base64').toString('utf8'));
    if (page?.name) pages.push({ name: String(page.name), displayName: String(page.displayName ?? page.name), order: pages.length });
  }
  pages.sort((a, b) => a.order - b.order);
  return { datasetId, pages };
}

export function createReportState(definition: ItemDefinition | undefined, datasetId?: string): ReportState {
  const read = readReportDefinition(definition);
  return {
    datasetId: datasetId?.toLowerCase() ?? read.datasetId,
    pages: read.pages.length ? read.pages : [{ name: 'ReportSection', displayName: 'Page 1', order: 0 }],
    contentVersion: 1,
  };
}

/** Points a PBIR `definition.pbir` at another model, so a Fabric `getDefinition` agrees with the binding. */
function pointDefinitionAt(definition: ItemDefinition | undefined, datasetId: string): ItemDefinition | undefined {
  if (!definition) return undefined;
  return {
    ...definition,
    parts: definition.parts.map((p) => {
      if (p.path.toLowerCase() !== 'definition.pbir') return p;
      const pbir = parseJson(Buffer.from(p.payload, 'base64').toString('utf8'));
      if (!pbir?.datasetReference) return p;
      pbir.datasetReference = {
        byConnection: {
          connectionString: null, pbiServiceModelId: null, pbiModelVirtualServerName: 'sobe_wowvirtualserver',
          pbiModelDatabaseName: datasetId, name: 'EntityDataSource', connectionType: 'pbiServiceXmlaStyleLive',
        },
      };
      return { ...p, payload: Buffer.from(JSON.stringify(pbir, null, 2), 'utf8').toString('base64') };
    }),
  };
}

function requireModelVisible(s: WorldState, actor: Actor, modelId: string): Item {
  return visibleItem(s, actor, modelId, 'Viewer', 'SemanticModel');
}

/**
 * Clones a report. With `targetModelId` the clone is bound to that model; without it the clone
 * stays bound to the source report's model, even in another workspace, as documented.
 */
export function cloneReport(
  s: WorldState, actor: Actor, reportId: string,
  input: { name: string; targetWorkspaceId?: string; targetModelId?: string },
): Item {
  const source = visibleItem(s, actor, reportId, 'Viewer', 'Report');
  const name = input.name?.trim();
  if (!name) throw new WorldError('InvalidRequest', 'A clone needs a name.');
  const target = visibleWorkspace(s, actor, input.targetWorkspaceId || source.workspaceId, 'Contributor');
  const datasetId = input.targetModelId ? requireModelVisible(s, actor, input.targetModelId).id : source.report?.datasetId;
  const now = s.now();
  const definition = datasetId ? pointDefinitionAt(source.definition, datasetId) : source.definition;
  const clone: Item = {
    id: s.newId(), workspaceId: target.id, type: 'Report', displayName: name, description: source.description,
    definition: definition ? copyDefinition(definition) : undefined, creator: actor, createdAt: now, updatedAt: now,
    report: { datasetId, pages: source.report ? source.report.pages.map((p) => ({ ...p })) : [], contentVersion: 1 },
  };
  s.items.set(clone.id, clone);
  return clone;
}

/** Binds a report to another model (Contributor on the report's workspace, read on the model). */
export function rebindReport(s: WorldState, actor: Actor, reportId: string, datasetId: string): Item {
  const report = visibleItem(s, actor, reportId, 'Contributor', 'Report');
  const model = requireModelVisible(s, actor, datasetId);
  report.report!.datasetId = model.id;
  report.definition = pointDefinitionAt(report.definition, model.id);
  report.updatedAt = s.now();
  return report;
}

/**
 * Replaces a report's content with another report's, keeping its id (the service's
 * `UpdateReportContent` with `sourceType: ExistingReport`) and, unless the world's
 * `updateContentKeepsBinding` is off, its binding; off, the report follows the source's model.
 */
export function updateReportContent(s: WorldState, actor: Actor, reportId: string, sourceReportId: string): Item {
  const report = visibleItem(s, actor, reportId, 'Contributor', 'Report');
  const source = visibleItem(s, actor, sourceReportId, 'Viewer', 'Report');
  if (!s.updateContentKeepsBinding && source.report?.datasetId) report.report!.datasetId = source.report.datasetId;
  const datasetId = report.report!.datasetId;
  const definition = source.definition && datasetId ? pointDefinitionAt(source.definition, datasetId) : source.definition;
  report.definition = definition ? copyDefinition(definition) : undefined;
  report.report!.pages = source.report ? source.report.pages.map((p) => ({ ...p })) : report.report!.pages;
  report.report!.contentVersion++;
  report.updatedAt = s.now();
  return report;
}
