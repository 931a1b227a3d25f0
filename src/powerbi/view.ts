// What one tenant looks like in Power BI, read with as few calls as possible and shared by all of
// the tenant's resources within one pass (one ResourceContext): the profile's workspace list, and
// the workspace's users, models, reports and the model's parameters, each one call; or, when the
// pass plans many tenants, all of it from the pass's fleet snapshot (fleet.ts), no call at all. Discovery is list calls, never
// one GET per report. Ids come from the registry: names in Power BI are not unique, so a name is
// trusted only for what the journal says we were creating when a run died. What the snapshot left
// out, or what was found by name in it, makes the tenant's snapshot read `partial`: an apply reads
// such a tenant again (src/plan/snapshot.ts).
import type { PlatformConfig } from '../config/index.ts';
import { EnvironmentError, RemoteApiError } from '../errors/index.ts';
import { recordSnapshotRead, type ResourceContext } from '../plan/index.ts';
import {
  describeHolder,
  findTenantLockHolder,
  getDataStore,
  listOpenIntents,
  listReportMappings,
  listResources,
  recordedIds,
  type DataStoreRecord,
  type Keyring,
  type Pool,
  type ReportMappingRecord,
  type ResourceRecord,
} from '../registry/index.ts';
import type { Dataset, Group, GroupUser, PowerBiClient, Report, ScannedWorkspace } from './client.ts';
import { fleetSnapshot, type FleetSnapshot } from './fleet.ts';
import { parametersOf } from './m-parameters.ts';
import type { PowerBiServices } from './services.ts';

/** What Power BI resources need from the run's services (structural: powerbi never imports the run layer). */
export interface PowerBiHost {
  readonly platform: PlatformConfig;
  readonly root: string;
  powerbi(): PowerBiServices;
  registry(): Promise<Pool>;
  keyring(): Keyring;
}

export function hostOf(ctx: ResourceContext): PowerBiHost {
  const host = ctx.services.tenantops as Partial<PowerBiHost> | undefined;
  if (!host || typeof host.powerbi !== 'function') {
    throw new EnvironmentError(`tenant ${ctx.tenant}: Power BI resources need live services (Power BI, Fabric, the registry), but the run has none; plan with --offline`);
  }
  return host as PowerBiHost;
}

export const KEYS = {
  profile: 'powerbi/profile',
  templateAccess: 'powerbi/template-access',
  workspace: 'powerbi/workspace',
  capacity: 'powerbi/capacity',
  access: 'powerbi/access',
  model: 'powerbi/model',
  refresh: 'powerbi/refresh',
  schedule: 'powerbi/refresh-schedule',
  retired: 'powerbi/reports-retired',
} as const;

export interface KnownProfile {
  id: string;
  name: string;
}

export interface TenantView {
  readonly tenant: string;
  readonly host: PowerBiHost;
  readonly pbi: PowerBiServices;
  records(): Promise<Map<string, ResourceRecord>>;
  /** Resource keys whose newest journal row is an intent: a run died while changing them. */
  openIntents(): Promise<Set<string>>;
  profile(): Promise<KnownProfile | undefined>;
  setProfile(profile: KnownProfile | undefined): void;
  /** The tenant's own client (its profile), or the principal when profiles are off; `step` names the resource in errors. */
  client(step?: string): Promise<PowerBiClient | undefined>;
  /** Workspaces the tenant's identity can see (one list call). */
  groups(): Promise<Group[]>;
  workspace(): Promise<Group | undefined>;
  setWorkspace(group: Group | undefined): void;
  users(): Promise<GroupUser[]>;
  datasets(): Promise<Dataset[]>;
  model(): Promise<Dataset | undefined>;
  setModel(model: Dataset | undefined): void;
  reports(): Promise<Report[]>;
  /** The current value of each of a model's parameters, by name. */
  parameters(modelId: string): Promise<Record<string, string>>;
  mappings(): Promise<ReportMappingRecord[]>;
  dataStore(): Promise<DataStoreRecord | undefined>;
}

const views = new WeakMap<ResourceContext, TenantView>();

export interface ViewNames {
  profile: string;
  workspace: string;
  model: string;
}

/** The view of this pass (one per context, so each plan or apply pass reads afresh). */
export function tenantView(ctx: ResourceContext, names: ViewNames): TenantView {
  let view = views.get(ctx);
  if (!view) {
    const host = hostOf(ctx);
    const recorded = async (tenants: readonly string[]) => recordedIds(await host.registry(), tenants, KEYS.workspace);
    views.set(ctx, (view = createView(ctx, host, names, fleetSnapshot(ctx, host.powerbi(), recorded))));
  }
  return view;
}

