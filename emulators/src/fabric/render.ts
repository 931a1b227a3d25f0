// Workspaces and items in Fabric's wire shapes, as the trace shows them: key order
// `id, type, displayName, description, workspaceId, folderId?, properties?, sensitivityLabel?`;
// the tenant's default sensitivity label on reads but not on create answers (#1860 vs #3213);
// typed reads add per-type `properties`. Endpoints the sandbox does not serve (OneLake, SQL,
// Kusto) are written under the reserved `.invalid` domain so nothing ever calls out.

import type { Item, Workspace, World } from '../world/index.ts';
import { serviceTime, serviceTimeZ, type FabricContext, type ItemExtras } from './context.ts';

const SANDBOX_DOMAIN = 'fabric.sandbox.invalid';
/** Power BI content: labelled as soon as it is created. */
const POWER_BI_TYPES = new Set(['SemanticModel', 'Report']);

export function renderWorkspace(ctx: FabricContext, ws: Workspace, detailed: boolean): Record<string, unknown> {
  const capacity = ws.capacityId ? ctx.world.listCapacities().find((c) => c.id === ws.capacityId) : undefined;
  const out: Record<string, unknown> = { id: ws.id, displayName: ws.displayName, description: ws.description, type: 'Workspace' };
  if (capacity) {
    out.capacityId = capacity.id;
    out.capacityRegion = capacity.region;
  }
  if (!detailed) return out;
  out.oneLakeEndpoints = { blobEndpoint: `https://onelake.blob.${SANDBOX_DOMAIN}`, dfsEndpoint: `https://onelake.dfs.${SANDBOX_DOMAIN}` };
  if (capacity) out.capacityAssignmentProgress = assignmentProgress(ctx.world, ws);
  return out;
}

/** Power BI's assignment states in Fabric's vocabulary (CapacityAssignmentProgress). */
function assignmentProgress(world: World, ws: Workspace): 'Completed' | 'InProgress' | 'Failed' {
  const status = world.capacityAssignment(ws).status;
  return status === 'CompletedSuccessfully' ? 'Completed' : status === 'AssignmentFailed' ? 'Failed' : 'InProgress';
}

export interface RenderOptions {
  /**
   * Reads carry the tenant's default label. Create answers do not (#1860), and neither do
   * operation results, except a semantic model's or report's (#6877, #7062, #7127): `'result'`.
   */
  label?: boolean | 'result';
  /** Typed reads carry per-type `properties`. */
  properties?: boolean;
}

export function renderItem(ctx: FabricContext, item: Item, options: RenderOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: item.id, type: item.type, displayName: item.displayName, description: item.description, workspaceId: item.workspaceId,
  };
  if (item.folderId) out.folderId = item.folderId;
  if (options.properties) {
    const props = propertiesOf(ctx, item);
    if (props) out.properties = props;
  }
  const labelled = options.label === 'result' ? POWER_BI_TYPES.has(item.type) : options.label;
  if (labelled && ctx.sensitivityLabelId) out.sensitivityLabel = { id: ctx.sensitivityLabelId };
  return out;
}

