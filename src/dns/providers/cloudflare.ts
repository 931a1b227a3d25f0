// Cloudflare API v4 (https://developers.cloudflare.com/api/resources/dns/subresources/records/):
// records have ids, so a name+type set is read with `GET /zones/{zone_id}/dns_records?name.exact=
// &type=` and replaced or deleted in ONE `POST /zones/{zone_id}/dns_records/batch` (deletes,
// puts and posts run in one database transaction), never record by record. Scoped API token.
import { EnvironmentError, RemoteApiError } from '../../errors/index.ts';
import { fromFqdn, normalizeValue, normalizeZone, parentZones, quoteTxt, toFqdn } from '../normalize.ts';
import type { CallContext, DnsProvider, RecordSetState } from '../types.ts';
import { assembleProvider, createProviderHttp, groupRecordSets, keepOnSuccess, type ProviderConnection } from './common.ts';

export const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';

export interface CloudflareProviderOptions extends ProviderConnection {
  zone: string;
  /** Default https://api.cloudflare.com/client/v4. */
  baseUrl?: string;
  token: string;
  credentialName?: string;
}

interface CfRecord {
  id: string;
  name: string;
  type: string;
  content: string;
  ttl: number;
  proxied?: boolean;
}

interface CfList<T> {
  result: T[];
  result_info?: { page: number; per_page: number; total_pages?: number; count: number; total_count?: number };
}

/** Cloudflare's "automatic" TTL (ttl: 1) is 300 seconds. */
const AUTOMATIC_TTL = 300;

export function createCloudflareProvider(options: CloudflareProviderOptions): DnsProvider {
  const zone = normalizeZone(options.zone);
  const { http, client } = createProviderHttp(options, { service: 'cloudflare', baseUrl: options.baseUrl ?? CLOUDFLARE_API, token: async () => options.token });

  const ready = keepOnSuccess(async (ctx) => {
    for (const candidate of parentZones(zone)) {
      let res;
      try {
        res = await client(ctx).request<CfList<{ id: string; name: string }>>('GET', 'zones', { query: { name: candidate }, call: '/zones', signal: ctx?.signal });
      } catch (err) {
        if (err instanceof RemoteApiError && (err.details.status === 401 || err.details.status === 403)) {
          throw new RemoteApiError(err.details, `Cloudflare refused the API token${options.credentialName ? ` (secret ${options.credentialName})` : ''}: it needs the Zone:Read and DNS:Edit permissions on ${zone}`);
        }
        throw err;
      }
      const found = res.body?.result?.find((z) => z.name.toLowerCase() === candidate);
      if (found) return found.id;
    }
    throw new EnvironmentError(`Cloudflare: the API token sees no zone for ${zone} (tried ${parentZones(zone).join(', ')}); check dns.zone in platform.yaml and the token's zone resources`);
  });
  const records = (id: string) => `zones/${encodeURIComponent(id)}/dns_records`;
  const readRaw = async (name: string, type: string, ctx?: CallContext) => {
    const id = await ready(ctx);
    const res = await client(ctx).request<CfList<CfRecord>>('GET', records(id), {
      query: { 'name.exact': toFqdn(name, zone), type: type.toUpperCase(), per_page: 100 },
      call: '/zones/{zone_id}/dns_records',
      resource: ctx?.resource,
      signal: ctx?.signal,
    });
    return { id, found: res.body?.result ?? [] };
  };
  const batch = async (id: string, body: Record<string, unknown[]>, ctx?: CallContext) => {
    if (Object.values(body).every((ops) => ops.length === 0)) return;
    await client(ctx).request('POST', `${records(id)}/batch`, { body, call: '/zones/{zone_id}/dns_records/batch', resource: ctx?.resource, signal: ctx?.signal });
  };

  return assembleProvider({ name: 'cloudflare', zone, minTtl: 60 }, http, ready, {
    async readRecordSet(name, type, ctx) {
      const { found } = await readRaw(name, type, ctx);
      return found.length ? toSets(found, zone)[0] : undefined;
    },
    async replaceRecordSet(set, ctx) {
      const { id, found } = await readRaw(set.name, set.type, ctx);
      const wanted = new Set(set.values);
      const keep = new Map<string, CfRecord>();
      const deletes: { id: string }[] = [];
      for (const r of found) {
        const value = normalizeValue(r.type, r.content);
        if (wanted.has(value) && !keep.has(value)) keep.set(value, r);
        else deletes.push({ id: r.id });
      }
      const fields = (value: string) => ({
        name: toFqdn(set.name, zone),
        type: set.type,
        content: set.type === 'TXT' ? quoteTxt(value) : value,
        ttl: set.ttl,
        ...(['A', 'AAAA', 'CNAME'].includes(set.type) ? { proxied: false } : {}),
      });
      const puts = [...keep].filter(([, r]) => r.ttl !== set.ttl || r.proxied).map(([value, r]) => ({ id: r.id, ...fields(value) }));
      const posts = set.values.filter((v) => !keep.has(v)).map(fields);
      await batch(id, { deletes, puts, posts }, ctx);
    },
    async deleteRecordSet(name, type, ctx) {
      const { id, found } = await readRaw(name, type, ctx);
      await batch(id, { deletes: found.map((r) => ({ id: r.id })) }, ctx);
    },
    async listZone(ctx): Promise<RecordSetState[]> {
      const id = await ready(ctx);
      const all: CfRecord[] = [];
      for (let page = 1; ; page++) {
        const res = await client(ctx).request<CfList<CfRecord>>('GET', records(id), { query: { page, per_page: 5000 }, call: '/zones/{zone_id}/dns_records', signal: ctx?.signal });
        const items = res.body?.result ?? [];
        all.push(...items);
        const pages = res.body?.result_info?.total_pages;
        if (items.length === 0 || (pages !== undefined ? page >= pages : items.length < 5000)) break;
      }
      return toSets(all, zone);
    },
  });
}

function toSets(records: CfRecord[], zone: string): RecordSetState[] {
  return groupRecordSets(
    records.flatMap((r) => {
      const name = fromFqdn(r.name, zone);
      return name === undefined ? [] : [{ name, type: r.type, ttl: r.ttl === 1 ? AUTOMATIC_TTL : r.ttl, value: r.content }];
    }),
    (r) => r,
  );
}
