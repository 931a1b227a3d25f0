// GoDaddy Domains API v1 (https://developer.godaddy.com/doc/endpoint/domains): records have no
// ids, so a name+type set is read, replaced and deleted as a whole through
// `/v1/domains/{domain}/records/{type}/{name}`. The zone-level PUT, which replaces every record
// of the domain, is never used. GoDaddy allows 60 requests a minute per endpoint (429 with
// `retryAfterSec` in the body) and answers 409 for a few seconds after an edit: the http client
// paces us under the limit per endpoint and waits out both, the 409 as a busy status.
//
// A fleet run reads and writes hundreds of sets at once, and one call per set would spend the
// per-endpoint minute budget (and a 409 edit lock per write) set by set. So concurrent reads are
// answered by one listing of the domain and concurrent creates go out as one `PATCH
// /v1/domains/{domain}/records`, which appends many records in one call (createBatcher); a lone
// read or write still makes its one per-set call. The pacing window is this process's: parallel
// processes sharing one API key do not see each other's calls (GoDaddy's 429 + retryAfterSec
// still keeps them right).
import { EnvironmentError, RemoteApiError } from '../../errors/index.ts';
import { createRateLimiter } from '../../http/index.ts';
import { fromHostingName, normalizeSet, normalizeZone, parentZones, toHostingName } from '../normalize.ts';
import type { CallContext, DnsProvider, RecordSetState } from '../types.ts';
import { createBatcher, describeTenants } from './batch.ts';
import { assembleProvider, createProviderHttp, groupRecordSets, keepOnSuccess, realSleep, type ProviderConnection } from './common.ts';

export const GODADDY_API = 'https://api.godaddy.com';

export interface GodaddyProviderOptions extends ProviderConnection {
  zone: string;
  /** Default https://api.godaddy.com (OTE: https://api.ote-godaddy.com). */
  baseUrl?: string;
  key: string;
  secret: string;
  /** Secret names, only for messages that tell the operator what to fix. */
  credentialNames?: { key: string; secret: string };
  /** Calls per minute and endpoint we allow ourselves; default 55 (GoDaddy's limit is 60). */
  callsPerMinute?: number;
  /**
   * How long after an edit GoDaddy keeps refusing the next edit of the domain with 409; default
   * 3000 ms. GoDaddy documents no figure ("a few seconds", as the sandbox's emulator models it):
   * waiting it out beats a back-off that overshoots it, and a 409 after it is still retried.
   */
  editSettleMs?: number;
  /** Default: the client's, with 409 as a busy status and back-off from 2 s (an edit takes seconds to apply). */
  retry?: ProviderConnection['retry'];
}

interface GodaddyRecord {
  type: string;
  name: string;
  data: string;
  ttl?: number;
}

export const GODADDY_MIN_TTL = 600;