function propertiesOf(ctx: FabricContext, item: Item): Record<string, unknown> | undefined {
  const extras: ItemExtras = ctx.extras.get(item.id) ?? { createdAt: item.createdAt };
  const now = ctx.clock.now();
  const host = hostSlug(item.workspaceId);
  switch (item.type) {
    case 'Lakehouse': {
      const props: Record<string, unknown> = {
        oneLakeTablesPath: `https://onelake.dfs.${SANDBOX_DOMAIN}/${item.workspaceId}/${item.id}/Tables`,
        oneLakeFilesPath: `https://onelake.dfs.${SANDBOX_DOMAIN}/${item.workspaceId}/${item.id}/Files`,
        sqlEndpointProperties: sqlEndpoint(extras, now, host),
      };
      if (extras.creationPayload?.enableSchemas === true) props.defaultSchema = 'dbo';
      return props;
    }
    case 'MirroredDatabase':
      return { sqlEndpointProperties: sqlEndpoint(extras, now, host) };
    case 'Warehouse': {
      const cp = extras.creationPayload ?? {};
      const collation = String(cp.collationType ?? cp.defaultCollation ?? 'Latin1_General_100_BIN2_UTF8');
      const endpoint = `${host}.datawarehouse.${SANDBOX_DOMAIN}`;
      return {
        connectionInfo: endpoint, connectionString: endpoint, createdDate: serviceTime(item.createdAt),
        lastUpdatedTime: serviceTime(item.updatedAt), collationType: collation, creationMode: 'New',
      };
    }
    case 'SQLDatabase': {
      const server = `${host}.database.${SANDBOX_DOMAIN},1433`;
      const database = `${item.displayName}-${item.id}`;
      const connection = `Data Source=${server};Initial Catalog="${database}";Multiple Active Result Sets=False;Connect Timeout=30;Encrypt=True;Trust Server Certificate=False`;
      return { connectionInfo: connection, connectionString: connection, databaseName: database, serverFqdn: server, backupRetentionDays: 7, collation: 'SQL_Latin1_General_CP1_CI_AS' };
    }
    case 'Eventhouse': {
      const databases = ctx.world.state.items;
      const ids = [...databases.values()].filter((i) => i.type === 'KQLDatabase' && kqlParentOf(i) === item.id).map((i) => i.id);
      return { queryServiceUri: `https://trd-${host.slice(0, 18)}.kusto.${SANDBOX_DOMAIN}`, ingestionServiceUri: `https://ingest-trd-${host.slice(0, 18)}.kusto.${SANDBOX_DOMAIN}`, databasesItemIds: ids, minimumConsumptionUnits: 0 };
    }
    case 'KQLDatabase': {
      const parent = kqlParentOf(item);
      const slug = hostSlug(parent ?? item.id).slice(0, 18);
      return { parentEventhouseItemId: parent ?? null, queryServiceUri: `https://trd-${slug}.kusto.${SANDBOX_DOMAIN}`, ingestionServiceUri: `https://ingest-trd-${slug}.kusto.${SANDBOX_DOMAIN}`, databaseType: 'ReadWrite' };
    }
    case 'VariableLibrary':
      return { $type: 'VariableLibraryProperties', activeValueSetName: extras.activeValueSetName ?? 'Default value set' };
    case 'Environment':
      return extras.publish ? { publishDetails: publishDetails(extras.publish, now) } : undefined;
    default:
      return undefined;
  }
}

function sqlEndpoint(extras: ItemExtras, now: number, host: string): Record<string, unknown> {
  const ready = extras.sqlEndpointId !== undefined && now >= (extras.sqlEndpointReadyAt ?? 0);
  return ready
    ? { connectionString: `${host}.datawarehouse.${SANDBOX_DOMAIN}`, id: extras.sqlEndpointId, provisioningStatus: 'Success' }
    : { connectionString: null, id: null, provisioningStatus: 'InProgress' };
}

function publishDetails(p: NonNullable<ItemExtras['publish']>, now: number): Record<string, unknown> {
  const done = now >= p.startedAt + p.durationMs;
  const state = done ? 'Success' : 'Running';
  return {
    state, targetVersion: p.targetVersion, startTime: serviceTimeZ(p.startedAt),
    // A finished publish adds its end time (trace #7686).
    ...(done ? { endTime: serviceTimeZ(p.startedAt + p.durationMs) } : {}),
    componentPublishInfo: { sparkLibraries: { state }, sparkSettings: { state: 'Success' } },
  };
}

/** A KQL database's eventhouse, from its definition's DatabaseProperties.json. */
function kqlParentOf(item: Item): string | undefined {
  const part = item.definition?.parts.find((p) => p.path.toLowerCase() === 'databaseproperties.json');
  if (!part) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(part.payload, 'base64').toString('utf8')) as { parentEventhouseItemId?: unknown };
    return typeof parsed.parentEventhouseItemId === 'string' ? parsed.parentEventhouseItemId.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** A stable host label from an id, shaped like the service's base32 ones. */
function hostSlug(id: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
