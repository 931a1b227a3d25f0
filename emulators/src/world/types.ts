// The nouns of the emulated Microsoft world: principals, profiles, workspaces, items and the
// semantic-model and report state both emulators read. Plain data: the world's functions own
// every rule, the emulators only render these objects in their own wire shapes.

import type { MParameter, PostgresSourceExpr } from './m.ts';

/** Who acts: a service principal on its own, or one of its service principal profiles. */
export type Actor =
  | { kind: 'principal'; principalId: string }
  | { kind: 'profile'; principalId: string; profileId: string };

/** A service principal (Entra app), keyed by its object id. */
export interface Principal {
  /** Entra object id (`oid` of its tokens). */
  id: string;
  appId: string;
  displayName: string;
}

/** A Power BI service principal profile: a tenant-scoped identity owned by one principal. */
export interface Profile {
  id: string;
  displayName: string;
  principalId: string;
  createdAt: number;
}

export type AccessRight = 'Admin' | 'Member' | 'Contributor' | 'Viewer';
export type MemberType = 'App' | 'User' | 'Group';

/**
 * A workspace member. An `App` member is a principal (identifier = object id or app id), or one of
 * its profiles when `profileId` is set; `User`/`Group` members are recorded for the access APIs only.
 */
export interface Member {
  identifier: string;
  principalType: MemberType;
  accessRight: AccessRight;
  profileId?: string;
  displayName?: string;
  emailAddress?: string;
}

export type CapacityAssignmentStatus = 'Pending' | 'InProgress' | 'CompletedSuccessfully' | 'AssignmentFailed';

export interface Capacity {
  id: string;
  displayName: string;
  sku: string;
  region: string;
  state: 'Active' | 'Paused';
}

export interface CapacityAssignment {
  capacityId: string;
  activityId: string;
  startedAt: number;
  /** Total time from request to `CompletedSuccessfully`; the first third is `Pending`. */
  durationMs: number;
}

export interface Workspace {
  id: string;
  displayName: string;
  description: string;
  /** The target capacity (set at assignment time; `capacityAssignment` says how far it got). */
  capacityId?: string;
  capacityAssignment?: CapacityAssignment;
  members: Member[];
  creator: Actor;
  createdAt: number;
}

export interface DefinitionPart {
  path: string;
  /** Base64. */
  payload: string;
  payloadType: 'InlineBase64' | string;
}

export interface ItemDefinition {
  format?: string;
  parts: DefinitionPart[];
}

/** A semantic model's PostgreSQL source, derived from its partitions and parameter values. */
export interface Datasource {
  gatewayId: string;
  datasourceId: string;
  datasourceType: 'PostgreSql';
  /** `host:port` or `host` as the M source names it. */
  server: string;
  database: string;
}

export interface BasicCredentials {
  username: string;
  password: string;
  setBy: Actor;
  setAt: number;
  /** What the PATCH used, for the state dump (never the secret). */
  encryptionAlgorithm: string;
}

export type RefreshStatus = 'Unknown' | 'Completed' | 'Failed' | 'Cancelled' | 'Disabled';

export interface RefreshRecord {
  /** Monotonic per model (Power BI's numeric `id`). */
  id: number;
  /** The refresh's request id (enhanced refreshes are addressed by it). */
  requestId: string;
  refreshType: 'ViaApi' | 'ViaEnhancedApi' | 'Scheduled' | 'OnDemand';
  startTime: number;
  endTime?: number;
  status: RefreshStatus;
  /** JSON string, as the service sends it, when `status` is `Failed`. */
  serviceExceptionJson?: string;
  /** The enhanced refresh request, when there was one. */
  enhanced?: { type?: string; commitMode?: string; maxParallelism?: number; retryCount?: number; timeout?: string; objects?: { table: string; partition?: string }[] };
  /** Per table, what the refresh loaded (enhanced refresh details show it). */
  objects?: { table: string; partition?: string; status: string }[];
}

