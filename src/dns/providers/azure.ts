// Azure DNS through Azure Resource Manager, api-version 2018-05-01
// (https://learn.microsoft.com/rest/api/dns/record-sets): a record set is one ARM resource,
// `.../dnsZones/{zone}/{type}/{relativeName}`, read with GET, written with PUT, removed with
// DELETE. Writes carry the etag of what was read (`If-Match`, or `If-None-Match: *` when it was
// absent), so a set changed by someone else since the plan read it is refused (412), not
// overwritten. The bearer token comes from the platform's credential profile (@azure/identity).
import { EnvironmentError, RemoteApiError } from '../../errors/index.ts';
import { fromHostingName, normalizeSet, normalizeZone, parentZones, toHostingName } from '../normalize.ts';
import type { DnsProvider, RecordSetState } from '../types.ts';
import { assembleProvider, compareSets, createProviderHttp, keepOnSuccess, type ProviderConnection } from './common.ts';

export const ARM_ENDPOINT = 'https://management.azure.com';
export const AZURE_DNS_API_VERSION = '2018-05-01';

export interface AzureDnsProviderOptions extends ProviderConnection {
  zone: string;
  subscriptionId: string;
  resourceGroup: string;
  /** ARM bearer tokens (scope https://management.azure.com/.default). */
  token: () => Promise<string>;
  /** Default https://management.azure.com. */
  baseUrl?: string;
}

/** The ARM RecordSet shape (properties of the types tenantops manages). */
export interface ArmRecordSet {
  id?: string;
  name?: string;
  type?: string;
  etag?: string;
  properties?: {
    TTL?: number;
    fqdn?: string;
    metadata?: Record<string, string>;
    CNAMERecord?: { cname?: string };
    ARecords?: { ipv4Address?: string }[];
    AAAARecords?: { ipv6Address?: string }[];
    TXTRecords?: { value?: string[] }[];
    NSRecords?: { nsdname?: string }[];
    MXRecords?: { preference?: number; exchange?: string }[];
  };
}

