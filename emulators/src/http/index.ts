// The emulator framework every sandbox service is built on (Entra ID, Power BI, Fabric, DNS):
// `startEmulator` serves an emulator's routes on loopback over HTTP(S) with request ids, a request
// log, deterministic faults, latency profiles, per-identity rate limits, an admin API under
// `/_admin/` and exchange observers. See docs/sandbox.md for a walk-through.

export { serviceOptions, startEmulator } from './server.ts';
export type { Emulator, EmulatorOptions, ServiceOptions } from './server.ts';
export { EmulatorRequestError, codeForStatus } from './io.ts';
export { systemClock, createVirtualClock } from './clock.ts';
export type { Clock, VirtualClock } from './clock.ts';
export { createRateLimiter, perMinuteBucket } from './rate-limit.ts';
export type { RateLimiter, RateDecision } from './rate-limit.ts';
export { createPrng } from './prng.ts';
export { redactQuery } from './request-log.ts';
export { safeDecode, splitPath } from './router.ts';
export type {
  BucketLimit, EmulatorControls, EmulatorRequest, EmulatorResponse, ErrorDetails, ErrorRenderer, Exchange, ExchangeObserver, FaultKind,
  FaultRule, FaultRuleState, Handler, Identity, LatencySetting, LatencyTable, RateLimits, RequestLogEntry, Route,
  TokenVerifier,
} from './types.ts';
