// The emulated Azure DNS (record sets through ARM) of the sandbox. See docs/sandbox.md.
export { API_VERSIONS, ARM_AUDIENCES, renderArmError, startAzureDns, type AzureDnsEmulator, type AzureDnsOptions } from './server.ts';
export type { StoredRecordSet, StoredZone } from './record-sets.ts';
