// Loading the tenant's data into its model: a refresh after the model (its definition,
// parameters or credentials) changed, whose success is read back from the refresh history by
// the refresh's own request id, so it never mistakes another refresh for ours. Only one refresh
// runs per model at a time; a suspended tenant gets none. `tenantops refresh` shares runRefresh.
// Many refreshes in flight on one capacity are followed by one capacity-wide call per poll
// (refresh-watch.ts) instead of one history read each.
import { InternalError, RemoteApiError } from '../errors/index.ts';
import type { Resource } from '../plan/index.ts';
import { recordRefreshRun, typicalRefreshMs, type Queryable } from '../registry/index.ts';
import type { PowerBiClient, Refresh } from './client.ts';
import { waitForEstimate } from './estimate.ts';
import { joinRefreshWatch, REFRESHABLES_CALL, type WatchTicket } from './refresh-watch.ts';
import type { PowerBiServices } from './services.ts';
import { KEYS, tenantView, type ViewNames } from './view.ts';

export interface RefreshDesired {
  /** What the data must have been loaded for: the model's template and parameters. */
  model: string;
  enabled: boolean;
  /** Enhanced refresh (tracked by its request id) where the capacity allows it. */
  enhanced: boolean;
  /** The capacity (a platform.yaml name) the tenant's workspace is meant to be on: its refreshes are watched together. */
  capacity?: string;
}

export interface RefreshActual {
  model: string;
  status: string;
  requestId?: string;
  /** The model it loaded (a recreated model needs its own refresh). */
  modelId?: string;
}

export function refreshResource(names: ViewNames, desired: RefreshDesired | undefined): Resource<RefreshDesired, RefreshActual> {
  return {
    key: KEYS.refresh,
    kind: 'powerbi.refresh',
    // An enhanced refresh needs the dedicated capacity in place.
    dependsOn: [KEYS.model, KEYS.capacity],
    desired,
    async read(ctx) {
      const view = tenantView(ctx, names);
      const model = await view.model();
      if (!model) return undefined;
      const record = (await view.records()).get(KEYS.refresh);
      const state = record?.state as Partial<RefreshActual> & { modelId?: string } | undefined;
      if (!state?.model || state.modelId !== model.id) return undefined;
      return { model: state.model, status: state.status ?? 'Unknown', ...(state.requestId ? { requestId: state.requestId } : {}) };
    },
    diff(d, a) {
      if (!d) return a && { action: 'delete', fields: [], summary: `forget the refresh record of ${names.model}` };
      if (!d.enabled) return undefined;
      if (a && a.model === d.model && a.status === 'Completed') return undefined;
      return {
        action: a ? 'update' : 'create',
        fields: [{ path: 'model', before: a?.model, after: d.model }, ...(a?.status !== 'Completed' ? [{ path: 'status', before: a?.status, after: 'Completed' }] : [])],
        summary: `refresh ${names.model} from the tenant's database`,
      };
    },
    async apply(ctx, change) {
      if (change.action === 'delete') return undefined;
      const view = tenantView(ctx, names);
      const ws = await view.workspace();
      const model = await view.model();
      const client = await view.client(KEYS.refresh);
      if (!ws || !model || !client) throw new InternalError(`tenant ${ctx.tenant}: a refresh needs the workspace and the model`);
      // A model on a dedicated capacity may be followed with the capacity's other refreshes.
      const capacityId = desired!.capacity ? await view.pbi.capacityId(desired!.capacity) : undefined;
      const result = await runRefresh(client, ws.id, model.id, {
        enhanced: desired!.enhanced, tenant: ctx.tenant, pbi: view.pbi, registry: await view.host.registry(),
        ...(capacityId ? { watch: { services: view.pbi, capacityId } } : {}),
      });
      ctx.log.info(`${ctx.tenant}: refresh ${result.requestId} of ${names.model} completed`);
      return { model: desired!.model, status: 'Completed', requestId: result.requestId, modelId: model.id };
    },
  };
}

export interface RunRefreshOptions {
  enhanced: boolean;
  tenant: string;
  pbi: { sleep: (ms: number) => Promise<void>; now: () => number; operationTimeoutMs: number };
  /** Only start it; do not wait for the outcome. */
  noWait?: boolean;
  /** Where the ended refresh's history entry (start, end, state) is recorded for the dashboard. */
  registry?: Queryable;
  /** The dedicated capacity the model is on: our refresh may be followed with the capacity's others. */
  watch?: { services: PowerBiServices; capacityId: string };
}

/**
 * Starts a refresh (after any refresh already running finishes) and waits for its history entry
 * to complete. Throws RemoteApiError naming the service's error when it fails.
 */
export async function runRefresh(client: PowerBiClient, groupId: string, modelId: string, options: RunRefreshOptions): Promise<Refresh> {
  const enhanced = options.enhanced ? { type: 'Full', commitMode: 'Transactional', retryCount: 1 } : undefined;
  const started = options.pbi.now();
  let requestId: string | undefined;
  for (;;) {
    try {
      requestId = (await client.startRefresh(groupId, modelId, enhanced)).requestId;
      break;
    } catch (err) {
      // One refresh per model at a time: wait for the running one, then start ours.
      if (!(err instanceof RemoteApiError && (err.details.status === 409 || (err.details.status === 400 && /progress|already/i.test(`${err.details.code} ${err.message}`))))) throw err;
      await waitForRefresh(client, groupId, modelId, undefined, options, started);
    }
  }
  if (!requestId) throw new InternalError('the refresh was accepted without a request id to follow');
  const stub: Refresh = { requestId, status: 'Unknown' };
  // The service starts the refresh once it has accepted it: its own start, which the fleet's
  // durations are measured from, is no earlier than the answer to our POST.
  return options.noWait ? stub : waitForRefresh(client, groupId, modelId, requestId, options, started, options.pbi.now());
}

