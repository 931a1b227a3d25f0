// The emulated GoDaddy Domains API v1 of the sandbox (records by type and name, sso-key auth,
// per-endpoint rate limits, the edit lock) for the platform zone. See docs/sandbox.md.
export { renderGodaddyError, startGodaddy, type GodaddyCredential, type GodaddyEmulator, type GodaddyOptions, type GodaddySnapshot } from './server.ts';
export { MIN_TTL as GODADDY_EMULATED_MIN_TTL, RECORD_TYPES as GODADDY_RECORD_TYPES, type GodaddyRecord } from './zone.ts';
