// The DNS side of one run: the provider of platform.yaml's zone, probed once, and a listing of the
// zone per read phase, shared by a tenant's two DNS resources, with the count of the sets this
// platform owns there (the base of the zone-wide safety threshold, which the plan judges).
import type { ResourceContext } from '../plan/index.ts';
import { countOwnedSets } from './ownership.ts';
import type { DnsProvider, RecordSetState } from './types.ts';

/** A listing of the zone, as one read phase saw it. */
export interface ZoneView {
  sets: readonly RecordSetState[];
  /** How many of the sets this platform provably owns (see countOwnedSets). */
  owned: number;
  find(name: string, type: string): RecordSetState | undefined;
  /** Every set at a name, any type. */
  at(name: string): RecordSetState[];
}

/** What a verification found, for logs and the action's job summary. */
export interface VerificationReport {
  tenant: string;
  fqdn: string;
  type: string;
  expected: string[];
  /** What the API reads back. */
  readBack: string[];
  /** The authoritative server asked, and its answer, when one was reachable. */
  server?: string;
  answer?: string[];
  note?: string;
}

export interface DnsService {
  readonly provider: DnsProvider;
  /** The value ownership records name this platform by (dns.ownerId, else the platform name). */
  readonly ownerId: string;
  /** Record types tenant records may have (what counts as owned besides the TXT). */
  readonly managedTypes: readonly string[];
  /** The zone as this read phase sees it: listed once per read pass (else once per context). */
  zoneFor(ctx: ResourceContext): Promise<ZoneView>;
  readonly verifications: VerificationReport[];
  /** Waits between verification queries (injected in tests). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface DnsServiceOptions {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  ownerId: string;
  managedTypes?: readonly string[];
}

export function createDnsService(provider: DnsProvider, options: DnsServiceOptions): DnsService {
  const views = new WeakMap<ResourceContext, Promise<ZoneView>>();
  const managedTypes = options.managedTypes ?? ['CNAME', 'A', 'AAAA'];
  return {
    provider,
    ownerId: options.ownerId,
    managedTypes,
    verifications: [],
    sleep: options.sleep,
    zoneFor(ctx) {
      // In a read pass, one listing of the zone for every tenant of the pass (kept in the pass, so
      // a later pass, the re-read under a tenant's lock included, lists again); the listing is the
      // pass's, not one tenant's, so its calls name no tenant and carry no one tenant's abort
      // signal (one tenant giving up must not fail the others). Outside a pass, one per context.
      const shared = ctx.pass?.shared;
      const key = `dns/zone/${provider.name}/${provider.zone}`;
      let view = (shared?.get(key) as Promise<ZoneView> | undefined) ?? views.get(ctx);
      if (!view) {
        const call = shared ? {} : { tenant: ctx.tenant, signal: ctx.signal };
        view = (async () => {
          await provider.probe(call);
          const sets = await provider.listZone(call);
          return makeView(sets, countOwnedSets(sets, options.ownerId, managedTypes));
        })();
        if (shared) shared.set(key, view);
        else views.set(ctx, view);
        view.catch(() => (shared ? shared.delete(key) : views.delete(ctx)));
      }
      return view;
    },
  };
}

function makeView(sets: RecordSetState[], owned: number): ZoneView {
  const byName = new Map<string, RecordSetState[]>();
  for (const s of sets) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  return {
    sets,
    owned,
    find: (name, type) => byName.get(name)?.find((s) => s.type === type.toUpperCase()),
    at: (name) => byName.get(name) ?? [],
  };
}
