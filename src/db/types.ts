// The shapes every db file shares: what a tenant file asks of its store (DbSpec), where the store is
// reached in a run (DbTarget), and the isolation strategy that answers every question whose answer
// depends on the isolation mode. One file, because the three refer to one another.
import type { DeletionPolicy, Isolation, Lifecycle, PlatformConfig, TenantConfig } from '../config/index.ts';
import type { DerivedNames } from '../naming/index.ts';
import type { Pool } from '../pg/index.ts';
import type { DbServices } from './services.ts';

export type Purpose = 'owner' | 'app' | 'bi';
export const PURPOSES: readonly Purpose[] = ['owner', 'app', 'bi'];

/** Where a tenant's tables live: the one rule the registry, the semantic model and DNS rely on. */
export interface DataStoreState {
  isolation: Isolation;
  /** Cluster name from platform.yaml; for byod `byod:<secret name>`. */
  cluster: string;
  /** The database's name; for byod `secret:<secret name>` (the real one is in the secret). */
  database: string;
  schema: string;
}

/** The store's location with its server, as far as the tenant file and platform.yaml tell it (no secret is read). */
export interface DataStoreLocation extends DataStoreState {
  /** The platform cluster's name; undefined on a customer's server. */
  clusterName?: string;
  /** The server's host; byod `secret:<name>` (the real one is in the secret, read when applying). */
  host: string;
  /** The server's port; byod PostgreSQL's default (the real one is in the secret). */
  port: number;
  /** How plans and the registry's record show the server: `host:port`, byod `secret:<name>`. */
  address: string;
}

export interface DbSpec extends DataStoreLocation {
  tenant: string;
  /** How the tenant's store is isolated: every mode-dependent answer comes from here. */
  strategy: IsolationStrategy;
  connectionSecret?: string;
  biConnectionSecret?: string;
  lifecycle: Lifecycle;
  deletionPolicy: DeletionPolicy;
  /** The role names tenantops derives; in byod the owner (and without CREATEROLE app and bi) are the customer's. */
  roles: Record<Purpose, string>;
  /** Whether tenantops creates each role; the others are the customer's, only checked. */
  managed: Record<Purpose, boolean>;
  /** How plans and registry rows name each role: its name, or where a customer's role comes from. */
  labels: Record<Purpose, string>;
}

export interface DbTarget {
  spec: DbSpec;
  services: DbServices;
  /** Where cluster-wide objects (roles, databases) are managed. */
  cluster: Pool;
  /** The database holding the tenant's schema; undefined while it does not exist (database isolation). */
  data(): Promise<Pool | undefined>;
  /** Role names by purpose, as the server knows them (byod: the customer's, discovered). */
  roles: Record<Purpose, string>;
  /** The name of the database holding the schema, as the server knows it: the one the roles connect to. */
  databaseName: string;
  host: string;
  port: number;
  serverVersion: number;
  /** The role tenantops connects as, and whether it is a superuser. */
  currentUser: string;
  superuser: boolean;
  /** The connection string tenantops uses (a secret: never logged), to build role logins from. */
  baseUrl: string;
  /** A role's name as plans show it: the spec's label for the tenant's roles, the name otherwise. */
  label(role: string): string;
}

/** A registry secret a tenant's store seals, with where its value comes from (read only when applying). */
export interface SealedSecret {
  name: string;
  value: () => string;
}

/** How plans name a tenant's store. */
export interface StoreWording {
  /** `schema` or `database`: what is created. */
  kind: string;
  /** What a deletion drops: `schema tenant_x`, `database tenant_x`. */
  what: string;
  /** Where it is: `cluster shared-eu`, `the byod database of ACME_DB_URL`. */
  where: string;
}

/**
 * One isolation mode (schema, database, byod): everything about a tenant's store that depends on
 * the mode. Chosen once per tenant, from its file, by chooseIsolation; the rest of db asks it.
 */
export interface IsolationStrategy {
  readonly isolation: Isolation;
  /** The store is on the customer's own server (database.connectionSecret), not on a platform cluster. */
  readonly onCustomerServer: boolean;
  /** Where the store lives: what plans, the registry and the semantic model's parameters show. */
  locate(tenant: TenantConfig, platform: PlatformConfig, names: DerivedNames): DataStoreLocation;
  /** Which roles tenantops creates (the rest are the customer's) and how plans name each. */
  roles(tenant: TenantConfig, names: DerivedNames): { managed: Record<Purpose, boolean>; labels: Record<Purpose, string> };
  /** Whether deletionPolicy delete may ever drop the store's data: never a customer's. */
  readonly mayDropData: boolean;
  /** What the store consists of, as plans list it. */
  readonly parts: readonly string[];
  describe(spec: DbSpec): StoreWording;
  /** The registry secrets holding the tenant's own connection strings (byod); none otherwise. */
  sealedSecrets(spec: DbSpec, env: NodeJS.ProcessEnv): SealedSecret[];
  /**
   * Connects to where the store is managed and checks the server can host the tenant: which pools
   * manage roles and the schema, and which database the roles connect to.
   */
  open(services: DbServices, spec: DbSpec): Promise<DbTarget>;
  /**
   * The store is a schema in a platform database other tenants share: its roles get CONNECT there
   * explicitly, and PUBLIC (a database-mode tenant's roles included) gets nothing.
   */
  readonly sharedDatabase: boolean;
  /** The tenant's own database, where the mode gives it one; every grant in it is then ours to police. */
  readonly ownDatabase?: OwnDatabase;
  /** Drops the store with its data (only ever asked when mayDropData). */
  drop(target: DbTarget): Promise<void>;
}

/** A database that is the tenant's alone: owned by its owner role, closed to PUBLIC. */
export interface OwnDatabase {
  /**
   * What PUBLIC may do there (`database: CONNECT`, `schema public: CREATE`) and `database owned by
   * <role>` when its owner is another; undefined while it does not exist.
   */
  read(target: DbTarget): Promise<string[] | undefined>;
  /**
   * Creates it, or repairs what `read` found, on the cluster; returns the statements to run inside
   * it, in the transaction that creates the schema.
   */
  ensure(target: DbTarget, found: readonly string[] | undefined): Promise<string[]>;
}
