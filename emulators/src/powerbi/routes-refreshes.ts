// Dataset refreshes. A plain refresh (no body, or only `notifyOption`) answers 202 with no
// Location; an enhanced one (any of type/commitMode/objects/retryCount/timeout/...) answers 202
// with `Location` and `x-ms-request-id`, needs a dedicated capacity, and is read back and
// cancelled by that id. One refresh at a time per model: a second plain one gets 400, a second
// enhanced one 409, as the service answers.

import { EmulatorRequestError, type Route } from '../http/index.ts';
import { WorldError, type RefreshRecord, type RefreshScheduleState } from '../world/index.ts';
import { OK, requireModel, scoped, type PowerBiContext } from './context.ts';
import { badRequest, inPowerBiTerms, toPowerBiError } from './errors.ts';
import { list, refreshDetailShape, refreshShape } from './shapes.ts';

/** Realistic refresh duration when the latency table does not say (see latency.ts). */
const REFRESH_MS = 45_000;

const TYPES = ['Full', 'ClearValues', 'Calculate', 'DataOnly', 'Automatic', 'Defragment'];
const COMMIT_MODES = ['Transactional', 'PartialBatch'];
const NOTIFY = ['NoNotification', 'MailOnFailure', 'MailOnCompletion'];
const ENHANCED_FIELDS = ['type', 'commitMode', 'maxParallelism', 'retryCount', 'objects', 'applyRefreshPolicy', 'effectiveDate', 'timeout'];

type Enhanced = NonNullable<RefreshRecord['enhanced']>;

