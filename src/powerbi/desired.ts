// What a tenant's analytics should look like in Power BI / Fabric, as resources in dependency
// order: its own service principal profile → its workspace → capacity → access → optional Fabric
// items → the semantic model bound to its own database → a refresh → one report per matched
// template (and the removal of reports whose template no longer matches).
import { templateBaseName, type MatchedReport } from '../catalog/index.ts';
import type { TenantContext } from '../config/index.ts';
import { locateDataStore } from '../db/index.ts';
import { fabricItemResource } from '../fabric/index.ts';
import type { DerivedNames } from '../naming/index.ts';
import type { Resource } from '../plan/index.ts';
import { accessResource } from './access.ts';
import { capacityResource } from './capacity.ts';
import { ModelResource, templateModelHash, type ModelParameters } from './model.ts';
import { profileResource, templateAccessResource } from './profile.ts';
import { refreshResource } from './refresh.ts';
import { refreshScheduleResource } from './refresh-schedule.ts';
import { ReportBatch, reportResource } from './report.ts';
import { retiredReportsResource } from './retired.ts';
import { KEYS, tenantView, type ViewNames } from './view.ts';
import { workspaceResource } from './workspace.ts';

export function reportKey(report: Pick<MatchedReport, 'persona'>): string {
  return `powerbi/report/${report.persona.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** The names the tenant's Power BI resources look objects up by, from the run's derived names. */
export function viewNames(derived: DerivedNames): ViewNames {
  return { profile: derived.profile, workspace: derived.workspace, model: derived.semanticModel };
}

export function desiredPowerBiResources(ctx: TenantContext): Resource[] {
  const { config: tenant, platform, names: derived, reports } = ctx;
  const names = viewNames(derived);
  const gone = tenant.lifecycle === 'decommissioned';
  const remove = gone && tenant.deletionPolicy === 'delete';
  const keep = <T>(state: T) => (remove ? undefined : state);
  const active = tenant.lifecycle === 'active';
  const profiles = platform.powerbi.tenantProfiles;
  const capacity = platform.capacities[tenant.powerbi.capacity];
  const dedicated = !!capacity && capacity.sku.toLowerCase() !== 'shared';

  const resources: Resource[] = [];
  if (profiles) {
    resources.push(profileResource(names, keep({ name: names.profile })));
    resources.push(templateAccessResource(names, keep({ access: 'Viewer' as const })));
  }
  resources.push(workspaceResource(names, keep({ name: names.workspace }), profiles ? [KEYS.profile] : []));
  resources.push(capacityResource(names, keep({ capacity: tenant.powerbi.capacity, status: 'CompletedSuccessfully' as const })));
  const members: Record<string, 'Admin'> = {};
  if (profiles) members.principal = 'Admin';
  if (platform.powerbi.adminGroupId) members[`group:${platform.powerbi.adminGroupId.toLowerCase()}`] = 'Admin';
  if (Object.keys(members).length) resources.push(accessResource(names, keep({ members })));
  const access = Object.keys(members).length ? [KEYS.access] : [];
  // Fabric items need the capacity; the model does not (it moves with its workspace), so its
  // creation runs beside the capacity assignment and only the refresh waits for both.
  const ready = [KEYS.workspace, KEYS.capacity, ...access];

  for (const [item, spec] of Object.entries(tenant.powerbi.fabric ?? {})) {
    if (!spec) continue;
    const type = item === 'lakehouse' ? 'Lakehouse' : 'Warehouse';
    const key = `fabric/${item}`;
    resources.push(
      fabricItemResource({
        key,
        type,
        desired: keep({ name: spec.name ?? `${derived.workspace}-${item}`, type }),
        dependsOn: ready,
        workspaceId: async (ctx) => (await tenantView(ctx, names).workspace())?.id,
        recordedId: async (ctx) => (await tenantView(ctx, names).records()).get(key)?.externalId ?? undefined,
        fabric: (ctx) => tenantView(ctx, names).pbi.fabric({ tenant: ctx.tenant, step: key }),
      }),
    );
  }

  const store = locateDataStore(tenant, platform, derived);
  const parameters: ModelParameters = {
    Host: store.host,
    Port: String(store.port),
    Database: store.database,
    Schema: store.schema,
  };
  const template = templateModelHash(ctx.root);
  resources.push(
    new ModelResource({
      names,
      biRole: derived.roles.bi,
      // db/route is provision-db's last step: the data store recorded, its tables migrated.
      dependsOn: [KEYS.workspace, ...access, 'db/route'],
      desired: keep({ name: names.model, template, parameters, owner: profiles ? 'tenant-profile' : 'principal', credentials: 'set' }),
    }),
  );
  resources.push(refreshResource(names, keep({ model: `${template}:${Object.values(parameters).join('/')}`, enabled: active, enhanced: dedicated, ...(dedicated ? { capacity: tenant.powerbi.capacity } : {}) })));
  resources.push(refreshScheduleResource(names, keep({ suspended: !active })));

  const batch = new ReportBatch(reports.length);
  for (const report of reports) {
    resources.push(
      reportResource({
        key: reportKey(report),
        names,
        templateName: templateBaseName(report),
        batch,
        dependsOn: profiles ? [KEYS.model, KEYS.templateAccess] : [KEYS.model],
        desired: keep({ name: report.persona, template: report.name, version: report.version, model: 'tenant' as const, active, recorded: true as const, duplicates: [] }),
      }),
    );
  }
  resources.push(retiredReportsResource(names, new Set(reports.map(templateBaseName)), [KEYS.model]));
  return resources;
}
