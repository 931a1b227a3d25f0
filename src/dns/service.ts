// The DNS side of one run: the provider of platform.yaml's zone, probed once; a listing of the
// zone per read phase, shared by a tenant's two DNS resources; and the bookkeeping behind the
// zone-wide safety threshold, which no single resource could judge alone.
import { checkThreshold } from '../plan/index.ts';
import type { ResourceContext } from '../plan/index.ts';
import { countOwnedSets } from './ownership.ts';
import type { DnsProvider, RecordSetState } from './types.ts';

/** A listing of the zone, as one read phase saw it. */
export interface ZoneView {
  sets: readonly RecordSetState[];
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
  readonly threshold: { maxShare: number; minRecords: number };
  /** Record types tenant records may have (what counts as owned besides the TXT). */
  readonly managedTypes: readonly string[];
  /** The zone as this read phase sees it: listed once per context, i.e. per tenant and phase. */
  zoneFor(ctx: ResourceContext): Promise<ZoneView>;
  /**
   * Records whether a read found that an owned set would be changed or deleted (undefined: it
   * would not), so the diffs can judge the run as a whole against the zone-wide threshold. The
   * plan engine reads every resource of a run before it diffs any, so by then this holds the whole
   * run. An entry is cleared when its change is applied; one left by an earlier plan of other
   * tenants in the same process can only over-count, i.e. err towards asking for force.
   */
  notePending(tenant: string, key: string, change: 'update' | 'delete' | undefined): void;
  /** Why the run is refused without force, or undefined when it is within the threshold. */
  thresholdReason(): string | undefined;
  readonly verifications: VerificationReport[];
  /** Waits between verification queries (injected in tests). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface DnsServiceOptions {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  ownerId: string;
  threshold?: { maxShare?: number; minRecords?: number };
  managedTypes?: readonly string[];
}

export function createDnsService(provider: DnsProvider, options: DnsServiceOptions): DnsService {
  const views = new WeakMap<ResourceContext, Promise<ZoneView>>();
  const pending = new Map<string, 'update' | 'delete'>();
  const threshold = { maxShare: options.threshold?.maxShare ?? 0.3, minRecords: options.threshold?.minRecords ?? 10 };
  const managedTypes = options.managedTypes ?? ['CNAME', 'A', 'AAAA'];
  // The owned count of the most recent listing: the base the threshold is a share of.
  let owned = 0;
  return {
    provider,
    ownerId: options.ownerId,
    threshold,
    managedTypes,
    verifications: [],
    sleep: options.sleep,
    zoneFor(ctx) {
      let view = views.get(ctx);
      if (!view) {
        view = (async () => {
          await provider.probe({ tenant: ctx.tenant, signal: ctx.signal });
          const sets = await provider.listZone({ tenant: ctx.tenant, signal: ctx.signal });
          owned = countOwnedSets(sets, options.ownerId, managedTypes);
          return makeView(sets);
        })();
        views.set(ctx, view);
        view.catch(() => views.delete(ctx));
      }
      return view;
    },
    notePending(tenant, key, change) {
      const id = `${tenant}\u0000${key}`;
      if (change) pending.set(id, change);
      else pending.delete(id);
    },
    thresholdReason() {
      let updates = 0;
      let deletes = 0;
      for (const change of pending.values()) change === 'update' ? updates++ : deletes++;
      const reason = checkThreshold({ existing: owned, updates, deletes, maxShare: threshold.maxShare, minExisting: threshold.minRecords });
      return reason && `zone-wide DNS safety threshold of ${provider.zone}: ${reason.replaceAll('existing resources', 'tenantops-owned record sets')}`;
    },
  };
}

function makeView(sets: RecordSetState[]): ZoneView {
  const byName = new Map<string, RecordSetState[]>();
  for (const s of sets) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  return {
    sets,
    find: (name, type) => byName.get(name)?.find((s) => s.type === type.toUpperCase()),
    at: (name) => byName.get(name) ?? [],
  };
}