function createView(ctx: ResourceContext, host: PowerBiHost, names: ViewNames, fleet: Promise<FleetSnapshot | undefined> | undefined): TenantView {
  const { tenant } = ctx;
  const pbi = host.powerbi();
  // The snapshot did not say, or said only by name: an apply must not act on this tenant's reads.
  const partial = () => recordSnapshotRead(ctx, 'partial');
  /** One list of the workspace's scan; absent (not empty) is something the snapshot did not say. */
  const scannedList = <K extends 'users' | 'datasets' | 'reports'>(snapshot: FleetSnapshot, ws: Group | undefined, kind: K): NonNullable<ScannedWorkspace[K]> | [] => {
    if (!ws) return [];
    const list = scanned(snapshot, ws)?.[kind];
    if (!list) partial();
    return list ?? [];
  };
  const useProfiles = host.platform.powerbi.tenantProfiles;
  const once = <T>(fn: () => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => (p ??= fn());
  };
  const records = once(async () => new Map((await listResources(await host.registry(), tenant)).map((r) => [r.key, r])));
  const openIntents = once(async () => {
    const open = new Set((await listOpenIntents(await host.registry(), tenant)).map((s) => s.key));
    // A run died mid-change: what it left is looked for by name (a workspace, report clones), and
    // a snapshot that missed one of them would mislead the apply.
    if (open.size && (await fleet)) partial();
    return open;
  });
  const recordedId = async (key: string) => (await records()).get(key)?.externalId ?? undefined;

  let profile: Promise<KnownProfile | undefined> | undefined;
  let workspace: Promise<Group | undefined> | undefined;
  let model: Promise<Dataset | undefined> | undefined;

  const view: TenantView = {
    tenant,
    host,
    pbi,
    records,
    openIntents,
    profile() {
      return (profile ??= (async () => {
        if (!useProfiles) return undefined;
        const id = await recordedId(KEYS.profile);
        if (id) return { id, name: names.profile };
        // Profile names are unique per principal and derived from the tenant code: a profile of
        // that name is the one a run created before it could record it.
        const snapshot = await fleet;
        const profiles = snapshot ? (snapshot.profiles ?? []) : await pbi.principal().listProfiles();
        const found = profiles.find((p) => p.displayName.toLowerCase() === names.profile.toLowerCase());
        return found && { id: found.id, name: found.displayName };
      })());
    },
    setProfile(p) {
      profile = Promise.resolve(p);
    },
    async client(step = 'discover') {
      if (!useProfiles) return pbi.principal({ tenant, step });
      const p = await view.profile();
      return p && pbi.asProfile(p.id, 'deploy', { tenant, step });
    },
    groups: once(async () => {
      const snapshot = await fleet;
      if (snapshot) return visibleInSnapshot(snapshot, view);
      const client = await view.client();
      if (!client) return [];
      try {
        return await client.listGroups();
      } catch (err) {
        // The recorded profile is gone: nothing of the tenant is visible.
        if (err instanceof RemoteApiError && err.details.status === 404 && /Profile/i.test(err.details.code ?? '')) return [];
        throw err;
      }
    }),
    workspace() {
      return (workspace ??= (async () => {
        const groups = await view.groups();
        const id = await recordedId(KEYS.workspace);
        if (id) return groups.find((g) => g.id.toLowerCase() === id.toLowerCase());
        const named = groups.filter((g) => g.name.toLowerCase() === names.workspace.toLowerCase());
        if (!named.length) return undefined;
        if ((await openIntents()).has(KEYS.workspace)) return named[0];
        const adopted = await rereadWorkspaceRecord(host, tenant, names.workspace, groups, named[0]);
        if (adopted) return adopted;
        throw new EnvironmentError(
          `tenant ${tenant}: a workspace named "${names.workspace}" exists but the registry does not record it as this tenant's; tenantops adopts only workspaces it created. Record its id in the registry (resource ${KEYS.workspace}) or remove it`,
        );
      })());
    },
    setWorkspace(group) {
      workspace = Promise.resolve(group);
    },
    users: once(async () => {
      const ws = await view.workspace();
      const snapshot = await fleet;
      if (snapshot) return scannedList(snapshot, ws, 'users');
      const client = await view.client();
      return ws && client ? client.listGroupUsers(ws.id) : [];
    }),
    datasets: once(async () => {
      const ws = await view.workspace();
      const snapshot = await fleet;
      if (snapshot) return scannedList(snapshot, ws, 'datasets');
      const client = await view.client();
      return ws && client ? client.listDatasets(ws.id) : [];
    }),
    model() {
      return (model ??= (async () => {
        const datasets = await view.datasets();
        const id = await recordedId(KEYS.model);
        if (id) {
          const found = datasets.find((d) => d.id.toLowerCase() === id.toLowerCase());
          if (found) return found;
        }
        // Fabric keeps item names unique per type within a workspace, and this workspace is the
        // tenant's own: a model of our name is the one a run created before it could record it.
        const named = datasets.find((d) => d.name === names.model);
        if (named && (await fleet)) partial();
        return named;
      })());
    },
    setModel(m) {
      model = Promise.resolve(m);
    },
    reports: once(async () => {
      const ws = await view.workspace();
      const snapshot = await fleet;
      if (snapshot) return scannedList(snapshot, ws, 'reports');
      const client = await view.client();
      return ws && client ? client.listReports(ws.id) : [];
    }),
    async parameters(modelId) {
      const ws = await view.workspace();
      const snapshot = await fleet;
      if (snapshot) {
        const model = ws && scanned(snapshot, ws)?.datasets?.find((d) => d.id.toLowerCase() === modelId.toLowerCase());
        // The scanner returns a model not refreshed or republished without its expressions.
        if (!model?.expressions) partial();
        return parametersOf(model?.expressions ?? []);
      }
      const client = await view.client(KEYS.model);
      return client && ws ? readModelParameters(client, ws.id, modelId) : {};
    },
    mappings: once(async () => listReportMappings(await host.registry(), tenant)),
    dataStore: once(async () => getDataStore(await host.registry(), tenant)),
  };
  return view;
}

