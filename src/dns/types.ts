// The vocabulary of the DNS capability: a record set (one name + type, its TTL and values) and
// the provider-neutral interface every DNS service implements. Names are relative to the
// platform zone (`acme`, `_tenantops.acme`, `@` for the apex), normalised (see normalize.ts).

/** One name+type record set, normalised: lower-case relative name, sorted unique values. */
export interface RecordSetState {
  /** Relative to the platform zone: `acme`, `_tenantops.acme`, `@` for the zone apex. */
  name: string;
  /** Upper case: `CNAME`, `A`, `AAAA`, `TXT`, and in listings anything else the zone holds. */
  type: string;
  /** Seconds. */
  ttl: number;
  /** Host names without the trailing dot, addresses in canonical form, TXT unquoted and joined. */
  values: string[];
}

/** Who a call is for, so a failure names the tenant and the resource. */
export interface CallContext {
  tenant?: string;
  resource?: string;
  signal?: AbortSignal;
}

/** What every provider counts, so a test (and the action's summary) can prove a no-op run wrote nothing. */
export interface CallCounts {
  reads: number;
  writes: number;
}

/**
 * The primitive set tenantops needs from a DNS service: read, replace and delete ONE name+type
 * record set, plus a listing of the zone for the plan and the safety threshold. Nothing here
 * ever replaces a whole zone.
 */
export interface DnsProvider {
  /** `godaddy`, `powerdns`, `cloudflare`, `azure`: names the service in errors. */
  readonly name: string;
  /** The platform zone, lower case, no trailing dot. */
  readonly zone: string;
  /** The lowest TTL the service stores (GoDaddy: 600); a lower desired TTL is raised to it. */
  readonly minTtl: number;
  /** An authoritative server (`host:port`) that answers for the zone and is reachable, if known. */
  readonly nameserver?: string;
  readonly counts: CallCounts;
  /**
   * Checks up front that the credentials work and the zone is there, turning an access refusal
   * into a message that says what to do. Idempotent; the service calls it once per run.
   */
  probe(ctx?: CallContext): Promise<void>;
  readRecordSet(name: string, type: string, ctx?: CallContext): Promise<RecordSetState | undefined>;
  /** Makes the set exactly `set` (creating it when absent). */
  replaceRecordSet(set: RecordSetState, ctx?: CallContext): Promise<void>;
  /**
   * Creates a set the caller has just read as absent. Optional: a provider with a batch endpoint
   * (GoDaddy's PATCH) sends concurrent creates as one call; without it, replaceRecordSet does.
   */
  createRecordSet?(set: RecordSetState, ctx?: CallContext): Promise<void>;
  /** Removes the set; a set that is already gone is not an error. */
  deleteRecordSet(name: string, type: string, ctx?: CallContext): Promise<void>;
  /** Every record set at or below the platform zone. */
  listZone(ctx?: CallContext): Promise<RecordSetState[]>;
}

/** Injected time, so retries, pacing and polling run instantly in tests. */
export interface Timing {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}
