// Imports (for completeness; the product deploys models through Fabric definitions): a
// multipart upload whose first part is the file whatever its name; `nameConflict` decides
// what happens to an existing dataset of the same name; `Publishing` turns into `Succeeded`
// after the profile's import duration. A `.pbix` makes a dataset and a report bound to it;
// `model.json` makes a Gen1 dataflow; `.rdl` a paginated report.

import type { EmulatorRequest, Route } from '../http/index.ts';
import { EmulatorRequestError } from '../http/index.ts';
import type { Actor, Item } from '../world/index.ts';
import { requireGroup, route, type ImportRecord, type PowerBiContext } from './context.ts';
import { badRequest, inPowerBiTerms } from './errors.ts';
import { datasetShape, iso, list, odataContext, reportShape } from './shapes.ts';

/** Realistic import publishing time when the latency table does not say (see latency.ts). */
const IMPORT_MS = 8_000;
const CONFLICTS = ['Ignore', 'Abort', 'Overwrite', 'CreateOrOverwrite', 'GenerateUniqueName'];

/** The first part of a multipart/form-data body, whatever its field name. */
export function firstMultipartPart(req: EmulatorRequest): { filename?: string; content: Buffer } {
  const type = req.headers['content-type'] ?? '';
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  if (!/^multipart\/form-data/i.test(type) || !boundary) throw badRequest('An import is a multipart/form-data upload.', 'RequestedFileIsEncryptedOrCorrupted');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = req.body.indexOf(delimiter);
  if (start < 0) throw badRequest('The multipart body has no part.');
  const headerEnd = req.body.indexOf('\r\n\r\n', start);
  const next = req.body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd);
  if (headerEnd < 0 || next < 0) throw badRequest('The multipart body is malformed.');
  const headers = req.body.subarray(start + delimiter.length, headerEnd).toString('utf8');
  const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
  return { filename, content: req.body.subarray(headerEnd + 4, next) };
}

function uniqueName(existing: Item[], name: string): string {
  const taken = new Set(existing.map((i) => i.displayName.toLowerCase()));
  if (!taken.has(name.toLowerCase())) return name;
  for (let n = 2; ; n++) if (!taken.has(`${name} (${n})`.toLowerCase())) return `${name} (${n})`;
}

function importPbix(ctx: PowerBiContext, actor: Actor, workspaceId: string, name: string, conflict: string, skipReport: boolean): { datasets: Item[]; reports: Item[] } {
  const { world } = ctx;
  const models = world.listItems(actor, workspaceId, 'SemanticModel').filter((i) => i.displayName.toLowerCase() === name.toLowerCase());
  if (conflict === 'Abort' && models.length) throw new EmulatorRequestError(409, 'DuplicatePackageNameError', `A dataset named "${name}" already exists; nameConflict is Abort.`);
  if (conflict === 'Overwrite' && models.length === 0) throw new EmulatorRequestError(400, 'DatasetNotFound', `nameConflict Overwrite needs an existing dataset named "${name}".`);
  if (conflict === 'Overwrite' || conflict === 'CreateOrOverwrite') {
    if (models.length > 1) throw new EmulatorRequestError(400, 'DuplicatePackageNotFoundError', `More than one dataset is named "${name}"; Overwrite cannot choose.`);
    if (models.length === 1) {
      // Overwrite keeps the ids of the dataset and of the report of the same name.
      const reports = world.listItems(actor, workspaceId, 'Report').filter((r) => r.displayName.toLowerCase() === name.toLowerCase());
      for (const r of [models[0], ...reports]) r.updatedAt = world.now();
      return { datasets: models, reports };
    }
  }
  const finalName = conflict === 'GenerateUniqueName' ? uniqueName(world.listItems(actor, workspaceId, 'SemanticModel'), name) : name;
  const model = world.createItem(actor, workspaceId, { type: 'SemanticModel', displayName: finalName });
  const reports = skipReport ? [] : [world.createItem(actor, workspaceId, { type: 'Report', displayName: finalName, datasetId: model.id })];
  return { datasets: [model], reports };
}

