// The Fabric REST calls tenantops makes (`/v1/...`): items of a workspace, typed item creation
// with definitions (semantic models, lakehouses, warehouses) through long-running operations,
// definition updates, deletes. Fabric item APIs take no Power BI profile: the principal calls them.
import { RemoteApiError } from '../errors/index.ts';
import type { HttpClient } from '../http/index.ts';
import { awaitOperation, type LroOptions } from './lro.ts';

export interface FabricItem {
  id: string;
  displayName: string;
  type: string;
  workspaceId: string;
  description?: string;
}

export interface DefinitionPart {
  path: string;
  payload: string;
  payloadType: 'InlineBase64';
}

export interface ItemDefinition {
  format?: string;
  parts: DefinitionPart[];
}

/** The typed collection of each item type tenantops creates. */
export const ITEM_COLLECTIONS = {
  SemanticModel: 'semanticModels',
  Lakehouse: 'lakehouses',
  Warehouse: 'warehouses',
} as const;
export type FabricItemType = keyof typeof ITEM_COLLECTIONS;

export interface FabricClientOptions {
  /** Polling of long-running operations: sleep, clock, timeout. */
  lro: Omit<LroOptions, 'what' | 'resource' | 'onStarted' | 'tenant' | 'step'>;
  /** Tenant and step, for the errors of long-running operations (the HTTP client names them in its own). */
  context?: { tenant?: string; step?: string };
}

export interface FabricClient {
  readonly http: HttpClient;
  /** Every item of the workspace (optionally of one type), following continuation tokens. */
  listItems(workspaceId: string, type?: FabricItemType): Promise<FabricItem[]>;
  createItem(workspaceId: string, type: FabricItemType, body: { displayName: string; description?: string; definition?: ItemDefinition }, resource?: string): Promise<FabricItem>;
  updateDefinition(workspaceId: string, type: FabricItemType, itemId: string, definition: ItemDefinition, resource?: string): Promise<void>;
  getDefinition(workspaceId: string, type: FabricItemType, itemId: string, resource?: string): Promise<ItemDefinition | undefined>;
  deleteItem(workspaceId: string, type: FabricItemType, itemId: string, resource?: string): Promise<void>;
}

export function createFabricClient(http: HttpClient, options: FabricClientOptions): FabricClient {
  const lro = (what: string, resource?: string): LroOptions => ({ ...options.lro, ...options.context, what, resource });
  return {
    http,
    async listItems(workspaceId, type) {
      const out: FabricItem[] = [];
      let continuationToken: string | undefined;
      do {
        const res = await http.request<{ value?: FabricItem[]; continuationToken?: string }>('GET', `/v1/workspaces/${workspaceId}/items`, {
          query: { type, continuationToken },
          call: '/v1/workspaces/{workspaceId}/items',
        });
        out.push(...(res.body?.value ?? []));
        continuationToken = res.body?.continuationToken || undefined;
      } while (continuationToken);
      return out;
    },
    async createItem(workspaceId, type, body, resource) {
      const collection = ITEM_COLLECTIONS[type];
      const call = `/v1/workspaces/{workspaceId}/${collection}`;
      const first = await http.request('POST', `/v1/workspaces/${workspaceId}/${collection}`, { body, call, resource, expect: [201, 202] });
      const item = await awaitOperation<FabricItem>(http, first, lro(`create ${type} "${body.displayName}"`, resource));
      if (!item?.id) throw new RemoteApiError({ service: http.service, call, status: first.status, requestId: first.requestId, resource }, 'the operation finished without the created item');
      return item;
    },
    async updateDefinition(workspaceId, type, itemId, definition, resource) {
      const collection = ITEM_COLLECTIONS[type];
      const first = await http.request('POST', `/v1/workspaces/${workspaceId}/${collection}/${itemId}/updateDefinition`, {
        body: { definition },
        call: `/v1/workspaces/{workspaceId}/${collection}/{id}/updateDefinition`,
        resource,
        expect: [200, 202],
        // Replacing a definition with the same definition is harmless: safe to repeat after a lost answer.
        idempotent: true,
      });
      await awaitOperation(http, first, lro(`update the definition of ${type} ${itemId}`, resource));
    },
    async getDefinition(workspaceId, type, itemId, resource) {
      const collection = ITEM_COLLECTIONS[type];
      const first = await http.request('POST', `/v1/workspaces/${workspaceId}/${collection}/${itemId}/getDefinition`, {
        call: `/v1/workspaces/{workspaceId}/${collection}/{id}/getDefinition`,
        resource,
        expect: [200, 202],
        idempotent: true,
      });
      const result = await awaitOperation<{ definition?: ItemDefinition }>(http, first, lro(`read the definition of ${type} ${itemId}`, resource));
      return result?.definition;
    },
    async deleteItem(workspaceId, type, itemId, resource) {
      const collection = ITEM_COLLECTIONS[type];
      await http.request('DELETE', `/v1/workspaces/${workspaceId}/${collection}/${itemId}`, { call: `/v1/workspaces/{workspaceId}/${collection}/{id}`, resource });
    },
  };
}

/** Fabric refuses a second live item of the same type and name in a workspace. */
export function isNameInUse(err: unknown): boolean {
  return err instanceof RemoteApiError && (err.details.code === 'ItemDisplayNameAlreadyInUse' || err.details.code === 'ItemDisplayNameNotAvailableYet');
}
