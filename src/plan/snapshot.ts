// What an apply may act on when a tenant was planned from a fleet-wide snapshot (Power BI's admin
// scanner) instead of its own reads: the capability records how the snapshot answered each tenant
// (recordSnapshotRead), and the apply asks snapshotVouchesFor before it skips the re-read.

import type { TenantPlan } from './model.ts';
import type { ResourceContext, SnapshotRead } from './types.ts';

/**
 * Records that a fleet-wide snapshot answered (some of) this tenant's reads in the context's pass,
 * and how: once `partial`, the tenant stays partial whatever the pass's other reads record.
 */
export function recordSnapshotRead(ctx: ResourceContext, read: SnapshotRead): void {
  const snapshots = ctx.pass?.snapshots;
  if (snapshots && snapshots.get(ctx.tenant) !== 'partial') snapshots.set(ctx.tenant, read);
}

// A snapshot is the organisation as of its scan, and the scan is one of the plan's reads: when the
// lock vouches `untouchedSincePlan` (src/run/apply.ts starts the run's deployments before the plan
// reads anything, the scan included), no other tenantops run changed the tenant since the scan, as
// for any plan read. What the lock cannot vouch for is the snapshot's fidelity: Microsoft documents
// that the scanner returns models that were not refreshed or republished WITHOUT their
// sub-artifacts and expressions (learn.microsoft.com/fabric/governance/metadata-scanning-run,
// "Considerations and limitations"), so a snapshot can miss what the tenant's own reads would see.
// Hence what a tenant planned from a snapshot may be applied as planned, without reading it again:
//   - a create: never. It is planned because the snapshot did not show the item; had it merely
//     missed it, a second one would be made, and reports cannot be deduplicated by name.
//   - a delete or a replace: never. It acts on what the snapshot said exists, which may be gone.
//   - an update: only when the snapshot vouched for the tenant (`vouched`): everything the
//     tenant's reads asked of it was there — a model's expressions, which the parameters' diff
//     compares; a workspace's users, which the access diff compares — and every item was found by
//     its recorded id, not by name. The update then acts on an id that exists and on fields the
//     snapshot really held; a field the snapshot lacked would plan an update that writes what the
//     service already holds, or worse.
// Kept simple: one create or delete anywhere in the tenant's plan, even of a resource the snapshot
// did not answer (a database's), and the whole tenant is read again. Updates of resources that
// read nothing from the snapshot (a database migration) are vouched for by the lock alone, as in a
// tenant planned from its own reads.
export function snapshotVouchesFor(plan: TenantPlan, read: SnapshotRead | undefined): boolean {
  if (read === undefined) return true;
  return read === 'vouched' && plan.changes.every((c) => c.action === 'update');
}