/** What a successful refresh loaded: per table its row count, and distinct marker values. */
export interface LoadedTable {
  rowCount: number;
  /** Distinct values of each loaded text column the emulator reads (the Power BI emulator's marker columns). */
  columns: Record<string, (string | null)[]>;
}

export interface LoadedData {
  loadedAt: number;
  /** The login that read the data (from the datasource credentials). */
  loadedAs: string;
  tables: Record<string, LoadedTable>;
}

export interface SemanticModelState {
  owner: Actor;
  /** Parsed from the definition; `undefined` when the definition could not be parsed tolerantly. */
  model?: ParsedModel;
  /** Current parameter values (definition values, possibly changed by `updateParameters`). */
  parameterValues: Record<string, string>;
  datasource?: Datasource;
  credentials?: BasicCredentials;
  refreshes: RefreshRecord[];
  data?: LoadedData;
  /** Set by `PATCH .../refreshSchedule`; absent: the service's default (disabled, no days or times). */
  refreshSchedule?: RefreshScheduleState;
}

export interface RefreshScheduleState {
  enabled: boolean;
  days: string[];
  times: string[];
  localTimeZoneId: string;
  NotifyOption: string;
}

export interface ReportState {
  /** The semantic model the report is bound to (may live in another workspace). */
  datasetId?: string;
  /** Report pages, for the API; from the definition's report.json when it has them. */
  pages: { name: string; displayName: string; order: number }[];
  /** Bumped by each content update, so `UpdateReportContent` is observable without a new id. */
  contentVersion: number;
}

export interface Item {
  id: string;
  workspaceId: string;
  /** `SemanticModel`, `Report`, `Lakehouse`, `Warehouse`, `Notebook`, `Dataflow`, ... any string. */
  type: string;
  displayName: string;
  description: string;
  folderId?: string;
  definition?: ItemDefinition;
  creator: Actor;
  createdAt: number;
  updatedAt: number;
  semanticModel?: SemanticModelState;
  report?: ReportState;
  /** Gen1 dataflows (Power BI `Dataflow` items): their refresh transactions, newest last. */
  dataflow?: DataflowState;
}

export interface DataflowTransaction {
  id: string;
  refreshType: 'ViaApi' | 'Scheduled' | 'OnDemand';
  startTime: number;
  endTime?: number;
  /** Power BI's values: `InProgress`, `Success`, `Failed`, `Cancelled`. */
  status: 'InProgress' | 'Success' | 'Failed' | 'Cancelled';
}

export interface DataflowState {
  transactions: DataflowTransaction[];
}

export interface Gateway {
  id: string;
  name: string;
  /** `Resource` is an on-premises gateway (RSA-OAEP credentials); `Personal` stands for the cloud. */
  type: 'Resource' | 'Personal';
  /** RSA key pair, made on first use (`gatewayKeys`) because RSA generation is slow. */
  keys?: GatewayKeys;
}

export interface GatewayKeys {
  /** Base64 RSA public key parts, as `GET /gateways/{id}` returns them. */
  publicKey: { exponent: string; modulus: string };
  /** PKCS#8 PEM; never leaves the world (the state dump omits it). */
  privateKeyPem: string;
}

/** What the TMDL reader (tmdl.ts) takes from a semantic model definition. */
export interface ModelColumn {
  name: string;
  dataType?: string;
  sourceColumn?: string;
}

export interface ModelPartition {
  name: string;
  /** `m`, `entity`, `calculated`, ... (what follows `=` on the partition line). */
  kind: string;
  mode?: string;
  /** The M (or DAX) source text, dedented. */
  source?: string;
  /** Present when the source reads `PostgreSQL.Database(...)` and navigates to a schema/table. */
  postgres?: PostgresSourceExpr;
}

export interface ModelTable {
  name: string;
  columns: ModelColumn[];
  partitions: ModelPartition[];
}

export interface ParsedModel {
  name: string;
  parameters: MParameter[];
  tables: ModelTable[];
  /** Files that were present but not TMDL we read (`.platform`, `diagramLayout.json`, ...). */
  otherParts: string[];
}
