// The shapes of tenant files and platform.yaml after validation, defaults applied. They mirror
// tenants/tenant.schema.json and platform.schema.json; a test keeps the two in step.

export type Isolation = 'schema' | 'database' | 'byod';
export type Lifecycle = 'active' | 'suspended' | 'decommissioned';
export type DeletionPolicy = 'retain' | 'delete';

export interface TenantProviders {
  lms: string;
  englishMaths: string;
  crm: string;
  hr?: string;
}

export interface TenantDatabase {
  isolation: Isolation;
  /** Set for `schema` and `database` isolation, absent for `byod`. */
  cluster?: string;
  /** `byod` only: the NAME of the secret holding the connection string. */
  connectionSecret?: string;
  /** `byod` only: the NAME of the secret holding a read-only connection string for Power BI. */
  biConnectionSecret?: string;
}

export interface FabricItem {
  /** Absent: a name derived from the tenant code. */
  name?: string;
}

export interface TenantPowerBi {
  capacity: string;
  fabric?: { lakehouse?: FabricItem; warehouse?: FabricItem };
}

export interface SuperUser {
  email: string;
  firstName: string;
  lastName: string;
}

export interface TenantConfig {
  code: string;
  name: string;
  subdomain: string;
  providers: TenantProviders;
  database: TenantDatabase;
  powerbi: TenantPowerBi;
  dns: { takeover: boolean };
  modules: string[];
  superUsers: SuperUser[];
  lifecycle: Lifecycle;
  deletionPolicy: DeletionPolicy;
}

/** A tenant file that validated clean. */
export interface LoadedTenant {
  /** Path relative to the repository root, forward slashes. */
  file: string;
  config: TenantConfig;
}

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

export interface ClusterConfig {
  host: string;
  /** Default 5432. */
  port: number;
  /** NAME of the secret holding the admin connection string. */
  adminSecret: string;
  /** Connection budget of the whole cluster. */
  maxConnections: number;
  /** Shared database for schema isolation. */
  database?: string;
  /** Code of the only tenant allowed on this cluster. */
  dedicatedTo?: string;
  /** Default `require`. */
  sslmode: SslMode;
}

export interface CapacityConfig {
  id?: string;
  /** A1-A8, EM1-EM3, F2-F2048, P1-P5, PPU or shared. */
  sku: string;
  region?: string;
}

export type DnsProviderName = 'godaddy' | 'powerdns' | 'cloudflare' | 'azure';

export interface DnsConfig {
  zone: string;
  provider: DnsProviderName;
  /** Secret NAMES by role, e.g. `{ apiKeySecret: 'GODADDY_API_KEY' }`. */
  credentials?: Record<string, string>;
  /** Default CNAME. */
  recordType: 'CNAME' | 'A' | 'AAAA';
  target: string;
  /** Where a suspended tenant's record points (suspend.dns). */
  maintenanceTarget?: string;
  /** Seconds, default 600. */
  ttl: number;
  ownerId?: string;
  /** Defaults 0.3 and 10. */
  changeThreshold: { maxShare: number; minRecords: number };
}

export interface PlatformPowerBi {
  templateWorkspace: string;
  adminGroupId?: string;
  /** Name of an entry of `credentialProfiles`. */
  credentialProfile: string;
  /** Default true. */
  tenantProfiles: boolean;
  /** How a plan of many tenants reads Power BI: one scanner snapshot, per tenant, or `auto` (the schema's default: the scanner, per tenant when the admin APIs refuse the principal). */
  fleetReads?: 'auto' | 'scanner' | 'per-tenant';
}

export type CredentialType = 'client-secret' | 'github-oidc' | 'workload-identity';

export interface CredentialProfileConfig {
  tenantId: string;
  clientId: string;
  type: CredentialType;
  /** `client-secret` only: NAME of the secret holding the client secret. */
  clientSecretSecret?: string;
  authorityHost?: string;
}

export type MailAuthConfig =
  | { type: 'password'; user: string; /** NAME of the secret holding the password. */ passwordSecret: string }
  | {
      type: 'oauth2';
      user: string;
      /** Name of an entry of `credentialProfiles`: its access token signs in (XOAUTH2). */
      credentialProfile: string;
      /** Default https://outlook.office365.com/.default. */
      scope?: string;
    };

export interface MailConfig {
  host: string;
  /** Default 587 (submission, upgraded with STARTTLS). */
  port: number;
  /** The From address. */
  sender: string;
  /** Default: the platform name. */
  senderName?: string;
  auth: MailAuthConfig;
  /** `<n>m`, `<n>h` or `<n>d`; default `7d`. */
  invitationTtl: string;
}

export interface PlatformConfig {
  name: string;
  clusters: Record<string, ClusterConfig>;
  capacities: Record<string, CapacityConfig>;
  dns: DnsConfig;
  powerbi: PlatformPowerBi;
  credentialProfiles: Record<string, CredentialProfileConfig>;
  /** Absent: nothing is mailed. */
  mail?: MailConfig;
  /** `urlSecret` defaults to TENANTOPS_REGISTRY_URL. */
  registry: { urlSecret: string };
  /**
   * Fleet-wide changes in waves; validation fills in the defaults (no canary, batch 25%, haltAfter
   * 0); optional because platforms built in code may leave it out.
   */
  rollout?: RolloutConfig;
  /** Absent or `{}`: suspend.dns follows dns.maintenanceTarget (see suspendDnsTarget). */
  suspend?: { dns?: 'maintenance' | 'keep' };
  /** Required before a tenant with deletionPolicy delete can be offboarded. */
  offboarding?: OffboardingConfig;
}

/** A count (`50`) or a percent (`"25%"`), as written in platform.yaml; checked by the rollout rule. */
export type CountOrPercent = number | `${number}%`;

export interface RolloutConfig {
  canary: string[];
  batch: CountOrPercent;
  haltAfter: CountOrPercent;
}

export interface OffboardingConfig {
  /** NAME of the secret holding the export key, `<keyId>:<base64 of 32 bytes>`. */
  exportKeySecret: string;
  /** `container` defaults to tenant-exports. */
  blob: { connectionSecret: string; container: string };
}
