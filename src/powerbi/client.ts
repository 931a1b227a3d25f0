// The Power BI REST calls tenantops makes (`/v1.0/myorg/...`), typed. One client per identity:
// the principal, or one of its service principal profiles (the `X-PowerBI-Profile-Id` header is
// set by the HTTP client, so every call of a tenant's client acts as that tenant's profile).
import type { HttpClient } from '../http/index.ts';

export interface Group {
  id: string;
  name: string;
  isOnDedicatedCapacity?: boolean;
  capacityId?: string;
  type?: string;
}

/** `GET groups/{id}/CapacityAssignmentStatus` (WorkspaceCapacityAssignmentStatus). */
export interface CapacityAssignmentStatus {
  status: string;
  activityId?: string;
  capacityId?: string;
  /** ISO 8601, the service's own times. */
  startTime?: string;
  endTime?: string;
}

export interface GroupUser {
  identifier: string;
  principalType: 'User' | 'Group' | 'App';
  groupUserAccessRight: 'Admin' | 'Member' | 'Contributor' | 'Viewer' | string;
  displayName?: string;
  emailAddress?: string;
  profile?: { id: string; displayName?: string };
}

export interface Profile {
  id: string;
  displayName: string;
}

export interface Capacity {
  id: string;
  displayName: string;
  sku?: string;
  state?: string;
}

export interface Dataset {
  id: string;
  name: string;
  configuredBy?: string;
  isRefreshable?: boolean;
}

export interface DatasetParameter {
  name: string;
  type?: string;
  currentValue: string;
  isRequired?: boolean;
}

export interface Datasource {
  datasourceType: string;
  connectionDetails: { server?: string; database?: string };
  datasourceId: string;
  gatewayId: string;
}

export interface Refresh {
  requestId: string;
  id?: number;
  refreshType?: string;
  startTime?: string;
  endTime?: string;
  status: 'Unknown' | 'Completed' | 'Failed' | 'Cancelled' | 'Disabled' | string;
  serviceExceptionJson?: string;
}

export interface Report {
  id: string;
  name: string;
  datasetId?: string;
  embedUrl?: string;
  webUrl?: string;
}

export interface Dataflow {
  objectId: string;
  name: string;
}

export interface DataflowTransaction {
  id: string;
  refreshType?: string;
  startTime?: string;
  endTime?: string;
  status: 'InProgress' | 'Success' | 'Failed' | 'Cancelled' | string;
}

export interface EmbedToken {
  token: string;
  tokenId: string;
  expiration: string;
}

/** A scan of the admin scanner API (`getInfo`, `scanStatus`). */
export interface Scan {
  id: string;
  createdDateTime?: string;
  /** `NotStarted`, `Running`, `Succeeded`, `Failed`. */
  status: string;
  error?: { code?: string; message?: string };
}

/** One workspace of a scan result, with what getInfo was asked for. */
export interface ScannedWorkspace extends Group {
  state?: string;
  users?: GroupUser[];
  reports?: Report[];
  datasets?: (Dataset & { expressions?: { name: string; expression: string }[] })[];
}

/** A model of a capacity as the admin refreshables API lists it (`Refreshable`). */
export interface Refreshable {
  /** The model's id. */
  id: string;
  name?: string;
  kind?: string;
  /** The model's newest history entry, as `GET .../refreshes` lists it. */
  lastRefresh?: Refresh;
}

type List<T> = { value?: T[]; '@odata.count'?: number };

const G = '/v1.0/myorg/groups';
const A = '/v1.0/myorg/admin/workspaces';
const AC = '/v1.0/myorg/admin/capacities';

