// Fleet-wide reads: when one read pass plans many tenants, every tenant's workspace, users,
// models, reports and model parameters come from ONE snapshot of the organisation taken through
// Power BI's admin scanner API, instead of five reads per tenant with the tenant's own identity.
//
// The scanner, as Microsoft documents it (learn.microsoft.com/rest/api/power-bi/admin/, the
// WorkspaceInfo pages, and learn.microsoft.com/fabric/governance/metadata-scanning-run):
//   - GET  admin/workspaces/modified        every workspace id of the organisation; at most 30 calls an hour.
//   - POST admin/workspaces/getInfo         1 to 100 workspace ids per call; at most 500 calls an hour and
//                                           16 at once; `getArtifactUsers` adds users, `datasetExpressions`
//                                           the models' M expressions (the parameters), which need the
//                                           tenant's metadata scanning settings enabled.
//   - GET  admin/workspaces/scanStatus/{id} at most 10,000 calls an hour.
//   - GET  admin/workspaces/scanResult/{id} at most 500 calls an hour.
//   All are admin APIs: the principal calls them as itself (no profile), and a service principal
//   may use them only with the tenant setting for read-only admin APIs and no admin-consent Power
//   BI permissions on the app. 1,000 tenants cost 1 + 10 × (getInfo + status polls + result) calls.
//
// A pass scans only what it plans when it can: when the registry records a workspace for every
// tenant of the pass, the scan asks getInfo for exactly those ids (and the template workspace's,
// whose users say which profiles may read it) and skips `modified`, so a
// rollout's wave of 100 tenants costs one getInfo, its polls and one result, however large the
// organisation (scanning the whole organisation each wave was 420 of the 2,512 Power BI calls of
// a 999-tenant rollout in ten waves: bench fleet-schema-changed-1000).
// A tenant without a record (being onboarded, or a run died before recording its workspace) may
// own a workspace found only by name, so such a pass scans the whole organisation, as before.
// A recorded id the scan does not return is a workspace that no longer exists (the service
// answers getInfo with the workspaces it has): the tenant plans its creation, and a create is
// always read again before it is applied (src/plan/snapshot.ts).
//
// A snapshot is the organisation as of the scan, and it can miss things: Microsoft documents that
// models not refreshed or republished come without their sub-artifacts and expressions. So every
// tenant it answers is recorded in the pass (recordSnapshotRead), `partial` where the view found
// something absent or had to go by name (view.ts), and an apply acts on a snapshot's reads only
// for updates it vouched for (src/plan/snapshot.ts); anything else is read again under the
// tenant's lock, in a pass of one tenant (below the threshold), with the tenant's own calls.
import { EnvironmentError, RemoteApiError } from '../errors/index.ts';
import { mapLimit, recordSnapshotRead, type ResourceContext } from '../plan/index.ts';
import type { Profile, ScannedWorkspace } from './client.ts';
import type { PowerBiServices } from './services.ts';

/** A pass covering at least this many tenants reads the fleet through the scanner (when enabled). */
export const FLEET_READ_THRESHOLD = 20;
/** getInfo's documented maximum of workspaces per call. */
export const SCAN_BATCH = 100;
/** Scans in flight at once: well under the documented 16 simultaneous getInfo calls. */
const SCANS_AT_ONCE = 4;
/** The step fleet reads are named by in errors: they belong to the pass, not to one tenant. */
export const SCAN_STEP = 'powerbi/fleet-scan';
const KEY = 'powerbi/fleet-snapshot';

export interface FleetSnapshot {
  /** Every scanned workspace, by lower-case id. */
  workspaces: Map<string, ScannedWorkspace>;
  /** The principal's profiles; undefined when tenants have no profiles. */
  profiles?: Profile[];
}

/**
 * The snapshot of this read pass, taken on first use and shared by its tenants, for the tenant
 * of `ctx` (recorded as answered from it, `vouched` until its view finds a gap); undefined (or a
 * promise of undefined) when the tenant reads on its own: outside a read pass, a pass of fewer
 * tenants than the threshold, `powerbi.fleetReads: per-tenant`, or `auto` with a principal that
 * the admin APIs refuse.
 */
