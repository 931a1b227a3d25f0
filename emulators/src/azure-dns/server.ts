// The Azure DNS emulator (ARM, api-version 2018-05-01), after
// https://learn.microsoft.com/rest/api/dns/record-sets (Get, Create Or Update with If-Match /
// If-None-Match, Update, Delete, List By Type, List By Dns Zone, List All By Dns Zone with $top
// and nextLink) and https://learn.microsoft.com/rest/api/dns/zones/get. Bearer tokens from the
// sandbox's Entra for https://management.azure.com; ARM's `{error: {code, message}}` envelope;
// x-ms-request-id and x-ms-correlation-request-id; case-insensitive paths as ARM has them.
import type { EntraEmulator } from '../entra/index.ts';
import { serviceOptions, startEmulator, systemClock, type Emulator, type EmulatorRequest, type EmulatorResponse, type ErrorDetails, type Identity, type Route, type ServiceOptions } from '../http/index.ts';
import { armError, canonicalType, countRecords, newEtag, parseProperties, type StoredRecordSet, type StoredZone } from './record-sets.ts';

export const API_VERSIONS = ['2018-05-01', '2023-07-01-preview'];
export const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.azure.com/', 'https://management.core.windows.net', 'https://management.core.windows.net/'];

export interface AzureDnsOptions extends ServiceOptions {
  tls: { key: string; cert: string };
  entra: Pick<EntraEmulator, 'verifyAccessToken'>;
  subscriptionId: string;
  resourceGroup: string;
  zones: string[];
  /** Object ids of principals holding "DNS Zone Contributor"; default: any valid token. */
  contributors?: string[];
}

export interface AzureDnsEmulator extends Emulator {
  /** Record sets of a zone, as stored. */
  recordSets(zone: string): StoredRecordSet[];
  /** Writes a record set directly (a change made in the portal). */
  seed(zone: string, set: { name: string; type: string; ttl: number; properties: Record<string, unknown> }): void;
}

