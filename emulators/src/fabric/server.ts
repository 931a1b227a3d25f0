// `startFabric`: the Fabric REST emulator (`/v1/...`) on the sandbox's emulator framework, over
// the world it shares with the Power BI emulator. Paths match case-insensitively (the trace calls
// `/VariableLibraries/`, `/sqldatabases/`, `/mirroreddatabases/`), the request id travels in the
// `RequestId` header as on api.powerbi.com (every traced response), and errors use Fabric's envelope.

import { serviceOptions, startEmulator, systemClock, type Clock, type Emulator, type ExchangeObserver, type FaultRule, type LatencySetting, type LatencyTable, type RateLimits, type Route, type TokenVerifier } from '../http/index.ts';
import { fabricRateLimits, type FabricThrottling } from './throttling.ts';
import type { EmulatorLogger } from '../logger.ts';
import type { World } from '../world/index.ts';
import { createFabricAuthenticator } from './auth.ts';
import type { FabricContext, OperationFailurePlan } from './context.ts';
import { renderFrameworkError } from './errors.ts';
import { FABRIC_LATENCY } from './latency.ts';
import { createOperationStore, statusOf } from './operations.ts';
import { operationRoutes } from './routes-operations.ts';
import { extraRoutes, folderRoutes } from './routes-extras.ts';
import { itemRoutes, typedRoutes } from './routes-items.ts';
import { workspaceRoutes } from './routes-workspaces.ts';

export interface FabricOptions {
  /** The tenant both emulators serve; create it with `now: () => clock.now()` on the same clock. */
  world: World;
  /** The Entra emulator's `verifyAccessToken`. */
  verifyToken: TokenVerifier;
  tls?: { key: string; cert: string };
  /** Default the system clock; share one clock between the world and every emulator. */
  clock?: Clock;
  /** Default `{ profile: 'instant' }`. */
  latency?: LatencySetting;
  /** Default FABRIC_LATENCY (derived from the trace). */
  latencyTable?: LatencyTable;
  /** Items per page of every list (the trace never shows a second page). Default 100. */
  pageSize?: number;
  /** How long a deleted item's name stays taken (409 ItemDisplayNameNotAvailableYet). Default 60 s. */
  nameReservationMs?: number;
  /** The tenant's default sensitivity label, shown on item reads (the trace's tenant has one). Default none. */
  sensitivityLabelId?: string;
  /** What `GET /v1/connections` lists (the tenant's connections, as the service shapes them). Default none. */
  connections?: Record<string, unknown>[];
  faults?: FaultRule[];
  /** Bucket limits as given; `throttling` derives them from Fabric's documented quota instead. */
  rateLimits?: RateLimits;
  /** Throttle per identity (the principal) as configured; default off, unless `rateLimits` is given. */
  throttling?: FabricThrottling;
  onExchange?: ExchangeObserver;
  logger?: EmulatorLogger;
  /** How many of the newest requests `requests()` keeps; default 10,000. */
  requestLogCapacity?: number;
  host?: string;
  port?: number;
}

export interface FabricEmulator extends Emulator {
  /** The routes it serves (name, method, path template), for coverage checks. */
  routes(): { name: string; method: string; path: string }[];
  /** Makes the next `count` operations (of `itemType`, if given) end Failed with this error. */
  planOperationFailures(plan: OperationFailurePlan): void;
}

export async function startFabric(options: FabricOptions): Promise<FabricEmulator> {
  const clock = options.clock ?? systemClock;
  const ctx: FabricContext = {
    world: options.world,
    clock,
    ops: createOperationStore(),
    folders: new Map(),
    extras: new Map(),
    failurePlans: [],
    latencyTable: options.latencyTable ?? FABRIC_LATENCY,
    pageSize: options.pageSize ?? 100,
    nameReservationMs: options.nameReservationMs ?? 60_000,
    sensitivityLabelId: options.sensitivityLabelId,
    connections: options.connections ?? [],
  };
  const routes: Route[] = [...workspaceRoutes(ctx), ...itemRoutes(ctx), ...typedRoutes(ctx), ...folderRoutes(ctx), ...extraRoutes(ctx), ...operationRoutes(ctx)];
  const planFailures = (plan: OperationFailurePlan) => {
    if (!(plan.count > 0) || !plan.errorCode || !plan.message) throw new Error('a failure plan needs count > 0, errorCode and message');
    ctx.failurePlans.push({ ...plan });
  };

  const emulator = await startEmulator({
    name: 'fabric',
    routes,
    ...serviceOptions(options),
    clock,
    caseInsensitivePaths: true,
    requestIdHeaders: ['RequestId'],
    errors: renderFrameworkError,
    authenticate: createFabricAuthenticator(options.world, options.verifyToken, () => clock.now()),
    latencyTable: ctx.latencyTable,
    rateLimits: options.rateLimits ?? (options.throttling ? fabricRateLimits(options.throttling) : undefined),
    host: options.host,
    state: () => ({
      operations: ctx.ops.list().map((op) => ({
        id: op.id, label: op.label, caller: op.caller, status: statusOf(op, clock.now()), createdAt: new Date(op.createdAt).toISOString(),
        hasResult: op.outcome.kind === 'succeeded' && op.outcome.result !== undefined,
      })),
      folders: [...ctx.folders.values()],
      failurePlans: ctx.failurePlans.filter((p) => p.count > 0),
      world: options.world.dump(),
    }),
    adminRoutes: [
      {
        name: 'admin.fabric.operationFailures', method: 'POST', path: '/_admin/fabric/operation-failures',
        handler: (req) => {
          planFailures(req.json<OperationFailurePlan>());
          return { status: 204 };
        },
      },
    ],
  });
  return Object.assign(emulator, {
    planOperationFailures: planFailures,
    routes: () => routes.map((r) => ({ name: r.name, method: r.method, path: r.path })),
  });
}
