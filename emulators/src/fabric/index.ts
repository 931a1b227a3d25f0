// The emulated Fabric REST API (`/v1/...`): workspaces, items and the typed collections with
// their definitions, long-running operations, pagination and Fabric's errors, over the world it
// shares with the Power BI emulator. Its fidelity is tested against Microsoft's specs and the
// recorded fabric-cicd trace (emulators/test/fabric); docs/sandbox.md ("Fabric emulator") says
// what it does and docs/parity.md what witnesses each behaviour.

export { startFabric } from './server.ts';
export type { FabricEmulator, FabricOptions } from './server.ts';
export { FABRIC_AUDIENCE } from './auth.ts';
export { FABRIC_QUOTA_PER_MINUTE, fabricRateLimits, type FabricThrottling } from './throttling.ts';
export type { OperationFailurePlan } from './context.ts';
export { FABRIC_LATENCY, CHOSEN_DURATIONS, TRACED_DURATION_PREFIXES } from './latency.ts';
export { KNOWN_ITEM_TYPES, TYPED_COLLECTIONS, createsSynchronously } from './item-types.ts';
export type { TypedCollection } from './item-types.ts';