export async function startAzureDns(options: AzureDnsOptions): Promise<AzureDnsEmulator> {
  const clock = options.clock ?? systemClock;
  const zones = new Map<string, StoredZone>();
  for (const z of options.zones) zones.set(z.toLowerCase(), { name: z.toLowerCase(), etag: newEtag(), nameServers: ['ns1-01.azure-dns.com.', 'ns2-01.azure-dns.net.', 'ns3-01.azure-dns.org.', 'ns4-01.azure-dns.info.'], sets: [] });
  const scope = `/subscriptions/${options.subscriptionId}/resourceGroups/${options.resourceGroup}`;
  const prefix = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/dnsZones';

  const zoneOf = (req: EmulatorRequest) => {
    checkScope(req);
    const zone = zones.get(req.params.zoneName.toLowerCase());
    if (!zone) throw armError(404, 'ResourceNotFound', `The Resource 'Microsoft.Network/dnszones/${req.params.zoneName}' under resource group '${req.params.resourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
    return zone;
  };
  const checkScope = (req: EmulatorRequest) => {
    if (req.params.subscriptionId.toLowerCase() !== options.subscriptionId.toLowerCase()) throw armError(404, 'SubscriptionNotFound', `The subscription '${req.params.subscriptionId}' could not be found.`);
    if (req.params.resourceGroupName.toLowerCase() !== options.resourceGroup.toLowerCase()) throw armError(404, 'ResourceGroupNotFound', `Resource group '${req.params.resourceGroupName}' could not be found.`);
    if (!API_VERSIONS.includes(req.query['api-version'] ?? '')) {
      if (!req.query['api-version']) throw armError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
      throw armError(400, 'InvalidApiVersionParameter', `The api-version '${req.query['api-version']}' is invalid. The supported versions are '${API_VERSIONS.join(',')}'.`);
    }
  };
  const authorize = (req: EmulatorRequest, action: string) => {
    const oid = req.identity?.oid;
    if (options.contributors && !options.contributors.includes(oid ?? '')) {
      throw armError(403, 'AuthorizationFailed', `The client '${oid}' with object id '${oid}' does not have authorization to perform action '${action}' over scope '${req.path}' or the scope is invalid.`);
    }
  };
  const find = (zone: StoredZone, type: string, name: string) => zone.sets.find((s) => s.type === type && s.name.toLowerCase() === name.toLowerCase());
  const present = (zone: StoredZone, s: StoredRecordSet) => ({
    id: `${scope}/providers/Microsoft.Network/dnszones/${zone.name}/${s.type}/${s.name}`,
    name: s.name,
    type: `Microsoft.Network/dnszones/${s.type}`,
    etag: s.etag,
    properties: { ...(s.metadata ? { metadata: s.metadata } : {}), TTL: s.ttl, fqdn: `${s.name === '@' ? '' : `${s.name}.`}${zone.name}.`, provisioningState: 'Succeeded', targetResource: {}, ...s.records },
  });
  const presentZone = (z: StoredZone) => ({
    id: `${scope}/providers/Microsoft.Network/dnszones/${z.name}`, name: z.name, type: 'Microsoft.Network/dnszones', location: 'global', etag: z.etag, tags: {},
    properties: { maxNumberOfRecordSets: 10000, maxNumberOfRecordsPerRecordSet: 20, numberOfRecordSets: z.sets.length + 2, nameServers: z.nameServers, zoneType: 'Public' },
  });
  const list = (req: EmulatorRequest, zone: StoredZone, sets: StoredRecordSet[]): EmulatorResponse => {
    const suffix = (req.query.$recordsetnamesuffix ?? req.query.$recordSetNameSuffix)?.toLowerCase();
    const filtered = suffix ? sets.filter((s) => s.name.toLowerCase().endsWith(suffix)) : sets;
    const top = Math.max(1, Math.min(1000, Number(req.query.$top ?? 100) || 100));
    const skip = Math.max(0, Number(req.query.$skipToken ?? 0) || 0);
    const page = filtered.slice(skip, skip + top);
    const body: Record<string, unknown> = { value: page.map((s) => present(zone, s)) };
    if (skip + top < filtered.length) {
      const next = new URL(`${req.origin}${req.path}`);
      next.searchParams.set('api-version', req.query['api-version']);
      next.searchParams.set('$top', String(top));
      next.searchParams.set('$skipToken', String(skip + top));
      body.nextLink = next.toString();
    }
    return { status: 200, body };
  };
  /** If-Match / If-None-Match, as ARM evaluates them against the stored etag. */
  const preconditions = (req: EmulatorRequest, existing: StoredRecordSet | undefined) => {
    const ifMatch = req.headers['if-match'];
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifMatch && ifMatch !== '*' && existing?.etag !== ifMatch) {
      throw armError(412, 'PreconditionFailed', `The Record set ${req.params.relativeRecordSetName} of type ${req.params.recordType} has been modified (etag mismatch).`);
    }
    if (ifMatch === '*' && !existing) throw armError(412, 'PreconditionFailed', `The Record set ${req.params.relativeRecordSetName} of type ${req.params.recordType} does not exist.`);
    if (ifNoneMatch === '*' && existing) throw armError(412, 'PreconditionFailed', `The Record set ${req.params.relativeRecordSetName} of type ${req.params.recordType} already exists.`);
  };
  const guardCname = (zone: StoredZone, type: string, name: string) => {
    const others = zone.sets.filter((s) => s.name.toLowerCase() === name.toLowerCase() && s.type !== type);
    if ((type === 'CNAME' && others.length) || (type !== 'CNAME' && others.some((s) => s.type === 'CNAME'))) {
      throw armError(409, 'Conflict', `The record set ${name} of type ${type} conflicts with an existing record set of that name: a CNAME record set must be the only record set of its name.`);
    }
  };
  const setPath = `${prefix}/{zoneName}/{recordType}/{relativeRecordSetName}`;

  const routes: Route[] = [
    { name: 'zones.get', method: 'GET', path: `${prefix}/{zoneName}`, handler: (req) => ({ status: 200, body: presentZone(zoneOf(req)) }) },
    { name: 'zones.listByResourceGroup', method: 'GET', path: prefix, handler: (req) => { checkScope(req); return { status: 200, body: { value: [...zones.values()].map(presentZone) } }; } },
    { name: 'recordSets.listAllByDnsZone', method: 'GET', path: `${prefix}/{zoneName}/all`, handler: (req) => { const z = zoneOf(req); return list(req, z, z.sets); } },
    { name: 'recordSets.listByDnsZone', method: 'GET', path: `${prefix}/{zoneName}/recordsets`, handler: (req) => { const z = zoneOf(req); return list(req, z, z.sets); } },
    { name: 'recordSets.listByType', method: 'GET', path: `${prefix}/{zoneName}/{recordType}`, handler: (req) => { const z = zoneOf(req); const t = canonicalType(req.params.recordType); return list(req, z, z.sets.filter((s) => s.type === t)); } },
    {
      name: 'recordSets.get', method: 'GET', path: setPath,
      handler: (req) => {
        const zone = zoneOf(req);
        const type = canonicalType(req.params.recordType);
        const set = find(zone, type, req.params.relativeRecordSetName);
        if (!set) throw armError(404, 'NotFound', `The resource record '${req.params.relativeRecordSetName}' does not exist in resource group '${req.params.resourceGroupName}' of subscription '${req.params.subscriptionId}'.`);
        return { status: 200, body: present(zone, set) };
      },
    },
    {
      name: 'recordSets.createOrUpdate', method: 'PUT', path: setPath,
      handler: (req) => {
        const zone = zoneOf(req);
        const type = canonicalType(req.params.recordType);
        authorize(req, `Microsoft.Network/dnszones/${type}/write`);
        const name = req.params.relativeRecordSetName;
        const existing = find(zone, type, name);
        preconditions(req, existing);
        const parsed = parseProperties(type, req.json<{ properties?: Record<string, unknown> }>().properties);
        guardCname(zone, type, name);
        const set: StoredRecordSet = { name: existing?.name ?? name, type, etag: newEtag(), ...parsed };
        if (type === 'CNAME' && countRecords(set) === 0) throw armError(400, 'BadRequest', 'A CNAME record set must have a CNAME record.');
        zone.sets = [...zone.sets.filter((s) => s !== existing), set];
        return { status: existing ? 200 : 201, body: present(zone, set) };
      },
    },
    {
      name: 'recordSets.update', method: 'PATCH', path: setPath,
      handler: (req) => {
        const zone = zoneOf(req);
        const type = canonicalType(req.params.recordType);
        authorize(req, `Microsoft.Network/dnszones/${type}/write`);
        const existing = find(zone, type, req.params.relativeRecordSetName);
        if (!existing) throw armError(404, 'NotFound', `The resource record '${req.params.relativeRecordSetName}' does not exist.`);
        preconditions(req, existing);
        const parsed = parseProperties(type, req.json<{ properties?: Record<string, unknown> }>().properties, existing);
        Object.assign(existing, parsed, { etag: newEtag() });
        return { status: 200, body: present(zone, existing) };
      },
    },
    {
      name: 'recordSets.delete', method: 'DELETE', path: setPath,
      handler: (req) => {
        const zone = zoneOf(req);
        const type = canonicalType(req.params.recordType);
        authorize(req, `Microsoft.Network/dnszones/${type}/delete`);
        const existing = find(zone, type, req.params.relativeRecordSetName);
        if (type === 'SOA' || (type === 'NS' && req.params.relativeRecordSetName === '@')) throw armError(400, 'BadRequest', 'The SOA and apex NS record sets cannot be deleted.');
        // ARM deletes are idempotent: 204 when there was nothing to delete.
        if (!existing) return { status: 204 };
        preconditions(req, existing);
        zone.sets = zone.sets.filter((s) => s !== existing);
        return { status: 200 };
      },
    },
  ];

  const emulator = await startEmulator({
    name: 'azure-dns',
    routes,
    ...serviceOptions(options),
    clock,
    caseInsensitivePaths: true,
    requestIdHeaders: ['x-ms-request-id', 'x-ms-correlation-request-id'],
    latencyTable: { defaultMs: 180 },
    errors: renderArmError,
    authenticate: (req) => authenticate(req, options.entra),
    state: () => ({ zones: [...zones.values()].map((z) => ({ name: z.name, recordSets: z.sets })) }),
  });
  return Object.assign(emulator, {
    recordSets: (zone: string) => (zones.get(zone.toLowerCase())?.sets ?? []).map((s) => ({ ...s })),
    seed(zone: string, set: { name: string; type: string; ttl: number; properties: Record<string, unknown> }) {
      const z = zones.get(zone.toLowerCase());
      if (!z) throw new Error(`no zone ${zone} in the Azure DNS emulator`);
      const type = canonicalType(set.type);
      const parsed = parseProperties(type, { TTL: set.ttl, ...set.properties });
      z.sets = [...z.sets.filter((s) => !(s.type === type && s.name === set.name)), { name: set.name, type, etag: newEtag(), ...parsed }];
    },
  });
}

async function authenticate(req: EmulatorRequest, entra: AzureDnsOptions['entra']): Promise<Identity | EmulatorResponse> {
  const header = req.headers.authorization;
  if (!header) return armFailure(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
  const check = await entra.verifyAccessToken(header, { audience: ARM_AUDIENCES, skewSeconds: 300 });
  if (check.ok) return check.identity;
  if (check.reason === 'expired') return armFailure(401, 'ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.');
  if (check.reason === 'wrong-audience') return armFailure(401, 'InvalidAuthenticationTokenAudience', "The access token has been obtained for wrong audience or resource. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.azure.com/'.");
  return armFailure(401, 'InvalidAuthenticationToken', `The access token is invalid (${check.reason}).`);
}

function armFailure(status: number, code: string, message: string): EmulatorResponse {
  return { status, headers: { 'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"' }, body: { error: { code, message } } };
}

/** ARM's error envelope. */
export function renderArmError(e: ErrorDetails): EmulatorResponse {
  const codes: Record<string, string> = { RouteNotFound: 'InvalidResourceType', MethodNotAllowed: 'MethodNotAllowed', InvalidRequest: 'InvalidRequestContent', TooManyRequests: 'TooManyRequests' };
  return { status: e.status, body: { error: { code: codes[e.code] ?? e.code, message: e.message } } };
}
