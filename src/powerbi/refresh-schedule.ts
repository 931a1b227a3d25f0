// The model's scheduled refresh while the tenant is suspended: turned off, with what it was
// recorded in the registry, and turned back on when the tenant is active again. tenantops does not
// otherwise own the schedule (the platform's team may set one), so an active tenant's schedule is
// left as it is unless a suspension turned it off.
import { InternalError } from '../errors/index.ts';
import type { Resource } from '../plan/index.ts';
import { KEYS, tenantView, type ViewNames } from './view.ts';

export interface ScheduleDesired {
  /** The tenant is suspended (or decommissioned and kept): no scheduled refresh. */
  suspended: boolean;
}

export interface ScheduleActual {
  enabled: boolean;
  /** Whether the schedule was enabled before a suspension turned it off (from the registry). */
  restore?: boolean;
}

export function refreshScheduleResource(names: ViewNames, desired: ScheduleDesired | undefined): Resource<ScheduleDesired, ScheduleActual> {
  return {
    key: KEYS.schedule,
    kind: 'powerbi.refresh-schedule',
    dependsOn: [KEYS.model],
    desired,
    async read(ctx) {
      const view = tenantView(ctx, names);
      const recorded = (await view.records()).get(KEYS.schedule)?.state as Partial<ScheduleActual> | undefined;
      // An active tenant's schedule is ours only to restore: no call unless a suspension turned it off.
      if (!desired?.suspended && recorded?.restore !== true) return undefined;
      const [ws, model, client] = [await view.workspace(), await view.model(), await view.client(KEYS.schedule)];
      if (!ws || !model || !client) return undefined;
      const { enabled } = await client.getRefreshSchedule(ws.id, model.id);
      return { enabled, ...(typeof recorded?.restore === 'boolean' ? { restore: recorded.restore } : {}) };
    },
    diff(d, a) {
      // A model being deleted takes its schedule with it.
      if (!d || !a) return undefined;
      if (d.suspended && a.enabled) {
        return { action: 'update', fields: [{ path: 'enabled', before: true, after: false }], summary: `turn off the scheduled refresh of ${names.model} while the tenant is suspended` };
      }
      if (!d.suspended && a.restore === true && !a.enabled) {
        return { action: 'update', fields: [{ path: 'enabled', before: false, after: true }], summary: `turn the scheduled refresh of ${names.model} back on` };
      }
      return undefined;
    },
    async apply(ctx, change, actual) {
      const view = tenantView(ctx, names);
      const [ws, model, client] = [await view.workspace(), await view.model(), await view.client(KEYS.schedule)];
      if (!ws || !model || !client || !desired) throw new InternalError(`tenant ${ctx.tenant}: ${change.action} of the refresh schedule needs the workspace and the model`);
      const enabled = !desired.suspended;
      await client.updateRefreshSchedule(ws.id, model.id, { enabled });
      // Suspending records what resuming restores; resuming forgets it, so a schedule someone
      // turns off later stays off.
      return desired.suspended ? { enabled, restore: actual?.enabled ?? false } : { enabled };
    },
  };
}
