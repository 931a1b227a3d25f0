// dns: a tenant's host name and its ownership record in the platform's zone, through one
// provider-neutral record-set interface (GoDaddy, PowerDNS, Cloudflare, Azure DNS), with
// ownership proof, normalised diffs, changes declared towards the zone-wide safety threshold the
// plan judges, and verification by query.
export type { CallContext, CallCounts, DnsProvider, RecordSetState, Timing } from './types.ts';
export { desiredDnsResources, recordTarget, suspendDnsTarget } from './desired.ts';
export { dnsCapability } from './capability.ts';
export { tenantRecordNames, type TenantRecordNames } from './names.ts';
export { createDnsResource, dnsServiceOf, planChange, type DnsActual, type DnsResourceSpec, type DnsServiceLookup, type Owner } from './resources.ts';
export { createDnsService, type DnsService, type DnsServiceOptions, type VerificationReport, type ZoneView } from './service.ts';
export { createPlatformDnsProvider, createPlatformDnsService, type CreateDnsOptions, type DnsSettingsOverrides } from './settings.ts';
export { claimedTenant, countOwnedSets, formatOwnership, ownerIdOf, ownershipValue, parseOwnership, type OwnershipClaim } from './ownership.ts';
export { canonicalIpv6, describeSet, fromFqdn, normalizeSet, normalizeValue, normalizeZone, parseTxt, quoteTxt, sameRecordSet, toFqdn } from './normalize.ts';
export { awaitAnswer, queryServer, type QueryOptions, type QueryResult } from './verify.ts';
export { readTenantRecords, renderDnsSummary, type DnsSummaryInput, type TenantRecords } from './summary.ts';
export { createGodaddyProvider, GODADDY_API, GODADDY_MIN_TTL, type GodaddyProviderOptions } from './providers/godaddy.ts';
export { createPowerDnsProvider, type PowerDnsProviderOptions } from './providers/powerdns.ts';
export { CLOUDFLARE_API, createCloudflareProvider, type CloudflareProviderOptions } from './providers/cloudflare.ts';
export { ARM_ENDPOINT, AZURE_DNS_API_VERSION, createAzureDnsProvider, type ArmRecordSet, type AzureDnsProviderOptions } from './providers/azure.ts';