export function createGodaddyProvider(options: GodaddyProviderOptions): DnsProvider {
  const zone = normalizeZone(options.zone);
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const { http, client } = createProviderHttp(options, {
    service: 'godaddy',
    baseUrl: options.baseUrl ?? GODADDY_API,
    headers: { authorization: `sso-key ${options.key}:${options.secret}` },
    // A 409 means GoDaddy is still applying an earlier edit of the domain and did nothing.
    retry: { busyStatuses: [409], baseDelayMs: 2_000, ...options.retry },
    // Every endpoint (`PUT /v1/domains/{domain}/records/{type}/{name}`) has its own budget.
    rateLimit: createRateLimiter({ budget: { limit: options.callsPerMinute ?? 55, windowMs: 60_000 }, now, sleep }),
    requestIdHeaders: ['x-request-id'],
    sleep,
    now,
  });

  const call = <T>(method: string, endpoint: string, path: string, ctx: CallContext = {}, extra: { body?: unknown; expect?: number[]; query?: Record<string, string | number> } = {}) =>
    client(ctx).request<T>(method, path, { ...extra, call: endpoint, resource: ctx.resource, signal: ctx.signal });

  const ready = keepOnSuccess(async (ctx) => {
    const tried: string[] = [];
    for (const candidate of parentZones(zone)) {
      tried.push(candidate);
      try {
        await call('GET', '/v1/domains/{domain}', `/v1/domains/${encodeURIComponent(candidate)}`, ctx);
        const suffix = candidate === zone ? '' : zone.slice(0, -(candidate.length + 1));
        return { domain: candidate, suffix };
      } catch (err) {
        if (err instanceof RemoteApiError && err.details.status === 404) continue;
        throw explainAccess(err, options.credentialNames);
      }
    }
    throw new EnvironmentError(`GoDaddy: the zone ${zone} is not a domain of this GoDaddy account (tried ${tried.join(', ')}); check dns.zone in platform.yaml and the account the API key belongs to`);
  });
  const recordPath = (domain: string, type: string, name: string) =>
    `/v1/domains/${encodeURIComponent(domain)}/records/${encodeURIComponent(type)}/${encodeURIComponent(name)}`;

  const hostingName = (name: string, suffix: string) => toHostingName(name, suffix);
  // Edits of the domain one at a time, each once the previous one has settled: GoDaddy refuses
  // edits while it applies one, so parallel edits would only collect 409s and back-offs.
  const settleMs = options.editSettleMs ?? 3000;
  let lastEdit = Number.NEGATIVE_INFINITY;
  let edits: Promise<unknown> = Promise.resolve();
  const edit = <T>(write: () => Promise<T>): Promise<T> => {
    const run = edits.then(async () => {
      const wait = lastEdit + settleMs - now();
      if (wait > 0) await sleep(wait);
      try {
        return await write();
      } finally {
        lastEdit = now();
      }
    });
    edits = run.catch(() => undefined);
    return run;
  };
  const readOne = async (name: string, type: string, ctx?: CallContext): Promise<RecordSetState | undefined> => {
    const { domain, suffix } = await ready(ctx);
    const res = await call<GodaddyRecord[]>('GET', '/v1/domains/{domain}/records/{type}/{name}', recordPath(domain, type, hostingName(name, suffix)), ctx);
    const records = Array.isArray(res.body) ? res.body : [];
    if (records.length === 0) return undefined;
    return toSet(name, type, records, domain);
  };
  const listAll = async (ctx: CallContext): Promise<RecordSetState[]> => {
    const { domain, suffix } = await ready(ctx);
    const all: GodaddyRecord[] = [];
    const limit = 500;
    for (let offset = 0; ; offset += limit) {
      const res = await call<GodaddyRecord[]>('GET', '/v1/domains/{domain}/records', `/v1/domains/${encodeURIComponent(domain)}/records`, ctx, { query: { offset, limit } });
      const page = Array.isArray(res.body) ? res.body : [];
      all.push(...page);
      if (page.length < limit) break;
    }
    const inZone = all.flatMap((r) => {
      const name = fromHostingName(r.name === '@' ? '' : r.name, suffix);
      return name === undefined ? [] : [{ ...r, name }];
    });
    return groupRecordSets(inZone, (r) => ({ name: r.name, type: r.type, ttl: r.ttl ?? 3600, value: hostValue(r.type, r.data, domain) }));
  };
  const putSet = async (set: RecordSetState, ctx?: CallContext) => {
    const { domain, suffix } = await ready(ctx);
    const body = set.values.map((data) => ({ data, ttl: Math.max(set.ttl, GODADDY_MIN_TTL) }));
    await edit(() => call('PUT', '/v1/domains/{domain}/records/{type}/{name}', recordPath(domain, set.type, hostingName(set.name, suffix)), ctx, { body }));
  };
  /** A shared call carries no one tenant's abort signal: one tenant giving up must not fail the others. */
  const shared = (ctxs: (CallContext | undefined)[], resource: string): CallContext => ({ tenant: describeTenants(ctxs.map((c) => c?.tenant)), resource });

  type Read = { set?: { name: string; type: string }; ctx?: CallContext };
  const read = createBatcher<Read, RecordSetState[] | RecordSetState | undefined>(async (reads) => {
    const only = reads.length === 1 ? reads[0] : undefined;
    if (only?.set) return Promise.allSettled([readOne(only.set.name, only.set.type, only.ctx)]);
    const listing = only ? listAll(only.ctx ?? {}) : listAll(shared(reads.map((r) => r.ctx), 'zone listing'));
    const sets = await listing;
    return reads.map((r) => ({
      status: 'fulfilled' as const,
      value: r.set ? sets.find((s) => s.name === (r.set!.name.toLowerCase() || '@') && s.type === r.set!.type.toUpperCase()) : sets,
    }));
  });

  type Create = { set: RecordSetState; ctx?: CallContext };
  const create = createBatcher<Create, void>(async (creates) => {
    if (creates.length === 1) return Promise.allSettled([putSet(creates[0].set, creates[0].ctx)]);
    const { domain, suffix } = await ready(creates[0].ctx);
    const records = creates.flatMap(({ set }) => set.values.map((data) => ({ type: set.type, name: hostingName(set.name, suffix), data, ttl: Math.max(set.ttl, GODADDY_MIN_TTL) })));
    try {
      await edit(() => call('PATCH', '/v1/domains/{domain}/records', `/v1/domains/${encodeURIComponent(domain)}/records`, shared(creates.map((c) => c.ctx), 'record batch'), { body: records }));
      return creates.map(() => ({ status: 'fulfilled' as const, value: undefined }));
    } catch {
      // GoDaddy applies a PATCH whole or not at all: set by set, each refusal lands on its own
      // tenant (and a set someone created meanwhile is replaced, as the per-set call always did).
      return Promise.allSettled(creates.map((c) => putSet(c.set, c.ctx)));
    }
  });

  return assembleProvider({ name: 'godaddy', zone, minTtl: GODADDY_MIN_TTL }, http, ready, {
    readRecordSet: (name, type, ctx) => read({ set: { name, type }, ctx }) as Promise<RecordSetState | undefined>,
    replaceRecordSet: putSet,
    createRecordSet: (set, ctx) => create({ set, ctx }),
    async deleteRecordSet(name, type, ctx) {
      const { domain, suffix } = await ready(ctx);
      try {
        await edit(() => call('DELETE', '/v1/domains/{domain}/records/{type}/{name}', recordPath(domain, type, hostingName(name, suffix)), ctx));
      } catch (err) {
        // Already gone is what we wanted; an unknown domain is not.
        if (err instanceof RemoteApiError && err.details.status === 404 && err.details.code !== 'UNKNOWN_DOMAIN') return;
        throw err;
      }
    },
    listZone: (ctx) => read({ ctx }) as Promise<RecordSetState[]>,
  });
}

