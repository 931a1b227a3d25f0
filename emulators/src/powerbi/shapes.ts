// World objects in Power BI's wire shapes. Field names follow what the live service sends
// (camelCase, with its odd `ContentProviderType`), not the swagger's PascalCase property
// names (`CreatedDate`, `IsRefreshable`), which no real response uses.

import type { Datasource, Item, Member, Profile, RefreshRecord, World, Workspace } from '../world/index.ts';

const APP = 'https://app.powerbi.com';

export function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** `@odata.context` as the service writes it (the swagger's `odata.context` is wrong). */
export function odataContext(origin: string, groupId: string | undefined, entitySet: string): string {
  return `${origin}/v1.0/myorg/${groupId ? `groups/${groupId}/` : ''}$metadata#${entitySet}`;
}

export function list<T>(origin: string, groupId: string | undefined, entitySet: string, value: T[]): { '@odata.context': string; value: T[] } {
  return { '@odata.context': odataContext(origin, groupId, entitySet), value };
}

export function groupShape(world: World, ws: Workspace): Record<string, unknown> {
  const dedicated = world.isOnDedicatedCapacity(ws);
  return {
    id: ws.id,
    isReadOnly: false,
    isOnDedicatedCapacity: dedicated,
    ...(ws.capacityId ? { capacityId: ws.capacityId.toUpperCase() } : {}),
    defaultDatasetStorageFormat: dedicated ? 'Large' : 'Small',
    type: 'Workspace',
    name: ws.displayName,
  };
}

export function groupUserShape(world: World, m: Member): Record<string, unknown> {
  const base: Record<string, unknown> = {
    groupUserAccessRight: m.accessRight, displayName: m.displayName ?? m.identifier, identifier: m.identifier, principalType: m.principalType,
  };
  if (m.emailAddress) base.emailAddress = m.emailAddress;
  if (m.principalType === 'App') {
    base.graphId = m.identifier;
    if (m.profileId) {
      const profile = world.state.profiles.get(m.profileId);
      base.profile = { id: m.profileId, displayName: profile?.displayName };
    }
  }
  return base;
}

export function profileShape(p: Profile): Record<string, unknown> {
  return { id: p.id, displayName: p.displayName };
}

export function datasetShape(world: World, item: Item): Record<string, unknown> {
  const sm = item.semanticModel;
  const gateway = sm?.datasource ? world.state.gateways.get(sm.datasource.gatewayId) : undefined;
  return {
    id: item.id,
    name: item.displayName,
    ...(item.description ? { description: item.description } : {}),
    webUrl: `${APP}/groups/${item.workspaceId}/datasets/${item.id}`,
    addRowsAPIEnabled: false,
    configuredBy: sm ? world.actorName(sm.owner) : undefined,
    isRefreshable: true,
    isEffectiveIdentityRequired: false,
    isEffectiveIdentityRolesRequired: false,
    isOnPremGatewayRequired: gateway?.type === 'Resource',
    targetStorageMode: 'Abf',
    createdDate: iso(item.createdAt),
    ContentProviderType: 'PbixInImportMode',
    createReportEmbedURL: `${APP}/reportEmbed?datasetId=${item.id}&groupId=${item.workspaceId}`,
    qnaEmbedURL: `${APP}/qnaEmbed?datasetId=${item.id}&groupId=${item.workspaceId}`,
    upstreamDatasets: [],
    users: [],
  };
}

export function reportShape(item: Item): Record<string, unknown> {
  return {
    id: item.id,
    reportType: 'PowerBIReport',
    name: item.displayName,
    webUrl: `${APP}/groups/${item.workspaceId}/reports/${item.id}`,
    embedUrl: `${APP}/reportEmbed?reportId=${item.id}&groupId=${item.workspaceId}`,
    isFromPbix: true,
    isOwnedByMe: true,
    ...(item.report?.datasetId ? { datasetId: item.report.datasetId } : {}),
    ...(item.description ? { description: item.description } : {}),
    users: [],
    subscriptions: [],
  };
}

export function datasourceShape(ds: Datasource): Record<string, unknown> {
  return {
    datasourceType: ds.datasourceType,
    connectionDetails: { server: ds.server, database: ds.database },
    datasourceId: ds.datasourceId,
    gatewayId: ds.gatewayId,
  };
}

/** A history entry (`GET .../refreshes`). */
export function refreshShape(r: RefreshRecord): Record<string, unknown> {
  const attempt = r.endTime === undefined ? undefined : {
    attemptId: 1, startTime: iso(r.startTime), endTime: iso(r.endTime), type: 'Data',
    ...(r.serviceExceptionJson ? { serviceExceptionJson: r.serviceExceptionJson } : {}),
  };
  return {
    requestId: r.requestId,
    id: r.id,
    refreshType: r.refreshType,
    startTime: iso(r.startTime),
    ...(r.endTime !== undefined ? { endTime: iso(r.endTime) } : {}),
    ...(r.serviceExceptionJson ? { serviceExceptionJson: r.serviceExceptionJson } : {}),
    status: r.status,
    ...(r.enhanced ? { extendedStatus: extendedStatusOf(r) } : {}),
    ...(attempt ? { refreshAttempts: [attempt] } : {}),
  };
}

function extendedStatusOf(r: RefreshRecord): string {
  if (r.status === 'Unknown') return 'InProgress';
  return r.status === 'Cancelled' ? 'Cancelled' : r.status;
}

/** Enhanced refresh details (`GET .../refreshes/{requestId}`). */
export function refreshDetailShape(r: RefreshRecord): Record<string, unknown> {
  const e = r.enhanced ?? {};
  const objects = (r.objects ?? e.objects?.map((o) => ({ table: o.table, partition: o.partition ?? o.table, status: 'NotStarted' })) ?? [])
    .map((o) => ({ table: o.table, partition: o.partition ?? o.table, status: r.status === 'Unknown' ? 'InProgress' : o.status }));
  const failure = r.serviceExceptionJson ? (JSON.parse(r.serviceExceptionJson) as { errorCode?: string; errorDescription?: string }) : undefined;
  return {
    startTime: iso(r.startTime),
    ...(r.endTime !== undefined ? { endTime: iso(r.endTime) } : {}),
    type: e.type ?? 'Full',
    commitMode: e.commitMode ?? 'Transactional',
    status: r.status === 'Cancelled' ? 'Completed' : r.status,
    extendedStatus: extendedStatusOf(r),
    currentRefreshType: e.type ?? 'Full',
    numberOfAttempts: 1,
    objects,
    ...(failure ? { messages: [{ code: failure.errorCode, message: failure.errorDescription, type: 'Error' }] } : {}),
  };
}
