// The resource model every capability implements and the plan engine drives. The engine knows
// nothing of Power BI, PostgreSQL or DNS; a resource knows nothing of ordering or concurrency.

/** What a diff decided for one resource. `replace` destroys and recreates. */
export type ChangeAction = 'create' | 'update' | 'replace' | 'delete';

/** One field that differs between desired and actual state. Values must never be secrets. */
export interface FieldChange {
  /** Dotted path, e.g. `database.isolation`. */
  path: string;
  before?: unknown;
  after?: unknown;
  /** A change of this field destroys data; refused without an explicit force. */
  forcesReplacement?: boolean;
  /** Why, in words a reviewer understands (shown with the refusal). */
  reason?: string;
}

export interface Change {
  action: ChangeAction;
  /** Field-level detail; empty for a plain create or delete. */
  fields: FieldChange[];
  /** One-line human summary, e.g. `clone report "APTEM-BKSB-HUBSPOT - Operations Leader v1.2"`. */
  summary?: string;
  /**
   * This change as a whole destroys data (e.g. dropping a database that holds rows), whatever its
   * fields say; refused without an explicit force, like a field that `forcesReplacement`.
   */
  destroysData?: boolean;
  /** Why it destroys data, in words a reviewer understands (shown with the refusal). */
  reason?: string;
  /**
   * The shared threshold this update or delete counts towards (a create never does). Not part of
   * the plan's hash: it describes the world around the change, not the change.
   */
  safetyGroup?: SafetyGroup;
}

/**
 * A threshold several resources share, across tenants too: octoDNS's share of a whole zone. The
 * plan's safety step counts the updates and deletes of each group over the whole plan and refuses
 * them without force once they pass `maxShare` of `existing`. Every change of a group is expected
 * to declare the same figures; the first one in plan order is taken.
 */
export interface SafetyGroup {
  /** Names the group across the plan, e.g. `dns zone tenants.example.com`. */
  id: string;
  /** How refusals name the threshold, e.g. `zone-wide DNS safety threshold of tenants.example.com`. */
  title: string;
  /** What `existing` counts, plural, e.g. `tenantops-owned record sets`. */
  noun: string;
  /** How many exist now, as the resource's read found them. */
  existing: number;
  /** Largest share of `existing` one plan may change, or delete; default 0.3. */
  maxShare?: number;
  /** Below this many existing the threshold does not apply; default 10. */
  minExisting?: number;
}

/** Everything a resource needs at run time: the tenant, the logger, clients, the journal. */
export interface ResourceContext {
  tenant: string;
  /** Whether apply is allowed to perform destructive changes (gate approved + flag). */
  allowDestroy: boolean;
  signal?: AbortSignal;
  log: import('../log/index.ts').Logger;
  /** Capability-specific services (clients, registry); each resource casts what it needs. */
  services: Record<string, unknown>;
  /** The read pass this context reads in (absent outside one: apply and verify contexts). */
  pass?: ReadPass;
}

/**
 * One read pass of the plan engine over one or more tenants: which tenants it covers, so a capability
 * can read once for the whole fleet when that is cheaper, and a place for what it reads so. Made
 * per pass and never reused: the re-read under a tenant's lock at apply is a pass of its own.
 */
export interface ReadPass {
  /** The codes of the tenants the pass covers: how many, and which a fleet-wide read asks for. */
  readonly codes: readonly string[];
  readonly shared: Map<string, unknown>;
  /**
   * The tenants a capability answered (in part) from a fleet-wide read, a snapshot such as Power
   * BI's scanner, rather than the tenant's own reads; recorded with `recordSnapshotRead`, which
   * says why an apply may act on some of them and must read the others again (snapshot.ts).
   */
  readonly snapshots: Map<string, SnapshotRead>;
}

/**
 * How a fleet-wide snapshot answered one tenant's reads in a pass. `vouched`: everything the
 * tenant's reads asked of it was there, and every item they used was found by its recorded id.
 * `partial`: something was absent (a model without its expressions) or found by name only.
 */
export type SnapshotRead = 'vouched' | 'partial';

/**
 * A resource: a stable key, what it depends on, and four verbs. `Desired` and `Actual` are the
 * resource's own state shapes; both must be JSON-serialisable and free of secrets so that plans
 * can be hashed, stored and shown.
 */
export interface Resource<Desired = unknown, Actual = unknown> {
  /** Stable and unique within the tenant, e.g. `db/roles/bi`, `powerbi/report/<template>`. */
  readonly key: string;
  /** Kind, for grouping in plans: `db.schema`, `powerbi.report`, `dns.record`, ... */
  readonly kind: string;
  /** Keys of resources that must be applied first (and deleted after). */
  readonly dependsOn: readonly string[];
  /** `undefined` desired state means the resource should not exist. */
  readonly desired: Desired | undefined;
  /** Discover actual state; `undefined` when it does not exist. Read-only calls only. */
  read(ctx: ResourceContext): Promise<Actual | undefined>;
  /** Pure: what would change. `undefined` when nothing differs. */
  diff(desired: Desired | undefined, actual: Actual | undefined): Change | undefined;
  /** Perform one change and return the new actual state. */
  apply(ctx: ResourceContext, change: Change, actual: Actual | undefined): Promise<Actual | undefined>;
  /** Optional post-apply check; throws on failure. */
  verify?(ctx: ResourceContext, actual: Actual | undefined): Promise<void>;
  /**
   * Optional: told, before the apply pass's first change, what this unchanged resource's state is
   * (as planned, and re-read under the lock where that was needed), so the resources applied after
   * it can use it instead of listing it again. Must not call any service.
   */
  prime?(ctx: ResourceContext, actual: Actual): void;
}

/**
 * Where apply records each change, so a run that dies half-way can be understood and resumed:
 * `intent` before a change is attempted, then `done` or `failed`. Implemented by the registry;
 * a method that throws fails that change (before `apply` for `intent`).
 */
export interface Journal {
  intent(tenant: string, key: string, action: ChangeAction, kind?: string): Promise<void> | void;
  /** `actual` is the state `apply` returned (ids to record); `undefined` after a delete. */
  done(tenant: string, key: string, action: ChangeAction, actual?: unknown): Promise<void> | void;
  failed(tenant: string, key: string, action: ChangeAction, error: Error): Promise<void> | void;
}