/** Polls the history until `requestId` (or, without one, whatever runs now) is no longer Unknown. */
async function waitForRefresh(
  client: PowerBiClient,
  groupId: string,
  modelId: string,
  requestId: string | undefined,
  options: RunRefreshOptions,
  started: number,
  accepted = started,
): Promise<Refresh> {
  const deadline = started + options.pbi.operationTimeoutMs;
  let wait = FIRST_POLL_MS;
  let polls = 0;
  let ticket: WatchTicket | undefined = requestId && options.watch ? joinRefreshWatch(options.watch.services, options.watch.capacityId, modelId, requestId) : undefined;
  try {
    // Our own refresh of a model that never refreshed before has no history to estimate from: wait
    // what the fleet's refreshes took (the registry's record) before the first poll instead of
    // polling from the first second.
    const typical = requestId && options.registry ? await typicalRefreshMs(options.registry) : undefined;
    await waitForEstimate(options.pbi, typical, accepted, MAX_POLL_MS * 8, deadline);
    for (;;) {
      // While the capacity's watch follows it, its poll (paced by the watch) stands for ours, as
      // long as the model's last refresh is ours and running or completed. A failed one is read
      // from the model's history below, so its error is exactly what the history says.
      const sighting = ticket?.engaged ? await ticket.next() : undefined;
      const watched = sighting?.entry && (sighting.entry.status === 'Unknown' || sighting.entry.status === 'Completed') ? sighting.entry : undefined;
      if (sighting && !watched) {
        // No longer ours, not listed, refused, or ended otherwise: this refresh reads its own history from now on.
        ticket!.leave();
        ticket = undefined;
      }
      // Give up only when a poll made after the deadline still finds it running.
      const late = (watched ? sighting!.polledAt : options.pbi.now()) >= deadline;
      const history = watched ? [] : await client.listRefreshes(groupId, modelId, 10);
      if (!watched) polls++;
      const call = watched ? REFRESHABLES_CALL : 'GET /v1.0/myorg/groups/{groupId}/datasets/{datasetId}/refreshes';
      const entry = watched ?? (requestId ? history.find((r) => r.requestId?.toLowerCase() === requestId.toLowerCase()) : history.find((r) => r.status === 'Unknown'));
      if (!requestId && !entry) return { requestId: '', status: 'Completed' };
      if (entry && entry.status !== 'Unknown') {
        // Ours only: without a request id the entry is someone else's refresh we waited behind.
        if (requestId && entry.startTime && options.registry) {
          await recordRefreshRun(options.registry, { tenant: options.tenant, requestId, state: entry.status, startTime: entry.startTime, endTime: entry.endTime });
        }
        if (entry.status === 'Completed') return entry;
        const detail = describeFailure(entry.serviceExceptionJson);
        throw new RemoteApiError(
          { service: 'powerbi', call, status: 200, code: detail.code ?? `Refresh${entry.status}`, requestId, tenant: options.tenant, resource: KEYS.refresh },
          `refresh ${requestId ?? ''} ended ${entry.status}${detail.message ? `: ${detail.message}` : ''}`,
        );
      }
      if (late) {
        throw new RemoteApiError(
          { service: 'powerbi', call, status: 200, code: 'OperationTimedOut', requestId, tenant: options.tenant, resource: KEYS.refresh },
          `refresh still running after ${Math.round((options.pbi.now() - started) / 1000)} s`,
        );
      }
      // The watch paces its own polls (≥ 18 s apart): no wait of ours on top.
      if (watched) continue;
      // Every poll spends one call of the principal's Power BI budget (60 a minute, shared by the
      // fleet): a refresh of this model that took d before is not polled until about d has passed;
      // otherwise the interval grows from 1 s to 8 s, so a 45 s refresh costs ~9 polls, not ~23,
      // and its end is still seen within 8 s.
      const estimate = polls === 1 ? remainingOfLastDuration(history, requestId, options.pbi.now() - started) : 0;
      await options.pbi.sleep(Math.max(0, Math.min(Math.max(wait, estimate), deadline - options.pbi.now())));
      wait = Math.min(MAX_POLL_MS, Math.round(wait * 1.5));
    }
  } finally {
    ticket?.leave();
  }
}

const FIRST_POLL_MS = 1_000;
const MAX_POLL_MS = 8_000;

/** How long the last completed refresh of the model took, less what has passed of ours (0 without one). */
function remainingOfLastDuration(history: readonly Refresh[], requestId: string | undefined, elapsedMs: number): number {
  const last = history.find((r) => r.status === 'Completed' && r.startTime && r.endTime && r.requestId?.toLowerCase() !== requestId?.toLowerCase());
  if (!last) return 0;
  const took = Date.parse(last.endTime!) - Date.parse(last.startTime!);
  return Number.isFinite(took) && took > 0 ? Math.min(took - elapsedMs, MAX_POLL_MS * 8) : 0;
}

function describeFailure(json: string | undefined): { code?: string; message?: string } {
  if (!json) return {};
  try {
    const parsed = JSON.parse(json) as { errorCode?: string; errorDescription?: string };
    return { code: parsed.errorCode, message: parsed.errorDescription };
  } catch {
    return { message: json.slice(0, 300) };
  }
}
