// Reports whose template no longer matches the tenant (a provider changed, a module was turned
// off, a template was withdrawn): found through the registry's mappings, removed only through a
// plan that lists them, like any other delete.
import type { Resource } from '../plan/index.ts';
import { deleteReportMapping } from '../registry/index.ts';
import { ignoreNotFound } from './profile.ts';
import { KEYS, tenantView, type ViewNames } from './view.ts';

export interface RetiredReports {
  /** Template name (without version) → tenant report id. */
  reports: Record<string, string>;
}

/** `matched` holds the template names (without version) the tenant should have. */
export function retiredReportsResource(names: ViewNames, matched: ReadonlySet<string>, dependsOn: string[]): Resource<RetiredReports, RetiredReports> {
  return {
    key: KEYS.retired,
    kind: 'powerbi.report',
    dependsOn,
    // Never desired: when some exist, the plan deletes them.
    desired: undefined,
    async read(ctx) {
      const view = tenantView(ctx, names);
      // A run narrowed to some reports removes none.
      if (view.pbi.reportsFiltered) return undefined;
      const mappings = await view.mappings();
      const retired = mappings.filter((m) => !matched.has(m.templateName));
      if (!retired.length) return undefined;
      return { reports: Object.fromEntries(retired.map((m) => [m.templateName, m.tenantReportId])) };
    },
    diff: (_d, a) =>
      a && {
        action: 'delete',
        fields: Object.entries(a.reports).map(([template, id]) => ({ path: `reports.${template}`, before: id })),
        summary: `remove ${Object.keys(a.reports).length} report(s) whose template no longer matches`,
      },
    async apply(ctx, _change, actual) {
      const view = tenantView(ctx, names);
      const ws = await view.workspace();
      const client = await view.client(KEYS.retired);
      const registry = await view.host.registry();
      for (const [template, id] of Object.entries(actual?.reports ?? {})) {
        if (ws && client) await ignoreNotFound(() => client.deleteReport(ws.id, id, KEYS.retired));
        await deleteReportMapping(registry, ctx.tenant, template);
        ctx.log.info(`${ctx.tenant}: retired report "${template}" (${id}) removed`);
      }
      return undefined;
    },
  };
}