function toSet(name: string, type: string, records: GodaddyRecord[], domain: string): RecordSetState {
  return normalizeSet({ name, type, ttl: Math.min(...records.map((r) => r.ttl ?? 3600)), values: records.map((r) => hostValue(type, r.data, domain)) });
}

/** GoDaddy writes `@` for the domain itself in CNAME data. */
function hostValue(type: string, data: string, domain: string): string {
  return type.toUpperCase() === 'CNAME' && data === '@' ? domain : data;
}

/** 401 and 403 say what to do: GoDaddy restricts its API by account, and keys are per environment. */
function explainAccess(err: unknown, names?: { key: string; secret: string }): unknown {
  if (!(err instanceof RemoteApiError)) return err;
  const { status, code } = err.details;
  const secrets = names ? ` (secrets ${names.key} and ${names.secret})` : '';
  if (status === 401) {
    return new RemoteApiError(err.details, `GoDaddy did not accept the API key and secret${secrets}: check both values, and that the key was made for production (OTE keys work only against api.ote-godaddy.com)`);
  }
  if (status === 403 || code === 'ACCESS_DENIED') {
    return new RemoteApiError(err.details, `GoDaddy authenticated the key${secrets} but refused access (ACCESS_DENIED): GoDaddy grants its Domains and DNS API only to accounts with 10 or more domains or a Discount Domain Club plan; use such an account, or serve the zone from another provider (dns.provider in platform.yaml)`);
  }
  return err;
}
