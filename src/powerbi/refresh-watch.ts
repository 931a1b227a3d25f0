// Following many refreshes on one dedicated capacity with one call. Each poll of a refresh's own
// history spends one call of the principal's Power BI budget (about 60 a minute, shared by the
// fleet); a rollout wave refreshing 100 models spends 100–300. The admin API
// `GET admin/capacities/{capacityId}/refreshables` shows every model's last refresh on a capacity
// in one call (page of 1,000), so while at least WATCH_THRESHOLD of this process's refreshes on a
// capacity are in flight, one such call per poll follows all of them, matched by request id.
//
// It has a budget of its own: 200 requests an hour per principal, i.e. one every 18 s on average,
// kept in the shared rate budget store where there is one (parallel processes calling as the
// principal share it). Below the threshold, with `powerbi.fleetReads: per-tenant`, or when the
// admin API refuses the principal (401/403 under `auto`: said once), refreshes poll their own
// history as before. A model whose last refresh is no longer ours (another one started after it),
// or that the capacity does not list, goes back to its own history: the watch only shortens the
// wait, it never decides an outcome the history would not.
import { RemoteApiError } from '../errors/index.ts';
import { createRateLimiter, type RateLimiter } from '../http/index.ts';
import type { Refresh, Refreshable } from './client.ts';
import { isAdminRefusal } from './fleet.ts';
import type { PowerBiServices } from './services.ts';

/**
 * Our refreshes in flight on one capacity from which one call per poll follows them. A refresh's
 * own polls cost 1–3 calls (the first after the fleet's typical duration, then 1 → 8 s); a watch
 * poll costs one call every ≥ 18 s whatever it covers, but sees an end up to 18 s later than an
 * 8 s poll would. At 8 in flight (a rollout's default tenant concurrency) the refreshes of a
 * 45 s wave cost ~3 watch calls instead of 8–24 of their own, and the admin API's 200 an hour
 * (which other admin tools of the organisation may also use) is spent only where it saves most.
 */
export const WATCH_THRESHOLD = 8;
/** The refreshables API's documented limit. */
export const REFRESHABLES_PER_HOUR = 200;
/** The step watch calls are named by in errors: they belong to the capacity's watch, not to one tenant. */
export const WATCH_STEP = 'powerbi/refresh-watch';
export const REFRESHABLES_CALL = 'GET /v1.0/myorg/admin/capacities/{capacityId}/refreshables';

/** What one capacity-wide poll (started at `polledAt`) saw of a refresh. */
export interface Sighting {
  polledAt: number;
  /** The model's last refresh while it is ours; absent: read the model's own history instead. */
  entry?: Refresh;
}

export interface WatchTicket {
  /** True while the capacity's refreshes are followed by the watch (see WATCH_THRESHOLD). */
  readonly engaged: boolean;
  /** The refresh as the next capacity-wide poll sees it (paced: may wait up to 18 s or more). */
  next(): Promise<Sighting>;
  /** This refresh no longer needs the watch (ended, or back to its own history). */
  leave(): void;
}

interface ProcessWatch {
  limiter: RateLimiter;
  /** The rate budget key: the principal's refreshables budget. */
  key: string;
  refused: boolean;
  capacities: Map<string, CapacityWatch>;
}

interface CapacityWatch {
  join(modelId: string, requestId: string): WatchTicket;
}

interface Waiter {
  modelId: string;
  requestId: string;
  resolve: (sighting: Sighting) => void;
  reject: (err: unknown) => void;
}

// Per services instance: one run's process shares one watch per capacity and one pacing.
const watches = new WeakMap<PowerBiServices, ProcessWatch>();

/** Joins the watch of `capacityId` for our refresh `requestId` of `modelId`; undefined where refreshes are never watched. */
export function joinRefreshWatch(pbi: PowerBiServices, capacityId: string | undefined, modelId: string, requestId: string): WatchTicket | undefined {
  if (!capacityId || (pbi.platform.powerbi.fleetReads ?? 'auto') === 'per-tenant') return undefined;
  let process = watches.get(pbi);
  if (!process) {
    const clientId = pbi.platform.credentialProfiles[pbi.platform.powerbi.credentialProfile]?.clientId ?? 'principal';
    // Burst 1: one call every 18 s at most, the first at once; shared across processes when the
    // run has a store (the registry's).
    const limiter = createRateLimiter({ budget: { perSecond: REFRESHABLES_PER_HOUR / 3600, burst: 1 }, now: pbi.now, sleep: (ms) => pbi.sleep(ms), store: pbi.rateBudget });
    watches.set(pbi, (process = { limiter, key: `powerbi-refreshables:${clientId.toLowerCase()}`, refused: false, capacities: new Map() }));
  }
  const id = capacityId.toLowerCase();
  let watch = process.capacities.get(id);
  if (!watch) process.capacities.set(id, (watch = createCapacityWatch(pbi, process, id)));
  return watch.join(modelId.toLowerCase(), requestId.toLowerCase());
}

function createCapacityWatch(pbi: PowerBiServices, process: ProcessWatch, capacityId: string): CapacityWatch {
  const mode = pbi.platform.powerbi.fleetReads ?? 'auto';
  let members = 0;
  // Engaged once the threshold is reached, until the last of those refreshes is done: the tail of
  // a wave is cheaper followed by one call than by a poll loop each.
  let engaged = false;
  let pending: Waiter[] = [];
  let polling = false;

  const poll = async () => {
    try {
      while (pending.length) {
        if (!process.refused) await process.limiter.take(process.key);
        // Everyone who asked while we waited for our turn is served by this one call.
        const batch = pending;
        pending = [];
        const polledAt = pbi.now();
        if (process.refused) {
          for (const w of batch) w.resolve({ polledAt });
          continue;
        }
        let rows: Refreshable[];
        try {
          rows = await pbi.principal({ step: WATCH_STEP }).listCapacityRefreshables(capacityId, { beforeNextPage: () => process.limiter.take(process.key) });
        } catch (err) {
          if (mode === 'auto' && isAdminRefusal(err)) {
            refuse(pbi, process, err);
            for (const w of batch) w.resolve({ polledAt });
          } else {
            for (const w of batch) w.reject(err);
          }
          continue;
        }
        const last = new Map(rows.map((r) => [r.id.toLowerCase(), r.lastRefresh]));
        for (const w of batch) {
          const entry = last.get(w.modelId);
          w.resolve({ polledAt, ...(entry?.requestId?.toLowerCase() === w.requestId ? { entry } : {}) });
        }
      }
    } finally {
      polling = false;
    }
  };

  return {
    join(modelId, requestId) {
      members++;
      if (members >= WATCH_THRESHOLD) engaged = true;
      let left = false;
      return {
        get engaged() {
          return engaged && !process.refused;
        },
        next() {
          return new Promise<Sighting>((resolve, reject) => {
            pending.push({ modelId, requestId, resolve, reject });
            if (!polling) {
              polling = true;
              void poll();
            }
          });
        },
        leave() {
          if (left) return;
          left = true;
          if (--members === 0) engaged = false;
        },
      };
    },
  };
}

function refuse(pbi: PowerBiServices, process: ProcessWatch, err: RemoteApiError): void {
  if (process.refused) return;
  process.refused = true;
  pbi.log.warn(
    `Power BI: the admin refreshables API refused the principal (${err.details.status}${err.details.code ? ` ${err.details.code}` : ''}); following each refresh through its own model's history instead (1–3 calls a refresh). Allow the read-only admin APIs for service principals, or set powerbi.fleetReads: per-tenant in platform.yaml to skip this attempt`,
  );
}
