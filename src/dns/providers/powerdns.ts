// PowerDNS Authoritative HTTP API (https://doc.powerdns.com/authoritative/http-api/zone.html):
// a record set is changed with `PATCH /servers/{server}/zones/{zone}` and one rrset whose
// `changetype` is REPLACE or DELETE (Debian 12's 4.7 has no EXTEND / PRUNE), authenticated with
// `X-API-Key`. 4.7 cannot filter a zone by name and type, so reads fetch the zone and pick.
import { EnvironmentError, RemoteApiError } from '../../errors/index.ts';
import { fromFqdn, normalizeZone, parentZones, quoteTxt, toFqdn } from '../normalize.ts';
import type { CallContext, DnsProvider, RecordSetState } from '../types.ts';
import { assembleProvider, createProviderHttp, groupRecordSets, keepOnSuccess, type ProviderConnection } from './common.ts';

export interface PowerDnsProviderOptions extends ProviderConnection {
  zone: string;
  /** The webserver's base URL, e.g. `http://pdns.internal:8081`. */
  apiUrl: string;
  apiKey: string;
  /** Default `localhost`, the only server id PowerDNS Authoritative has. */
  serverId?: string;
  /** `host:port` of the authoritative DNS listener, for verification by query. */
  nameserver?: string;
  credentialName?: string;
}

interface PdnsRrset {
  name: string;
  type: string;
  ttl: number;
  records: { content: string; disabled: boolean }[];
}

export function createPowerDnsProvider(options: PowerDnsProviderOptions): DnsProvider {
  const zone = normalizeZone(options.zone);
  const { http, client } = createProviderHttp(options, {
    service: 'powerdns',
    baseUrl: `${options.apiUrl.replace(/\/+$/, '')}/api/v1/servers/${encodeURIComponent(options.serverId ?? 'localhost')}/`,
    headers: { 'x-api-key': options.apiKey },
  });
  const zonePath = (id: string) => `zones/${encodeURIComponent(id)}`;

  const ready = keepOnSuccess(async (ctx) => {
    for (const candidate of parentZones(zone)) {
      try {
        await client(ctx).request('GET', zonePath(`${candidate}.`), { call: '/zones/{zone}', query: { rrsets: 'false' }, signal: ctx?.signal });
        return `${candidate}.`;
      } catch (err) {
        if (err instanceof RemoteApiError && (err.details.status === 404 || err.details.status === 422)) continue;
        if (err instanceof RemoteApiError && (err.details.status === 401 || err.details.status === 403)) {
          throw new RemoteApiError(err.details, `PowerDNS refused the API key${options.credentialName ? ` (secret ${options.credentialName})` : ''}: it must equal the server's api-key setting`);
        }
        throw err;
      }
    }
    throw new EnvironmentError(`PowerDNS at ${options.apiUrl} serves no zone for ${zone} (tried ${parentZones(zone).join(', ')}); create the zone first`);
  });
  const readZone = async (ctx?: CallContext) => {
    const id = await ready(ctx);
    const res = await client(ctx).request<{ rrsets?: PdnsRrset[] }>('GET', zonePath(id), { call: '/zones/{zone}', resource: ctx?.resource, signal: ctx?.signal });
    return res.body?.rrsets ?? [];
  };
  const patch = async (rrset: Record<string, unknown>, ctx?: CallContext) => {
    const id = await ready(ctx);
    // A REPLACE or DELETE of one rrset gives the same result however often it is sent.
    await client(ctx).request('PATCH', zonePath(id), { body: { rrsets: [rrset] }, idempotent: true, call: '/zones/{zone}', resource: ctx?.resource, signal: ctx?.signal });
  };
  const toSets = (rrsets: PdnsRrset[]) =>
    groupRecordSets(
      rrsets.flatMap((rr) => {
        const name = fromFqdn(rr.name, zone);
        if (name === undefined) return [];
        return rr.records.filter((r) => !r.disabled).map((r) => ({ name, type: rr.type, ttl: rr.ttl, value: r.content }));
      }),
      (r) => r,
    );

  return assembleProvider({ name: 'powerdns', zone, minTtl: 0, nameserver: options.nameserver }, http, ready, {
    async readRecordSet(name, type, ctx) {
      const fqdn = `${toFqdn(name, zone)}.`;
      const rrsets = (await readZone(ctx)).filter((rr) => rr.name.toLowerCase() === fqdn && rr.type.toUpperCase() === type.toUpperCase());
      return toSets(rrsets)[0];
    },
    async replaceRecordSet(set, ctx) {
      await patch(
        {
          name: `${toFqdn(set.name, zone)}.`,
          type: set.type,
          ttl: set.ttl,
          changetype: 'REPLACE',
          records: set.values.map((v) => ({ content: presentation(set.type, v), disabled: false })),
        },
        ctx,
      );
    },
    async deleteRecordSet(name, type, ctx) {
      await patch({ name: `${toFqdn(name, zone)}.`, type, changetype: 'DELETE' }, ctx);
    },
    async listZone(ctx): Promise<RecordSetState[]> {
      return toSets(await readZone(ctx));
    },
  });
}

/** PowerDNS takes record content in zone-file presentation: absolute names, quoted TXT. */
function presentation(type: string, value: string): string {
  switch (type.toUpperCase()) {
    case 'CNAME':
      return `${value.replace(/\.$/, '')}.`;
    case 'TXT':
      return quoteTxt(value);
    default:
      return value;
  }
}
