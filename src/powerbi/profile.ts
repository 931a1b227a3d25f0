// The tenant's service principal profile: its own Power BI identity, so every call about the
// tenant acts as it (`X-PowerBI-Profile-Id`), it sees only its own workspaces, and data-source
// credentials are isolated per tenant. The principal creates it and lets it read the template
// workspace, which report clones are made from.
import { InternalError, RemoteApiError } from '../errors/index.ts';
import { diffFields, type Change, type Resource, type ResourceContext } from '../plan/index.ts';
import { createOrRediscover } from '../fabric/index.ts';
import type { PowerBiClient } from './client.ts';
import { KEYS, tenantView, type ViewNames } from './view.ts';

export interface ProfileDesired {
  name: string;
}

export interface ProfileActual {
  id: string;
  name: string;
}

export function profileResource(names: ViewNames, desired: ProfileDesired | undefined): Resource<ProfileDesired, ProfileActual> {
  return {
    key: KEYS.profile,
    kind: 'powerbi.profile',
    dependsOn: [],
    desired,
    async read(ctx) {
      const profile = await tenantView(ctx, names).profile();
      return profile && { id: profile.id, name: profile.name };
    },
    diff: (d, a) => diffFields<object>(d, a, { summary: { create: `create service principal profile ${names.profile}`, delete: `delete service principal profile ${names.profile}` } }),
    async apply(ctx: ResourceContext, change: Change, actual) {
      const view = tenantView(ctx, names);
      const pbi = view.pbi.principal({ tenant: ctx.tenant, step: KEYS.profile });
      if (change.action === 'delete') {
        await ignoreNotFound(() => pbi.deleteProfile(actual!.id));
        view.setProfile(undefined);
        return undefined;
      }
      const profile = actual ?? (await createOrAdopt(pbi, names.profile));
      view.setProfile(profile);
      ctx.log.info(`${ctx.tenant}: profile ${profile.name} (${profile.id}) ready`);
      return profile;
    },
  };
}

/**
 * The profile reads the template workspace (Viewer), which report clones are made from. Its own
 * resource, so granting it runs beside the workspace's creation, not before it.
 */
export function templateAccessResource(names: ViewNames, desired: { access: 'Viewer' } | undefined): Resource<{ access: 'Viewer' }, { access: 'Viewer' }> {
  return {
    key: KEYS.templateAccess,
    kind: 'powerbi.access',
    dependsOn: [KEYS.profile],
    desired,
    async read(ctx) {
      const view = tenantView(ctx, names);
      if (!(await view.profile())) return undefined;
      const template = view.host.platform.powerbi.templateWorkspace.toLowerCase();
      return (await view.groups()).some((g) => g.name.toLowerCase() === template) ? { access: 'Viewer' } : undefined;
    },
    // Goes with the profile: nothing to undo on its own.
    diff: (d, a) => (d ? diffFields<object>(d, a, { summary: { create: `let ${names.profile} read the template workspace` } }) : a && { action: 'delete', fields: [], summary: `forget ${names.profile}'s template access (it goes with the profile)` }),
    async apply(ctx, change) {
      if (change.action === 'delete') return undefined;
      const view = tenantView(ctx, names);
      const profile = await view.profile();
      if (!profile) throw new InternalError(`tenant ${ctx.tenant}: template access needs the profile first`);
      const pbi = view.pbi.principal({ tenant: ctx.tenant, step: KEYS.templateAccess });
      const [tpl, oid] = await Promise.all([view.pbi.templateWorkspace(), view.pbi.principalObjectId()]);
      try {
        await pbi.addGroupUser(tpl.id, { identifier: oid, principalType: 'App', groupUserAccessRight: 'Viewer', profile: { id: profile.id } });
      } catch (err) {
        // Already a member (a run that died after granting): the access we want is there.
        if (!(err instanceof RemoteApiError && err.details.status === 400 && /AlreadyExists|already/i.test(`${err.details.code} ${err.message}`))) throw err;
      }
      return { access: 'Viewer' };
    },
  };
}

// Profile names are unique per principal and derived from the tenant code: one of our name is ours.
async function createOrAdopt(pbi: PowerBiClient, name: string) {
  const profile = await createOrRediscover(
    () => pbi.createProfile(name),
    async () => (await pbi.listProfiles()).find((p) => p.displayName.toLowerCase() === name.toLowerCase()),
  );
  return { id: profile.id, name: profile.displayName };
}

export async function ignoreNotFound(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof RemoteApiError && err.details.status === 404)) throw err;
  }
}