export interface PowerBiClient {
  readonly http: HttpClient;
  listGroups(filter?: string): Promise<Group[]>;
  /** How many workspaces this identity is a member of (`@odata.count`, one small page). */
  countGroups(): Promise<number>;
  createGroup(name: string): Promise<Group>;
  deleteGroup(groupId: string): Promise<void>;
  assignToCapacity(groupId: string, capacityId: string): Promise<void>;
  capacityAssignmentStatus(groupId: string): Promise<CapacityAssignmentStatus>;
  listCapacities(): Promise<Capacity[]>;
  listGroupUsers(groupId: string): Promise<GroupUser[]>;
  addGroupUser(groupId: string, user: { identifier: string; principalType: string; groupUserAccessRight: string; profile?: { id: string } }): Promise<void>;
  updateGroupUser(groupId: string, user: { identifier: string; principalType: string; groupUserAccessRight: string; profile?: { id: string } }): Promise<void>;
  listProfiles(): Promise<Profile[]>;
  createProfile(displayName: string): Promise<Profile>;
  deleteProfile(profileId: string): Promise<void>;
  listDatasets(groupId: string): Promise<Dataset[]>;
  deleteDataset(groupId: string, datasetId: string): Promise<void>;
  getParameters(groupId: string, datasetId: string): Promise<DatasetParameter[]>;
  takeOver(groupId: string, datasetId: string): Promise<void>;
  listDatasources(groupId: string, datasetId: string): Promise<Datasource[]>;
  /** Basic credentials on a cloud datasource (`encryptionAlgorithm: None`); never logged. */
  setBasicCredentials(gatewayId: string, datasourceId: string, credentials: { username: string; password: string }): Promise<void>;
  /** Starts a refresh; `requestId` is the id the history lists it under. */
  startRefresh(groupId: string, datasetId: string, enhanced?: { type?: string; commitMode?: string; retryCount?: number; timeout?: string }): Promise<{ requestId?: string }>;
  listRefreshes(groupId: string, datasetId: string, top?: number): Promise<Refresh[]>;
  getRefreshSchedule(groupId: string, datasetId: string): Promise<RefreshSchedule>;
  /** Changes only the fields given (PATCH). */
  updateRefreshSchedule(groupId: string, datasetId: string, change: Partial<RefreshSchedule>): Promise<void>;
  executeQuery(groupId: string, datasetId: string, dax: string): Promise<Record<string, unknown>[]>;
  listReports(groupId: string): Promise<Report[]>;
  cloneReport(groupId: string, reportId: string, body: { name: string; targetWorkspaceId: string; targetModelId: string }, resource?: string): Promise<Report>;
  rebindReport(groupId: string, reportId: string, datasetId: string, resource?: string): Promise<void>;
  updateReportContent(groupId: string, reportId: string, source: { reportId: string; workspaceId: string }, resource?: string): Promise<Report>;
  deleteReport(groupId: string, reportId: string, resource?: string): Promise<void>;
  generateReportToken(groupId: string, reportId: string): Promise<EmbedToken>;
  /** One embed token for several reports (multi-resource GenerateToken); changes nothing. */
  generateEmbedToken(resources: { reportIds: string[]; datasetIds: string[]; workspaceIds?: string[] }): Promise<EmbedToken>;
  listDataflows(groupId: string): Promise<Dataflow[]>;
  refreshDataflow(groupId: string, dataflowId: string): Promise<void>;
  listDataflowTransactions(groupId: string, dataflowId: string): Promise<DataflowTransaction[]>;
  /** Admin (the principal only): the ids of every workspace of the organisation, personal ones excluded. */
  listAllWorkspaceIds(): Promise<string[]>;
  /** Admin: starts a scan of 1 to 100 workspaces with their users, reports and models' M expressions. */
  startScan(workspaceIds: readonly string[]): Promise<Scan>;
  scanStatus(scanId: string): Promise<Scan>;
  scanResult(scanId: string): Promise<ScannedWorkspace[]>;
  /**
   * Admin: every refreshable of a capacity (models that refreshed or have a schedule), page after
   * page; `beforeNextPage` runs before each page after the first (each is a call of its budget).
   */
  listCapacityRefreshables(capacityId: string, options?: { pageSize?: number; beforeNextPage?: () => Promise<void> }): Promise<Refreshable[]>;
}

/** The refreshables API answers at most this many per page ("use $skip to fetch results beyond the first 1000"). */
export const REFRESHABLES_PAGE = 1000;

/** A model's scheduled refresh (`GET .../refreshSchedule`). */
export interface RefreshSchedule {
  enabled: boolean;
  days?: string[];
  times?: string[];
  localTimeZoneId?: string;
  NotifyOption?: string;
}

