// The emulated Microsoft world shared by the Power BI and Fabric emulators: a workspace and its
// items are the same objects whether seen through `/v1.0/myorg/...` or `/v1/...`. Plain,
// synchronous and event-free: emulators call it, render the result in their own wire shape, and
// map a thrown `WorldError` (neutral `code` + default `status`) onto their own error envelope.
//
// Model (all ids are lower-case GUIDs; every timestamp is epoch ms from `options.now`):
// - `Principal` (Entra SP, keyed by object id; `ensurePrincipal` from a verified token) and its
//   `Profile`s (Power BI service principal profiles). An `Actor` is either; `resolveActor(oid,
//   profileId?)` turns a call's identity into one and refuses a profile of another principal.
// - `Workspace`: displayName unique tenant-wide (case-insensitive), `members` with access rights
//   (Admin > Member > Contributor > Viewer); the creator becomes Admin. An actor sees exactly the
//   workspaces it is a member of — a profile never sees its principal's, nor another profile's
//   (add `{principalType:'App', identifier:<oid>, profileId}` to share). Each actor may be a
//   member of at most `workspaceLimit` (1,000) workspaces. Capacity assignment progresses with
//   time: Pending (first third of `durationMs`) → InProgress → CompletedSuccessfully.
// - `Item` (any `type` string): definition parts `{path, payload (base64), payloadType}` + format.
//   Fabric passes `{uniqueNames: true}`: a live same-type name → `ItemDisplayNameAlreadyInUse`,
//   a name deleted less than `reserveNameMs` ago → `ItemDisplayNameNotAvailableYet`. Deleting a
//   SemanticModel deletes the reports bound to it in its workspace.
// - SemanticModel: `owner` = the creating actor (through the Fabric API that is the principal,
//   since Fabric item APIs take no profile). Parameters come from the TMDL `expressions.tmdl`
//   (`parseModelDefinition`); `updateParameters` (owner only, Power BI's rules) rewrites the
//   definition; `updateItemDefinition` resets them to the definition's values. The datasource
//   (PostgreSql, server `host:port`, database, `gatewayId` + `datasourceId`) is derived from the
//   partitions' `PostgreSQL.Database(...)`; it keeps its id and credentials while server and
//   database stay the same. `takeOver` makes the caller owner and CLEARS the credentials;
//   `setDatasourceCredentials`, `updateParameters`, `bindToGateway` are owner-only (`NotOwner`).
//   Refreshes: `startRefresh` (one at a time → `RefreshInProgress`; 8 a UTC day on shared
//   capacity → `RefreshLimitReached`), `completeRefresh` (the emulator's loader reports the
//   outcome; success stores `data`), `listRefreshes` newest first.
// - Report: bound `datasetId` (from PBIR `definition.pbir` or the creating call), pages;
//   `cloneReport` (with `targetModelId` bound to it; without, bound to the source's model even
//   across workspaces), `rebindReport`, `updateReportContent` (keeps id and binding).
// - Gateways: one cloud gateway (`cloudGatewayId()`, datasources start there) and on-premises
//   ones (`createGateway`); `gatewayKeys(id)` gives the RSA key pair for RSA-OAEP credentials.
//
// - `snapshot()` / `restore(snapshot)`: the whole state as JSON-safe data (secrets included) and
//   back, so a caller can keep a world across processes; running refreshes end as cancelled.
//
// Stability: the Fabric emulator builds on this surface; add to it, do not change it.

export { createWorld } from './world.ts';
export type { World } from './world.ts';
export type { WorldOptions, WorldState } from './state.ts';
export type { WorldSnapshot } from './snapshot.ts';
export { actorKey, sameActor, isGuid } from './state.ts';
export { WorldError, worldErrorStatus } from './errors.ts';
export type { WorldErrorCode } from './errors.ts';
export { EMPTY_CAPACITY_ID } from './workspaces.ts';
export type { CapacityAssignmentView, MemberInput } from './workspaces.ts';
export type { CreateItemInput, NameRules } from './items.ts';
export type { ParameterView, RefreshOutcome, ResolvedSource, StartRefreshInput } from './models.ts';
export { copyDefinition } from './copy.ts';
export { parseModelDefinition, parseTmdl, rewriteParameterValue } from './tmdl.ts';
export { evaluateTextExpression, findPostgresSource, formatParameterLiteral, parseParameterExpression } from './m.ts';
export type { MParameter, PostgresSourceExpr } from './m.ts';
export { readReportDefinition } from './reports.ts';
export type {
  AccessRight, Actor, BasicCredentials, Capacity, CapacityAssignment, CapacityAssignmentStatus, DataflowState, DataflowTransaction,
  Datasource, DefinitionPart, Gateway, GatewayKeys, Item, ItemDefinition, LoadedData, LoadedTable, Member, MemberType, ModelColumn,
  ModelPartition, ModelTable, ParsedModel, Principal, Profile, RefreshRecord, RefreshScheduleState, RefreshStatus, ReportState, SemanticModelState, Workspace,
} from './types.ts';
