// The emulated Cloudflare API v4 (zones and DNS records) of the sandbox. See docs/sandbox.md.
export { renderCloudflareError, startCloudflare, type CloudflareEmulator, type CloudflareOptions, type CloudflareToken } from './server.ts';
export type { CfRecord, CfZone } from './records.ts';