export function createAzureDnsProvider(options: AzureDnsProviderOptions): DnsProvider {
  const zone = normalizeZone(options.zone);
  const { http, client } = createProviderHttp(options, { service: 'azure-dns', baseUrl: options.baseUrl ?? ARM_ENDPOINT, token: options.token });
  const query = { 'api-version': AZURE_DNS_API_VERSION };
  const zonesPath = `/subscriptions/${encodeURIComponent(options.subscriptionId)}/resourceGroups/${encodeURIComponent(options.resourceGroup)}/providers/Microsoft.Network/dnsZones`;
  /** Last seen etag per `name\0TYPE`; null = read as absent. */
  const etags = new Map<string, string | null>();

  const ready = keepOnSuccess(async (ctx) => {
    for (const candidate of parentZones(zone)) {
      try {
        await client(ctx).request('GET', `${zonesPath}/${candidate}`, { query, call: '.../dnsZones/{zone}', signal: ctx?.signal });
        return { zone: candidate, suffix: candidate === zone ? '' : zone.slice(0, -(candidate.length + 1)) };
      } catch (err) {
        if (err instanceof RemoteApiError && err.details.status === 404) continue;
        throw explain(err);
      }
    }
    throw new EnvironmentError(`Azure DNS: no zone for ${zone} in resource group ${options.resourceGroup} of subscription ${options.subscriptionId} (tried ${parentZones(zone).join(', ')})`);
  });
  /** 401 / 403 say what to grant. */
  const explain = (err: unknown): unknown =>
    err instanceof RemoteApiError && (err.details.status === 401 || err.details.status === 403)
      ? new RemoteApiError(err.details, `Azure refused access to the DNS zones of resource group ${options.resourceGroup}: give the credential profile's service principal the "DNS Zone Contributor" role on the zone`)
      : err;
  const setPath = (h: { zone: string; suffix: string }, name: string, type: string) =>
    `${zonesPath}/${h.zone}/${type.toUpperCase()}/${encodeURIComponent(toHostingName(name, h.suffix))}`;
  const key = (name: string, type: string) => `${name}\u0000${type.toUpperCase()}`;
  const fromArm = (rs: ArmRecordSet, suffix: string): RecordSetState | undefined => {
    const type = (rs.type ?? '').split('/').pop()!.toUpperCase();
    const name = fromHostingName(rs.name ?? '@', suffix);
    if (name === undefined) return undefined;
    if (rs.etag) etags.set(key(name, type), rs.etag);
    return normalizeSet({ name, type, ttl: rs.properties?.TTL ?? 3600, values: armValues(type, rs) });
  };

  return assembleProvider({ name: 'azure', zone, minTtl: 1 }, http, ready, {
    async readRecordSet(name, type, ctx) {
      const h = await ready(ctx);
      try {
        const res = await client(ctx).request<ArmRecordSet>('GET', setPath(h, name, type), { query, call: '.../dnsZones/{zone}/{type}/{name}', resource: ctx?.resource, signal: ctx?.signal });
        return fromArm(res.body, h.suffix);
      } catch (err) {
        if (err instanceof RemoteApiError && err.details.status === 404) {
          etags.set(key(name, type), null);
          return undefined;
        }
        throw err;
      }
    },
    async replaceRecordSet(set, ctx) {
      const h = await ready(ctx);
      const seen = etags.get(key(set.name, set.type));
      const headers: Record<string, string> = seen === null ? { 'if-none-match': '*' } : seen ? { 'if-match': seen } : {};
      const res = await client(ctx)
        .request<ArmRecordSet>('PUT', setPath(h, set.name, set.type), {
          query,
          headers,
          body: { properties: { TTL: set.ttl, ...armProperties(set) } },
          call: '.../dnsZones/{zone}/{type}/{name}',
          resource: ctx?.resource,
          signal: ctx?.signal,
        })
        .catch((err: unknown) => Promise.reject(explain(err)));
      if (res.body?.etag) etags.set(key(set.name, set.type), res.body.etag);
    },
    async deleteRecordSet(name, type, ctx) {
      const h = await ready(ctx);
      const seen = etags.get(key(name, type));
      await client(ctx)
        .request('DELETE', setPath(h, name, type), {
          query,
          headers: seen ? { 'if-match': seen } : {},
          expect: [200, 204],
          call: '.../dnsZones/{zone}/{type}/{name}',
          resource: ctx?.resource,
          signal: ctx?.signal,
        })
        .catch((err: unknown) => Promise.reject(explain(err)));
      etags.set(key(name, type), null);
    },
    async listZone(ctx) {
      const h = await ready(ctx);
      const sets: RecordSetState[] = [];
      let next: string | undefined = `${zonesPath}/${h.zone}/all`;
      let first = true;
      while (next) {
        const res: { body: { value?: ArmRecordSet[]; nextLink?: string } } = await client(ctx).request('GET', next, {
          query: first ? { ...query, $top: 1000 } : undefined,
          call: '.../dnsZones/{zone}/all',
          signal: ctx?.signal,
        });
        first = false;
        for (const rs of res.body?.value ?? []) {
          const set = fromArm(rs, h.suffix);
          if (set) sets.push(set);
        }
        next = res.body?.nextLink || undefined;
      }
      return sets.sort(compareSets);
    },
  });
}

function armValues(type: string, rs: ArmRecordSet): string[] {
  const p = rs.properties ?? {};
  switch (type) {
    case 'CNAME':
      return p.CNAMERecord?.cname ? [p.CNAMERecord.cname] : [];
    case 'A':
      return (p.ARecords ?? []).flatMap((r) => (r.ipv4Address ? [r.ipv4Address] : []));
    case 'AAAA':
      return (p.AAAARecords ?? []).flatMap((r) => (r.ipv6Address ? [r.ipv6Address] : []));
    case 'TXT':
      // Azure keeps a TXT record as its 255-character chunks; the value is their concatenation.
      return (p.TXTRecords ?? []).map((r) => (r.value ?? []).join(''));
    case 'NS':
      return (p.NSRecords ?? []).flatMap((r) => (r.nsdname ? [r.nsdname] : []));
    case 'MX':
      return (p.MXRecords ?? []).map((r) => `${r.preference ?? 0} ${r.exchange ?? ''}`);
    default:
      return [];
  }
}

function armProperties(set: RecordSetState): Record<string, unknown> {
  switch (set.type) {
    case 'CNAME':
      return { CNAMERecord: { cname: set.values[0] } };
    case 'A':
      return { ARecords: set.values.map((ipv4Address) => ({ ipv4Address })) };
    case 'AAAA':
      return { AAAARecords: set.values.map((ipv6Address) => ({ ipv6Address })) };
    case 'TXT':
      return { TXTRecords: set.values.map((v) => ({ value: chunk(v, 255) })) };
    default:
      throw new Error(`tenantops does not write ${set.type} record sets`);
  }
}

function chunk(value: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length || i === 0; i += size) out.push(value.slice(i, i + size));
  return out;
}
