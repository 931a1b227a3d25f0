// The Power BI REST emulator (`/v1.0/myorg/...`) over the shared world: groups, users,
// capacity assignment, service principal profiles, reports, datasets, parameters, datasource
// credentials, refreshes that really read PostgreSQL, executeQueries, dataflows, imports and
// embed tokens. See docs/sandbox.md, section "Power BI emulator".

export { startPowerBi } from './server.ts';
export type { PowerBiEmulator, PowerBiOptions } from './server.ts';
export { POWER_BI_AUDIENCE } from './auth.ts';
export { POWER_BI_REPORTED_PER_MINUTE, powerBiRateLimits, REFRESHABLES_PER_HOUR, type PowerBiThrottling } from './throttling.ts';
export { POWER_BI_LATENCY } from './latency.ts';
export { decryptGatewayCredentials } from './credentials.ts';
export { evaluateDax } from './dax.ts';