/**
 * Before calling a workspace of our name a stranger: what was read of the registry may predate
 * another run's record of it, and that run may be creating it right now. Read again; when another
 * run holds the tenant's lock, say so, since removing the workspace would break that run.
 */
async function rereadWorkspaceRecord(host: PowerBiHost, tenant: string, name: string, groups: Group[], named: Group): Promise<Group | undefined> {
  const registry = await host.registry();
  const id = (await listResources(registry, tenant)).find((r) => r.key === KEYS.workspace)?.externalId;
  if (id) return groups.find((g) => g.id.toLowerCase() === id.toLowerCase());
  if ((await listOpenIntents(registry, tenant)).some((s) => s.key === KEYS.workspace)) return named;
  const holder = await findTenantLockHolder(registry, tenant);
  if (holder) {
    throw new EnvironmentError(
      `tenant ${tenant}: a workspace named "${name}" exists that the registry does not record yet, while another run (${describeHolder(holder)}) is applying this tenant: that run is most likely creating it. Do not remove it: wait for that run to finish, then run again. This run changed nothing.`,
    );
  }
  return undefined;
}

/** The current value of each of a model's parameters, by name (one GET). */
export async function readModelParameters(client: PowerBiClient, groupId: string, modelId: string): Promise<Record<string, string>> {
  return Object.fromEntries((await client.getParameters(groupId, modelId)).map((p) => [p.name, p.currentValue]));
}

function scanned(snapshot: FleetSnapshot, ws: Group): ScannedWorkspace | undefined {
  return snapshot.workspaces.get(ws.id.toLowerCase());
}

/**
 * The workspaces the tenant's identity would list itself: those its profile is a member of, or,
 * without profiles, those the principal itself (not one of its profiles) is a member of. A profile
 * that no longer exists sees nothing, as its own list call would fail with ProfileNotFound.
 */
async function visibleInSnapshot(snapshot: FleetSnapshot, view: TenantView): Promise<Group[]> {
  let isIdentity: (u: GroupUser) => boolean;
  if (view.host.platform.powerbi.tenantProfiles) {
    const profile = (await view.profile())?.id.toLowerCase();
    if (!profile || !snapshot.profiles?.some((p) => p.id.toLowerCase() === profile)) return [];
    isIdentity = (u) => u.principalType === 'App' && u.profile?.id.toLowerCase() === profile;
  } else {
    const platform = view.host.platform;
    const ids = new Set([(await view.pbi.principalObjectId()).toLowerCase(), platform.credentialProfiles[platform.powerbi.credentialProfile]?.clientId.toLowerCase()]);
    isIdentity = (u) => u.principalType === 'App' && !u.profile && ids.has(u.identifier.toLowerCase());
  }
  return [...snapshot.workspaces.values()].filter((w) => (w.users ?? []).some(isIdentity));
}
