// `startPowerBi`: the Power BI REST emulator (`/v1.0/myorg/...`, paths case-insensitive) on
// the emulator framework, over the shared world. Bearer tokens are checked by the Entra
// emulator's verifier (Power BI audience; expiry → 403 TokenExpired); `X-PowerBI-Profile-Id`
// selects a profile. Refreshes really read PostgreSQL (refresh-runner.ts).

import {
  serviceOptions, startEmulator, systemClock, type Clock, type Emulator, type ExchangeObserver, type FaultRule, type LatencySetting, type RateLimits,
  type TokenVerifier,
} from '../http/index.ts';
import type { EmulatorLogger } from '../logger.ts';
import type { World } from '../world/index.ts';
import { createAuthenticator } from './auth.ts';
import type { PowerBiContext, ScanGaps } from './context.ts';
import { renderPowerBiError } from './errors.ts';
import { POWER_BI_LATENCY } from './latency.ts';
import { createRefreshRunner } from './refresh-runner.ts';
import { adminRoutes } from './routes-admin.ts';
import { dataflowRoutes } from './routes-dataflows.ts';
import { datasetRoutes } from './routes-datasets.ts';
import { gatewayRoutes } from './routes-gateways.ts';
import { groupRoutes } from './routes-groups.ts';
import { importRoutes } from './routes-imports.ts';
import { refreshRoutes } from './routes-refreshes.ts';
import { reportRoutes } from './routes-reports.ts';
import { powerBiRateLimits, type PowerBiThrottling } from './throttling.ts';

export interface PowerBiOptions {
  world: World;
  tls: { key: string; cert: string };
  /** Checks bearer tokens: pass the Entra emulator's `verifyAccessToken` (bound). */
  verifyToken: TokenVerifier;
  /** Share it with the world and the other emulators. Default the system clock. */
  clock?: Clock;
  latency?: LatencySetting;
  faults?: FaultRule[];
  /** Bucket limits as given; `throttling` derives them from Power BI's reported figure instead. */
  rateLimits?: RateLimits;
  /** Throttle as configured (per profile or per principal); default off, unless `rateLimits` is given. */
  throttling?: PowerBiThrottling;
  onExchange?: ExchangeObserver;
  logger?: EmulatorLogger;
  /** How many of the newest requests `requests()` keeps; default 10,000. */
  requestLogCapacity?: number;
  /**
   * Columns whose distinct values a refresh loads where a table has them, so
   * `EVALUATE VALUES('table'[column])` can answer for them (e.g. a column saying which customer a
   * row belongs to). Default none: refreshes load row counts only.
   */
  markerColumns?: readonly string[];
  /** How long a refresh waits for PostgreSQL to accept a connection; default 5000 ms. */
  connectTimeoutMs?: number;
}

export interface PowerBiEmulator extends Emulator {
  world: World;
  /** Resolves when every refresh started so far has finished (tests wait on it instead of polling). */
  settleRefreshes(): Promise<void>;
  /** Every secret it has handed out (embed tokens), so a test can search output for them. */
  issuedSecrets(): string[];
  /** What scans requested from now on leave out (item ids as the world holds them); empty by default. */
  scanGaps: ScanGaps;
}

export async function startPowerBi(options: PowerBiOptions): Promise<PowerBiEmulator> {
  const clock = options.clock ?? systemClock;
  const { world } = options;
  const runner = createRefreshRunner({ world, clock, markerColumns: options.markerColumns ?? [], logger: options.logger, connectTimeoutMs: options.connectTimeoutMs });
  const ctx: PowerBiContext = { world, clock, runner, imports: new Map(), issued: [], scans: new Map(), scanGaps: { items: new Set(), expressions: new Set() } };
  const authenticate = createAuthenticator(world, options.verifyToken, () => clock.now(), options.throttling?.per ?? 'profile');
  const emulator = await startEmulator({
    name: 'powerbi',
    routes: [
      ...groupRoutes(ctx), ...reportRoutes(ctx), ...datasetRoutes(ctx), ...refreshRoutes(ctx),
      ...gatewayRoutes(ctx), ...dataflowRoutes(ctx), ...importRoutes(ctx), ...adminRoutes(ctx),
    ],
    ...serviceOptions(options),
    clock,
    caseInsensitivePaths: true,
    requestIdHeaders: ['RequestId'],
    errors: renderPowerBiError,
    authenticate,
    state: () => world.dump(),
    latencyTable: POWER_BI_LATENCY,
    rateLimits: options.rateLimits ?? (options.throttling ? powerBiRateLimits(options.throttling) : undefined),
  });
  const stop = emulator.stop.bind(emulator);
  return Object.assign(emulator, {
    world,
    settleRefreshes: () => runner.settle(),
    issuedSecrets: () => [...ctx.issued],
    scanGaps: ctx.scanGaps,
    stop: async () => {
      runner.stop();
      await runner.settle();
      await stop();
    },
  });
}
