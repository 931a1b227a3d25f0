// Who may use the tenant's workspace besides its profile: the platform's principal (Fabric item
// APIs take no profile, so the principal creates the semantic model there) and the platform's
// admin group. Each workspace the principal joins counts against its limit of 1,000; the count is
// checked before it joins another one, with a message that says what to do.
import { EnvironmentError, InternalError, RemoteApiError } from '../errors/index.ts';
import { diffFields, type Resource } from '../plan/index.ts';
import type { GroupUser } from './client.ts';
import { KEYS, tenantView, type ViewNames } from './view.ts';

/** Workspaces one service principal (or profile) may be a member of. */
export const WORKSPACES_PER_PRINCIPAL = 1000;

export interface AccessDesired {
  /** `principal` (the platform's), `group:<object id>` → access right. */
  members: Record<string, 'Admin' | 'Member' | 'Contributor' | 'Viewer'>;
}

export function accessResource(names: ViewNames, desired: AccessDesired | undefined): Resource<AccessDesired, AccessDesired> {
  return {
    key: KEYS.access,
    kind: 'powerbi.access',
    dependsOn: [KEYS.workspace],
    desired,
    async read(ctx) {
      const view = tenantView(ctx, names);
      if (!(await view.workspace())) return undefined;
      const users = await view.users();
      const oid = desired?.members.principal ? await view.pbi.principalObjectId() : undefined;
      const clientId = view.host.platform.credentialProfiles[view.host.platform.powerbi.credentialProfile]?.clientId;
      const members: AccessDesired['members'] = {};
      for (const u of users) {
        const key = memberKey(u, [oid, clientId]);
        if (key && desired?.members[key]) members[key] = u.groupUserAccessRight as AccessDesired['members'][string];
      }
      return { members };
    },
    // Members we do not manage are left alone; access goes with the workspace (only the record goes).
    diff: (d, a) => (d === undefined ? a && { action: 'delete', fields: [], summary: `forget the access to ${names.workspace} (it goes with the workspace)` } : diffFields<object>(d, a, { summary: { create: `grant workspace access (${Object.keys(d.members).join(', ')})`, update: 'fix workspace access' } })),
    async apply(ctx, change, actual) {
      if (change.action === 'delete') return undefined;
      const view = tenantView(ctx, names);
      const client = await view.client(KEYS.access);
      const ws = await view.workspace();
      if (!client || !ws) throw new InternalError(`tenant ${ctx.tenant}: workspace access needs the workspace first`);
      const have = actual?.members ?? {};
      for (const [key, right] of Object.entries(desired!.members)) {
        if (have[key] === right) continue;
        const user = key === 'principal'
          ? { identifier: await view.pbi.principalObjectId(), principalType: 'App', groupUserAccessRight: right }
          : { identifier: key.slice('group:'.length), principalType: 'Group', groupUserAccessRight: right };
        if (have[key]) {
          await client.updateGroupUser(ws.id, user);
          continue;
        }
        if (key === 'principal') await checkWorkspaceBudget(ctx.tenant, view.pbi);
        try {
          await client.addGroupUser(ws.id, user);
        } catch (err) {
          // Added by a run whose answer was lost: set the right instead.
          if (!(err instanceof RemoteApiError && /AlreadyExists|already/i.test(`${err.details.code} ${err.message}`))) throw err;
          await client.updateGroupUser(ws.id, user);
        }
      }
      return { members: { ...desired!.members } };
    },
  };
}

function memberKey(u: GroupUser, principalIds: (string | undefined)[]): string | undefined {
  if (u.principalType === 'Group') return `group:${u.identifier.toLowerCase()}`;
  if (u.principalType === 'App' && !u.profile && principalIds.some((id) => id && id.toLowerCase() === u.identifier.toLowerCase())) return 'principal';
  return undefined;
}

/** Refuses before the principal joins its 1,000th workspace; warns from 90 %. */
async function checkWorkspaceBudget(tenant: string, pbi: import('./services.ts').PowerBiServices): Promise<void> {
  const count = await pbi.principal({ tenant, step: KEYS.access }).countGroups();
  if (count >= WORKSPACES_PER_PRINCIPAL) {
    throw new EnvironmentError(
      `tenant ${tenant}: the principal of credential profile "${pbi.platform.powerbi.credentialProfile}" is already a member of ${count} workspaces, Power BI's limit is ${WORKSPACES_PER_PRINCIPAL}; allowed: point powerbi.credentialProfile at another app registration for new tenants`,
    );
  }
  if (count >= WORKSPACES_PER_PRINCIPAL * 0.9) pbi.log.warn(`the principal is a member of ${count} of ${WORKSPACES_PER_PRINCIPAL} workspaces`);
}
