// A real PowerDNS Authoritative server (Debian's pdns-server), started on loopback ports for
// tests. See server.ts.

export { findPowerDns, PDNS_SCHEMA, startPowerDns } from './server.ts';
export type { PowerDnsServer, StartPowerDnsOptions } from './server.ts';