export function importRoutes(ctx: PowerBiContext): Route[] {
  const { world, clock } = ctx;
  const shape = (req: EmulatorRequest, rec: ImportRecord) => {
    const ready = clock.now() >= rec.readyAt;
    const find = (id: string) => world.state.items.get(id);
    return {
      id: rec.id, name: rec.name, importState: ready ? 'Succeeded' : 'Publishing',
      createdDateTime: iso(rec.createdAt), updatedDateTime: iso(ready ? rec.readyAt : rec.createdAt),
      reports: ready ? rec.reportIds.map(find).filter((i): i is Item => !!i).map(reportShape) : [],
      datasets: ready ? rec.datasetIds.map(find).filter((i): i is Item => !!i).map((i) => datasetShape(world, i)) : [],
    };
  };
  return [
    route(ctx, 'imports.create', 'POST', '/v1.0/myorg/groups/{groupId}/imports', (req, actor) => {
      const ws = requireGroup(ctx, actor, req.params.groupId);
      const name = req.query.datasetDisplayName;
      if (!name) throw badRequest('datasetDisplayName is required.');
      const conflict = req.query.nameConflict ?? 'Ignore';
      if (!CONFLICTS.includes(conflict)) throw badRequest(`nameConflict must be one of ${CONFLICTS.join(', ')}.`);
      const file = firstMultipartPart(req);
      const lower = (file.filename ?? name).toLowerCase();
      let created: { datasets: Item[]; reports: Item[] };
      if (name.toLowerCase() === 'model.json' || lower.endsWith('model.json')) {
        const model = JSON.parse(file.content.toString('utf8') || '{}') as { name?: string };
        created = { datasets: [], reports: [] };
        inPowerBiTerms('Group', ws.id, () => world.createItem(actor, ws.id, { type: 'Dataflow', displayName: model.name ?? 'Dataflow' }));
      } else if (lower.endsWith('.rdl')) {
        created = { datasets: [], reports: [inPowerBiTerms('Group', ws.id, () => world.createItem(actor, ws.id, { type: 'PaginatedReport', displayName: name.replace(/\.rdl$/i, '') }))] };
      } else {
        created = inPowerBiTerms('Group', ws.id, () => importPbix(ctx, actor, ws.id, name.replace(/\.pbix$/i, ''), conflict, req.query.skipReport === 'true'));
      }
      const now = clock.now();
      const rec: ImportRecord = {
        id: world.state.newId(), name, workspaceId: ws.id, createdAt: now, readyAt: now + req.durationOf('import.publishing', IMPORT_MS),
        datasetIds: created.datasets.map((d) => d.id), reportIds: created.reports.map((r) => r.id),
      };
      ctx.imports.set(rec.id, rec);
      return { status: 202, body: { id: rec.id } };
    }),
    route(ctx, 'imports.get', 'GET', '/v1.0/myorg/groups/{groupId}/imports/{importId}', (req, actor) => {
      const ws = requireGroup(ctx, actor, req.params.groupId);
      const rec = ctx.imports.get(req.params.importId.toLowerCase());
      if (!rec || rec.workspaceId !== ws.id) throw new EmulatorRequestError(404, 'PowerBIEntityNotFound', `Import ${req.params.importId} was not found.`);
      return { status: 200, body: { '@odata.context': `${odataContext(req.origin, ws.id, 'imports')}/$entity`, ...shape(req, rec) } };
    }),
    route(ctx, 'imports.list', 'GET', '/v1.0/myorg/groups/{groupId}/imports', (req, actor) => {
      const ws = requireGroup(ctx, actor, req.params.groupId);
      return { status: 200, body: list(req.origin, ws.id, 'imports', [...ctx.imports.values()].filter((r) => r.workspaceId === ws.id).map((r) => shape(req, r))) };
    }),
  ];
}
