// A Fabric item the tenant file asks for (a lakehouse, a warehouse) in the tenant's workspace,
// created through the Fabric API and its long-running operation. Fabric keeps item names unique
// per type in a workspace, so a re-run finds an item a dead run created by its name; the registry
// keeps its id. Where the workspace is and which client to use are handed in by the caller.
import { diffFields, type Resource, type ResourceContext } from '../plan/index.ts';
import { createOrRediscover } from './adopt.ts';
import type { FabricClient, FabricItemType } from './client.ts';

export interface FabricItemDesired {
  name: string;
  type: FabricItemType;
}

export interface FabricItemActual extends FabricItemDesired {
  id: string;
}

export interface FabricItemResourceOptions {
  key: string;
  desired: FabricItemDesired | undefined;
  type: FabricItemType;
  dependsOn: string[];
  /** The tenant's workspace id, or undefined when it does not exist yet. */
  workspaceId(ctx: ResourceContext): Promise<string | undefined>;
  /** The id the registry records for this item, if any. */
  recordedId(ctx: ResourceContext): Promise<string | undefined>;
  fabric(ctx: ResourceContext): FabricClient;
}

export function fabricItemResource(o: FabricItemResourceOptions): Resource<FabricItemDesired, FabricItemActual> {
  const name = o.desired?.name;
  const find = async (ctx: ResourceContext, workspaceId: string) => {
    const items = await o.fabric(ctx).listItems(workspaceId, o.type);
    const id = await o.recordedId(ctx);
    const found = (id && items.find((i) => i.id.toLowerCase() === id.toLowerCase())) || items.find((i) => i.displayName === name);
    return found && { id: found.id, name: found.displayName, type: o.type };
  };
  return {
    key: o.key,
    kind: `fabric.${o.type.toLowerCase()}`,
    dependsOn: o.dependsOn,
    desired: o.desired,
    async read(ctx) {
      const ws = await o.workspaceId(ctx);
      return ws ? find(ctx, ws) : undefined;
    },
    diff: (d, a) => {
      const change = diffFields(d, a, { summary: { create: `create ${o.type} ${name}`, delete: `delete ${o.type} ${a?.name}` } });
      if (change?.action === 'delete') Object.assign(change, { destroysData: true, reason: `deleting the ${o.type} deletes the data in it` });
      return change;
    },
    async apply(ctx, change, actual) {
      const ws = await o.workspaceId(ctx);
      if (!ws) throw new Error(`tenant ${ctx.tenant}: ${o.key} needs the workspace first`);
      const fabric = o.fabric(ctx);
      if (change.action === 'delete') {
        await fabric.deleteItem(ws, o.type, actual!.id, o.key);
        return undefined;
      }
      if (actual) return actual;
      // Timed out, lost, or "name in use" by our own earlier attempt: look before failing.
      const item = await createOrRediscover(
        async () => {
          const created = await fabric.createItem(ws, o.type, { displayName: o.desired!.name }, o.key);
          return { id: created.id, name: created.displayName, type: o.type };
        },
        () => find(ctx, ws),
      );
      ctx.log.info(`${ctx.tenant}: ${o.type} ${item.name} (${item.id}) ready`);
      return item;
    },
  };
}
