// What every provider shares: its HTTP client (naming the tenant in errors when a call is made for
// one), finding the hosting zone once, the identity / counts / probe part of the provider,
// grouping flat record lists into name+type sets, and the real sleep used when no clock is injected.
import { setTimeout as delay } from 'node:timers/promises';
import { createHttpClient, type HttpClient, type HttpClientOptions, type RetryPolicy } from '../../http/index.ts';
import type { Logger } from '../../log/index.ts';
import { normalizeSet } from '../normalize.ts';
import type { CallContext, DnsProvider, RecordSetState, Timing } from '../types.ts';

export const realSleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, { signal });

/** How the platform connects every provider: an extra CA, a logger, retry overrides, injected time. */
export interface ProviderConnection extends Timing {
  ca?: string;
  log?: Logger;
  retry?: Partial<RetryPolicy>;
}

export interface ProviderHttp {
  /** The provider's one client: its `counts` are the provider's. */
  http: HttpClient;
  /** The same client, naming the tenant in its errors when the call is made for one. */
  client(ctx?: CallContext): HttpClient;
}

/** `settings` says what is the provider's own (service, URL, credentials, and any override). */
export function createProviderHttp(options: ProviderConnection, settings: Omit<HttpClientOptions, 'ca' | 'log'>): ProviderHttp {
  const http = createHttpClient({ ca: options.ca, retry: options.retry, log: options.log, sleep: options.sleep ?? realSleep, now: options.now, ...settings });
  return { http, client: (ctx) => (ctx?.tenant ? http.withContext({ tenant: ctx.tenant }) : http) };
}

/**
 * A provider from its own record-set calls: the identity, the call counts and the probe (find the
 * hosting zone) are the same shape for every provider.
 */
export function assembleProvider(
  identity: Pick<DnsProvider, 'name' | 'zone' | 'minTtl' | 'nameserver'>,
  http: HttpClient,
  findZone: (ctx?: CallContext) => Promise<unknown>,
  records: Pick<DnsProvider, 'readRecordSet' | 'replaceRecordSet' | 'createRecordSet' | 'deleteRecordSet' | 'listZone'>,
): DnsProvider {
  return {
    ...identity,
    // A getter: the client's counts grow after the provider is made.
    get counts() {
      return http.counts;
    },
    async probe(ctx) {
      await findZone(ctx);
    },
    ...records,
  };
}

/**
 * `find` runs once and its answer is kept for the provider's lifetime; a failure is not kept, so
 * the next call tries again (a later run may succeed once the operator fixed what it named).
 */
export function keepOnSuccess<T>(find: (ctx?: CallContext) => Promise<T>): (ctx?: CallContext) => Promise<T> {
  let found: Promise<T> | undefined;
  return (ctx) =>
    (found ??= find(ctx).catch((err: unknown) => {
      found = undefined;
      throw err;
    }));
}

/** Name, then type: the stable order of a zone listing. */
export function compareSets(a: RecordSetState, b: RecordSetState): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

/** Flat records → normalised sets, in name then type order (a stable listing). */
export function groupRecordSets<R>(records: readonly R[], view: (r: R) => { name: string; type: string; ttl: number; value: string }): RecordSetState[] {
  const sets = new Map<string, RecordSetState>();
  for (const r of records) {
    const { name, type, ttl, value } = view(r);
    const key = `${name.toLowerCase()}\u0000${type.toUpperCase()}`;
    const set = sets.get(key);
    if (set) {
      set.values.push(value);
      set.ttl = Math.min(set.ttl, ttl);
    } else sets.set(key, { name, type, ttl, values: [value] });
  }
  return [...sets.values()].map((s) => normalizeSet(s)).sort(compareSets);
}