export function fleetSnapshot(
  ctx: ResourceContext,
  pbi: PowerBiServices,
  recordedWorkspaces: (tenants: readonly string[]) => Promise<Map<string, string>>,
): Promise<FleetSnapshot | undefined> | undefined {
  const pass = ctx.pass;
  const mode = pbi.platform.powerbi.fleetReads ?? 'auto';
  if (!pass || pass.codes.length < FLEET_READ_THRESHOLD || mode === 'per-tenant') return undefined;
  let snapshot = pass.shared.get(KEY) as Promise<FleetSnapshot | undefined> | undefined;
  if (!snapshot) {
    snapshot = recordedWorkspaces(pass.codes).then((recorded) => scanFleet(pbi, mode, pass.codes.every((t) => recorded.has(t)) ? [...recorded.values()] : undefined));
    pass.shared.set(KEY, snapshot);
  }
  return snapshot.then((taken) => {
    if (taken) recordSnapshotRead(ctx, 'vouched');
    return taken;
  });
}

/** Scans `only` these workspace ids (the pass's recorded ones), or the whole organisation. */
async function scanFleet(pbi: PowerBiServices, mode: 'auto' | 'scanner', only: string[] | undefined): Promise<FleetSnapshot | undefined> {
  const principal = pbi.principal({ step: SCAN_STEP });
  let results: ScannedWorkspace[][];
  try {
    // A profile's template access is read from the template workspace's users: scanned too.
    const template = only && pbi.platform.powerbi.tenantProfiles ? [(await pbi.templateGroup()).id] : [];
    const ids = only ? [...new Set([...only, ...template].map((id) => id.toLowerCase()))] : await principal.listAllWorkspaceIds();
    const batches = Array.from({ length: Math.ceil(ids.length / SCAN_BATCH) }, (_, i) => ids.slice(i * SCAN_BATCH, (i + 1) * SCAN_BATCH));
    results = await mapLimit(batches, SCANS_AT_ONCE, (batch) => scanBatch(pbi, batch));
  } catch (err) {
    // The admin APIs are a tenant setting many organisations leave off for service principals
    // (and they refuse a principal holding admin-consent Power BI permissions). `auto` then reads
    // per tenant, as a plan without the scanner always could, and says so once; `scanner` insists.
    // The refusal comes from the pass's first admin call: `modified`, or getInfo when scoped.
    if (mode !== 'auto' || !isAdminRefusal(err)) throw err;
    pbi.log.warn(`Power BI: the admin scanner API refused the principal (${err.details.status}${err.details.code ? ` ${err.details.code}` : ''}); reading each tenant with its own identity instead (5 reads a tenant). Allow the read-only admin APIs for service principals, or set powerbi.fleetReads: per-tenant in platform.yaml to skip this attempt`);
    return undefined;
  }
  const workspaces = new Map(results.flat().map((w) => [w.id.toLowerCase(), w]));
  const profiles = pbi.platform.powerbi.tenantProfiles ? await principal.listProfiles() : undefined;
  return { workspaces, profiles };
}

/** A 401/403 from an admin API: the principal is not allowed the read-only admin APIs (a tenant setting). */
export function isAdminRefusal(err: unknown): err is RemoteApiError {
  return err instanceof RemoteApiError && (err.details.status === 401 || err.details.status === 403);
}

async function scanBatch(pbi: PowerBiServices, ids: string[]): Promise<ScannedWorkspace[]> {
  const principal = pbi.principal({ step: SCAN_STEP });
  const started = pbi.now();
  let scan = await principal.startScan(ids);
  // A scan of 100 small workspaces takes seconds: poll from 1 s, doubling to 8 s.
  for (let wait = 1000; scan.status !== 'Succeeded'; wait = Math.min(wait * 2, 8000)) {
    if (scan.status === 'Failed') {
      throw new EnvironmentError(`Power BI scanner: scan ${scan.id} of ${ids.length} workspaces failed (${scan.error?.code ?? 'no code'}: ${scan.error?.message ?? 'no message'}); nothing was planned. Allowed: retry, or set powerbi.fleetReads: per-tenant in platform.yaml`);
    }
    if (pbi.now() - started > pbi.operationTimeoutMs) {
      throw new EnvironmentError(`Power BI scanner: scan ${scan.id} of ${ids.length} workspaces still ${scan.status} after ${Math.round(pbi.operationTimeoutMs / 1000)} s; nothing was planned. Allowed: retry, or set powerbi.fleetReads: per-tenant in platform.yaml`);
    }
    await pbi.sleep(wait);
    scan = await principal.scanStatus(scan.id);
  }
  return principal.scanResult(scan.id);
}