/** Validates a refresh body; returns the enhanced part, or undefined for a plain refresh. */
function readRefreshBody(raw: unknown, tables: string[]): Enhanced | undefined {
  if (raw === undefined) return undefined;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('The refresh request must be a JSON object.');
  const body = raw as Record<string, unknown>;
  if (body.notifyOption !== undefined && !NOTIFY.includes(String(body.notifyOption))) throw badRequest('notifyOption must be NoNotification, MailOnFailure or MailOnCompletion.');
  if (!ENHANCED_FIELDS.some((f) => body[f] !== undefined)) return undefined;
  if (body.notifyOption !== undefined && body.notifyOption !== 'NoNotification') {
    throw badRequest('An enhanced refresh supports only notifyOption NoNotification.');
  }
  if (body.type !== undefined && !TYPES.includes(String(body.type))) throw badRequest(`type must be one of ${TYPES.join(', ')}.`);
  if (body.commitMode !== undefined && !COMMIT_MODES.includes(String(body.commitMode))) throw badRequest('commitMode must be Transactional or PartialBatch.');
  for (const f of ['retryCount', 'maxParallelism'] as const) {
    if (body[f] !== undefined && (!Number.isInteger(body[f]) || (body[f] as number) < 0)) throw badRequest(`${f} must be a non-negative integer.`);
  }
  // `timeout` (hh:mm:ss, at most 24 hours) is documented although the swagger predates it.
  if (body.timeout !== undefined && (typeof body.timeout !== 'string' || !/^(\d{1,2}):([0-5]\d):([0-5]\d)$/.test(body.timeout) || Number(body.timeout.split(':')[0]) > 24)) {
    throw badRequest('timeout must be hh:mm:ss, at most 24:00:00.');
  }
  let objects: Enhanced['objects'];
  if (body.objects !== undefined) {
    if (!Array.isArray(body.objects)) throw badRequest('objects must be an array.');
    objects = body.objects.map((o: unknown) => {
      const table = (o as { table?: unknown })?.table;
      const partition = (o as { partition?: unknown })?.partition;
      if (typeof table !== 'string') throw badRequest('Each object needs a table.');
      if (!tables.some((t) => t.toLowerCase() === table.toLowerCase())) throw badRequest(`Table '${table}' does not exist in the model.`);
      return { table, ...(typeof partition === 'string' ? { partition } : {}) };
    });
  }
  return {
    type: body.type as string | undefined ?? 'Full', commitMode: body.commitMode as string | undefined ?? 'Transactional',
    maxParallelism: body.maxParallelism as number | undefined, retryCount: body.retryCount as number | undefined,
    timeout: body.timeout as string | undefined, objects,
  };
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The schedule the service reports for a model nobody scheduled: disabled. */
function scheduleOf(model: { refreshSchedule?: RefreshScheduleState } | undefined): RefreshScheduleState {
  return model?.refreshSchedule ?? { enabled: false, days: [], times: [], localTimeZoneId: 'UTC', NotifyOption: 'MailOnFailure' };
}

export function refreshRoutes(ctx: PowerBiContext): Route[] {
  const { world } = ctx;
  return [
    ...scoped(ctx, 'datasets.refresh', 'POST', '/datasets/{datasetId}/refreshes', (req, actor) => {
      const item = requireModel(ctx, req, actor);
      const raw = req.body.length ? req.json<unknown>() : undefined;
      const enhanced = readRefreshBody(raw, item.semanticModel?.model?.tables.map((t) => t.name) ?? []);
      if (enhanced && !world.isOnDedicatedCapacity(world.state.workspaces.get(item.workspaceId)!)) {
        throw badRequest('Enhanced refresh requires the workspace to be on a Premium, Premium Per User, Embedded or Fabric capacity.');
      }
      const requestId = req.requestId;
      try {
        world.startRefresh(actor, item.id, { requestId, refreshType: enhanced ? 'ViaEnhancedApi' : 'ViaApi', enhanced });
      } catch (e) {
        if (enhanced && e instanceof WorldError && e.code === 'RefreshInProgress') {
          throw new EmulatorRequestError(409, 'Conflict', 'Another refresh request is already executing for this semantic model.');
        }
        throw e instanceof WorldError ? toPowerBiError(e, 'Dataset', item.id) : e;
      }
      ctx.runner.start(item.id, requestId, req.durationOf('dataset.refresh', REFRESH_MS));
      if (!enhanced) return { status: 202 };
      const base = req.params.groupId ? `/v1.0/myorg/groups/${req.params.groupId}` : '/v1.0/myorg';
      return { status: 202, headers: { Location: `${req.origin}${base}/datasets/${item.id}/refreshes/${requestId}`, 'x-ms-request-id': requestId } };
    }),
    ...scoped(ctx, 'datasets.refreshes', 'GET', '/datasets/{datasetId}/refreshes', (req, actor) => {
      const item = requireModel(ctx, req, actor);
      const top = req.query.$top;
      if (top !== undefined && !/^\d+$/.test(top)) throw badRequest('$top must be a non-negative integer.');
      const rows = world.listRefreshes(actor, item.id, top === undefined ? undefined : Number(top)).map(refreshShape);
      return { status: 200, body: list(req.origin, item.workspaceId, 'refreshes', rows) };
    }),
    ...scoped(ctx, 'datasets.refreshSchedule', 'GET', '/datasets/{datasetId}/refreshSchedule', (req, actor) => {
      const item = requireModel(ctx, req, actor);
      return { status: 200, body: { '@odata.context': `${req.origin}/v1.0/myorg/$metadata#Microsoft.PowerBI.ServiceContracts.Api.RefreshSchedule`, ...scheduleOf(item.semanticModel) } };
    }),
    ...scoped(ctx, 'datasets.updateRefreshSchedule', 'PATCH', '/datasets/{datasetId}/refreshSchedule', (req, actor) => {
      const item = requireModel(ctx, req, actor);
      const value = req.json<{ value?: Partial<RefreshScheduleState> }>()?.value;
      if (!value || typeof value !== 'object') throw badRequest('The request needs a value with the refresh schedule.');
      const next = { ...scheduleOf(item.semanticModel), ...value };
      if (next.days.some((d) => !DAYS.includes(d))) throw badRequest(`days must be among ${DAYS.join(', ')}.`);
      if (next.times.some((t) => !/^([01]\d|2[0-3]):(00|30)$/.test(t))) throw badRequest('times must be hh:mm with minutes 00 or 30.');
      if (typeof next.enabled !== 'boolean') throw badRequest('enabled must be a boolean.');
      item.semanticModel!.refreshSchedule = next;
      return OK;
    }),
    ...scoped(ctx, 'datasets.refreshDetails', 'GET', '/datasets/{datasetId}/refreshes/{refreshId}', (req, actor) => {
      const item = requireModel(ctx, req, actor);
      const record = inPowerBiTerms('Dataset', item.id, () => world.getRefresh(actor, item.id, req.params.refreshId));
      return { status: record.status === 'Unknown' ? 202 : 200, body: refreshDetailShape(record) };
    }),
    ...scoped(ctx, 'datasets.cancelRefresh', 'DELETE', '/datasets/{datasetId}/refreshes/{refreshId}', (req, actor) => {
      const item = requireModel(ctx, req, actor);
      const record = inPowerBiTerms('Dataset', item.id, () => world.getRefresh(actor, item.id, req.params.refreshId));
      if (record.refreshType !== 'ViaEnhancedApi') throw badRequest('Only an enhanced refresh can be cancelled.');
      if (!ctx.runner.cancel(item.id, record.requestId)) throw badRequest('The refresh is not in progress.');
      return OK;
    }),
  ];
}