/** OData string literal: single quotes are doubled. */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function createPowerBiClient(http: HttpClient): PowerBiClient {
  const get = async <T>(path: string, call: string, query?: Record<string, string | number | undefined>) =>
    (await http.request<T>('GET', path, { call, query })).body;
  const list = async <T>(path: string, call: string, query?: Record<string, string | number | undefined>) => (await get<List<T>>(path, call, query))?.value ?? [];
  return {
    http,
    listGroups: (filter) => list<Group>(G, `${G}`, { $filter: filter }),
    async countGroups() {
      const body = await get<List<Group>>(G, G, { $top: 1 });
      return body?.['@odata.count'] ?? body?.value?.length ?? 0;
    },
    async createGroup(name) {
      return (await http.request<Group>('POST', G, { query: { workspaceV2: 'True' }, body: { name }, call: `${G}` })).body;
    },
    async deleteGroup(groupId) {
      await http.request('DELETE', `${G}/${groupId}`, { call: `${G}/{groupId}` });
    },
    async assignToCapacity(groupId, capacityId) {
      // Assigning the same capacity again changes nothing: safe to repeat.
      await http.request('POST', `${G}/${groupId}/AssignToCapacity`, { body: { capacityId }, call: `${G}/{groupId}/AssignToCapacity`, idempotent: true });
    },
    capacityAssignmentStatus: (groupId) => get(`${G}/${groupId}/CapacityAssignmentStatus`, `${G}/{groupId}/CapacityAssignmentStatus`),
    listCapacities: () => list<Capacity>('/v1.0/myorg/capacities', '/v1.0/myorg/capacities'),
    listGroupUsers: (groupId) => list<GroupUser>(`${G}/${groupId}/users`, `${G}/{groupId}/users`),
    async addGroupUser(groupId, user) {
      await http.request('POST', `${G}/${groupId}/users`, { body: user, call: `${G}/{groupId}/users` });
    },
    async updateGroupUser(groupId, user) {
      await http.request('PUT', `${G}/${groupId}/users`, { body: user, call: `${G}/{groupId}/users` });
    },
    listProfiles: () => list<Profile>('/v1.0/myorg/profiles', '/v1.0/myorg/profiles'),
    async createProfile(displayName) {
      return (await http.request<Profile>('POST', '/v1.0/myorg/profiles', { body: { displayName }, call: '/v1.0/myorg/profiles' })).body;
    },
    async deleteProfile(profileId) {
      await http.request('DELETE', `/v1.0/myorg/profiles/${profileId}`, { call: '/v1.0/myorg/profiles/{profileId}' });
    },
    listDatasets: (groupId) => list<Dataset>(`${G}/${groupId}/datasets`, `${G}/{groupId}/datasets`),
    async deleteDataset(groupId, datasetId) {
      await http.request('DELETE', `${G}/${groupId}/datasets/${datasetId}`, { call: `${G}/{groupId}/datasets/{datasetId}` });
    },
    getParameters: (groupId, datasetId) => list<DatasetParameter>(`${G}/${groupId}/datasets/${datasetId}/parameters`, `${G}/{groupId}/datasets/{datasetId}/parameters`),
    async takeOver(groupId, datasetId) {
      await http.request('POST', `${G}/${groupId}/datasets/${datasetId}/Default.TakeOver`, { call: `${G}/{groupId}/datasets/{datasetId}/Default.TakeOver` });
    },
    listDatasources: (groupId, datasetId) => list<Datasource>(`${G}/${groupId}/datasets/${datasetId}/datasources`, `${G}/{groupId}/datasets/{datasetId}/datasources`),
    async setBasicCredentials(gatewayId, datasourceId, { username, password }) {
      await http.request('PATCH', `/v1.0/myorg/gateways/${gatewayId}/datasources/${datasourceId}`, {
        call: '/v1.0/myorg/gateways/{gatewayId}/datasources/{datasourceId}',
        // Setting the same credentials twice is harmless.
        idempotent: true,
        body: {
          credentialDetails: {
            credentialType: 'Basic',
            // The service wants the credential list as a JSON *string*.
            credentials: JSON.stringify({ credentialData: [{ name: 'username', value: username }, { name: 'password', value: password }] }),
            encryptedConnection: 'Encrypted',
            encryptionAlgorithm: 'None',
            privacyLevel: 'Organizational',
          },
        },
      });
    },
    async startRefresh(groupId, datasetId, enhanced) {
      const res = await http.request('POST', `${G}/${groupId}/datasets/${datasetId}/refreshes`, {
        call: `${G}/{groupId}/datasets/{datasetId}/refreshes`,
        body: enhanced ?? { notifyOption: 'NoNotification' },
        expect: [202],
      });
      // Enhanced refreshes name themselves in x-ms-request-id; a plain one is listed under the
      // RequestId of the call that started it.
      return { requestId: res.headers['x-ms-request-id'] ?? res.headers.requestid ?? res.requestId };
    },
    listRefreshes: (groupId, datasetId, top) => list<Refresh>(`${G}/${groupId}/datasets/${datasetId}/refreshes`, `${G}/{groupId}/datasets/{datasetId}/refreshes`, { $top: top }),
    getRefreshSchedule: async (groupId, datasetId) => (await get<RefreshSchedule>(`${G}/${groupId}/datasets/${datasetId}/refreshSchedule`, `${G}/{groupId}/datasets/{datasetId}/refreshSchedule`))!,
    async updateRefreshSchedule(groupId, datasetId, change) {
      await http.request('PATCH', `${G}/${groupId}/datasets/${datasetId}/refreshSchedule`, { call: `${G}/{groupId}/datasets/{datasetId}/refreshSchedule`, body: { value: change } });
    },
    async executeQuery(groupId, datasetId, dax) {
      const res = await http.request<{ results?: { tables?: { rows?: Record<string, unknown>[] }[] }[] }>('POST', `${G}/${groupId}/datasets/${datasetId}/executeQueries`, {
        call: `${G}/{groupId}/datasets/{datasetId}/executeQueries`,
        body: { queries: [{ query: dax }], serializerSettings: { includeNulls: true } },
        // A query reads; repeating it changes nothing.
        idempotent: true,
      });
      return res.body?.results?.[0]?.tables?.[0]?.rows ?? [];
    },
    listReports: (groupId) => list<Report>(`${G}/${groupId}/reports`, `${G}/{groupId}/reports`),
    async cloneReport(groupId, reportId, body, resource) {
      return (await http.request<Report>('POST', `${G}/${groupId}/reports/${reportId}/Clone`, { body, call: `${G}/{groupId}/reports/{reportId}/Clone`, resource })).body;
    },
    async rebindReport(groupId, reportId, datasetId, resource) {
      await http.request('POST', `${G}/${groupId}/reports/${reportId}/Rebind`, { body: { datasetId }, call: `${G}/{groupId}/reports/{reportId}/Rebind`, resource, idempotent: true });
    },
    async updateReportContent(groupId, reportId, source, resource) {
      const res = await http.request<Report>('POST', `${G}/${groupId}/reports/${reportId}/UpdateReportContent`, {
        body: { sourceReport: { sourceReportId: source.reportId, sourceWorkspaceId: source.workspaceId }, sourceType: 'ExistingReport' },
        call: `${G}/{groupId}/reports/{reportId}/UpdateReportContent`,
        resource,
        // Replacing content with the same content again is harmless.
        idempotent: true,
      });
      return res.body;
    },
    async deleteReport(groupId, reportId, resource) {
      await http.request('DELETE', `${G}/${groupId}/reports/${reportId}`, { call: `${G}/{groupId}/reports/{reportId}`, resource });
    },
    async generateReportToken(groupId, reportId) {
      return (await http.request<EmbedToken>('POST', `${G}/${groupId}/reports/${reportId}/GenerateToken`, {
        body: { accessLevel: 'View' },
        call: `${G}/{groupId}/reports/{reportId}/GenerateToken`,
        idempotent: true,
      })).body;
    },
    async generateEmbedToken({ reportIds, datasetIds, workspaceIds }) {
      return (await http.request<EmbedToken>('POST', '/v1.0/myorg/GenerateToken', {
        body: { datasets: datasetIds.map((id) => ({ id })), reports: reportIds.map((id) => ({ id })), targetWorkspaces: (workspaceIds ?? []).map((id) => ({ id })) },
        call: '/v1.0/myorg/GenerateToken',
        idempotent: true,
      })).body;
    },
    listDataflows: (groupId) => list<Dataflow>(`${G}/${groupId}/dataflows`, `${G}/{groupId}/dataflows`),
    async refreshDataflow(groupId, dataflowId) {
      await http.request('POST', `${G}/${groupId}/dataflows/${dataflowId}/refreshes`, { body: { notifyOption: 'NoNotification' }, call: `${G}/{groupId}/dataflows/{dataflowId}/refreshes` });
    },
    listDataflowTransactions: (groupId, dataflowId) =>
      list<DataflowTransaction>(`${G}/${groupId}/dataflows/${dataflowId}/transactions`, `${G}/{groupId}/dataflows/{dataflowId}/transactions`),
    async listAllWorkspaceIds() {
      const body = await get<{ id: string }[]>(`${A}/modified`, `${A}/modified`, { excludePersonalWorkspaces: 'True' });
      return (body ?? []).map((w) => w.id);
    },
    async startScan(workspaceIds) {
      return (await http.request<Scan>('POST', `${A}/getInfo`, {
        call: `${A}/getInfo`,
        query: { getArtifactUsers: 'True', datasetExpressions: 'True' },
        body: { workspaces: workspaceIds },
        expect: [202],
        // Starting a scan changes nothing; a repeated start is only a second scan.
        idempotent: true,
      })).body;
    },
    scanStatus: async (scanId) => (await get<Scan>(`${A}/scanStatus/${scanId}`, `${A}/scanStatus/{scanId}`))!,
    scanResult: async (scanId) => (await get<{ workspaces?: ScannedWorkspace[] }>(`${A}/scanResult/${scanId}`, `${A}/scanResult/{scanId}`))?.workspaces ?? [],
    async listCapacityRefreshables(capacityId, options = {}) {
      const top = Math.min(options.pageSize ?? REFRESHABLES_PAGE, REFRESHABLES_PAGE);
      const all: Refreshable[] = [];
      for (let skip = 0; ; skip += top) {
        if (skip) await options.beforeNextPage?.();
        const page = await list<Refreshable>(`${AC}/${capacityId}/refreshables`, `${AC}/{capacityId}/refreshables`, { $top: top, ...(skip ? { $skip: skip } : {}) });
        all.push(...page);
        if (page.length < top) return all;
      }
    },
  };
}
