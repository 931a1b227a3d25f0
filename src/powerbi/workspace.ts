// The tenant's workspace, created by the tenant's profile (so only that profile, the platform's
// principal and the admin group can see it), then moved to its capacity and opened to the admin
// group. A workspace is adopted only when the registry records it as ours (see view.ts).
import { EnvironmentError, InternalError } from '../errors/index.ts';
import { diffFields, type Resource } from '../plan/index.ts';
import type { Group } from './client.ts';
import { createOrRediscover } from '../fabric/index.ts';
import { ignoreNotFound } from './profile.ts';
import { KEYS, tenantView, type ViewNames } from './view.ts';

export interface WorkspaceDesired {
  name: string;
}

export interface WorkspaceActual {
  id: string;
  name: string;
}

export function workspaceResource(names: ViewNames, desired: WorkspaceDesired | undefined, dependsOn: string[]): Resource<WorkspaceDesired, WorkspaceActual> {
  return {
    key: KEYS.workspace,
    kind: 'powerbi.workspace',
    dependsOn,
    desired,
    async read(ctx) {
      const ws = await tenantView(ctx, names).workspace();
      return ws && { id: ws.id, name: ws.name };
    },
    // An unchanged workspace: the apply pass's capacity, access, model and reports need only its id
    // (each reads capacity and membership from its own planned actual), so they need not list the
    // tenant's workspaces again. The id is what the plan read, or the re-read under the tenant's lock.
    prime(ctx, actual) {
      tenantView(ctx, names).setWorkspace({ id: actual.id, name: actual.name });
    },
    diff(d, a) {
      const change = diffFields<object>(d, a, { summary: { create: `create workspace ${names.workspace}`, update: `rename workspace to ${names.workspace}`, delete: `delete workspace ${names.workspace} and everything in it` } });
      if (change?.action === 'delete') Object.assign(change, { destroysData: true, reason: 'deleting the workspace deletes the semantic model, its loaded data and every report in it' });
      return change;
    },
    async apply(ctx, change, actual) {
      const view = tenantView(ctx, names);
      const client = await view.client(KEYS.workspace);
      if (!client) throw new InternalError(`tenant ${ctx.tenant}: the workspace needs the tenant's profile first`);
      if (change.action === 'delete') {
        await ignoreNotFound(() => client.deleteGroup(actual!.id));
        view.setWorkspace(undefined);
        return undefined;
      }
      if (actual) {
        // Only the name can differ; renaming is left to a person (links and bookmarks use it).
        throw new EnvironmentError(`tenant ${ctx.tenant}: workspace ${actual.id} is named "${actual.name}", the naming rule says "${names.workspace}"; rename it in Power BI`);
      }
      const created: Group = await createOrRediscover(
        () => client.createGroup(names.workspace),
        async () => (await client.listGroups()).find((g) => g.name.toLowerCase() === names.workspace.toLowerCase()),
      );
      view.setWorkspace(created);
      ctx.log.info(`${ctx.tenant}: workspace ${created.name} (${created.id}) created`);
      return { id: created.id, name: created.name };
    },
  };
}
