// One matched template report in the tenant's workspace. First deploy: `Clone` from the template
// workspace with targetWorkspaceId + targetModelId (one call clones and binds to the tenant's
// model); the mapping goes to the registry the moment the clone exists. A newer template version:
// `UpdateReportContent` (+ `Rebind` when the binding is wrong), so the report id, its embed URL and
// bookmarks survive. The registry, not the name, says which report is which; a name is trusted
// only for a clone the journal shows a dead run was making.
import { EnvironmentError, InternalError } from '../errors/index.ts';
import { resolveTemplateIds } from '../catalog/index.ts';
import { diffFields, type Change, type Resource, type ResourceContext } from '../plan/index.ts';
import { deleteReportMapping, upsertReportMapping, type ReportMappingRecord } from '../registry/index.ts';
import { createOrRediscover } from '../fabric/index.ts';
import type { Report } from './client.ts';
import { ignoreNotFound } from './profile.ts';
import { tenantView, type TenantView, type ViewNames } from './view.ts';

export interface ReportDesired {
  /** The report's name in the tenant workspace (the persona; no version, which would go stale). */
  name: string;
  /** The template's full name, e.g. `APTEM-BKSB-HUBSPOT - Operations Leader v1.2`. */
  template: string;
  version: string;
  /** Always the tenant's own model. */
  model: 'tenant';
  /** Whether the platform's app may embed it (false while suspended or decommissioned). */
  active: boolean;
  /** The registry maps the template to this report. */
  recorded: true;
  /** Extra copies a dead run left behind. */
  duplicates: string[];
}

export interface ReportActual extends Omit<ReportDesired, 'model' | 'recorded'> {
  id: string;
  model: string;
  recorded: boolean;
}

/** Shared by a tenant's report resources in one run: progress lines ("cloning reports 17/42"). */
export class ReportBatch {
  readonly total: number;
  readonly present = new Set<string>();
  /** Reports this run leaves alone (outside the `reports` filter). */
  readonly skipped = new Set<string>();
  constructor(total: number) {
    this.total = total;
  }
}

export interface ReportResourceOptions {
  key: string;
  names: ViewNames;
  /** Template name without its version: the registry's mapping key. */
  templateName: string;
  desired: ReportDesired | undefined;
  batch: ReportBatch;
  dependsOn: string[];
}

// A class rather than a closure per verb: a large offline plan holds tens of thousands of these.
class ReportResource implements Resource<ReportDesired, ReportActual> {
  readonly key: string;
  readonly kind = 'powerbi.report';
  readonly dependsOn: readonly string[];
  readonly desired: ReportDesired | undefined;
  readonly #o: ReportResourceOptions;
  constructor(o: ReportResourceOptions) {
    this.#o = o;
    this.key = o.key;
    this.dependsOn = o.dependsOn;
    this.desired = o.desired;
  }
  async read(ctx: ResourceContext): Promise<ReportActual | undefined> {
    const { key, names, batch, desired } = this.#o;
    const view = tenantView(ctx, names);
    if (desired && !view.pbi.deploysReport(desired.template, desired.name)) batch.skipped.add(key);
    else batch.skipped.delete(key);
    const actual = await readReport(view, key, this.#o.templateName, desired?.name);
    if (actual) batch.present.add(key);
    else batch.present.delete(key);
    return actual;
  }
  diff(d: ReportDesired | undefined, a: ReportActual | undefined): Change | undefined {
    if (this.#o.batch.skipped.has(this.key)) return undefined;
    // Creates and deletes list only what a reviewer needs (plans of thousands of tenants hold
    // tens of thousands of these); updates list every field that differs.
    if (d && !a) return { action: 'create', fields: [{ path: 'name', after: d.name }, { path: 'template', after: d.template }, { path: 'active', after: d.active }], summary: `clone "${d.template}"` };
    if (!d && a) return { action: 'delete', fields: [{ path: 'name', before: a.name }, { path: 'id', before: a.id }], summary: `remove "${a.name}"` };
    return diffFields<object>(d, a, { summary: { update: `update to "${d?.template}"` } });
  }
  async apply(ctx: ResourceContext, change: { action: string }, actual: ReportActual | undefined): Promise<ReportActual | undefined> {
    const view = tenantView(ctx, this.#o.names);
    if (change.action === 'delete') {
      await removeReport(ctx, view, this.key, actual!.id);
      await deleteReportMapping(await view.host.registry(), ctx.tenant, this.#o.templateName);
      this.#o.batch.present.delete(this.key);
      return undefined;
    }
    return deployReport(ctx, view, this.#o, actual);
  }
}

export function reportResource(o: ReportResourceOptions): Resource<ReportDesired, ReportActual> {
  return new ReportResource(o);
}

async function readReport(view: TenantView, key: string, templateName: string, name: string | undefined): Promise<ReportActual | undefined> {
  const ws = await view.workspace();
  if (!ws) return undefined;
  const [reports, mappings, model, intents] = await Promise.all([view.reports(), view.mappings(), view.model(), view.openIntents()]);
  const mapping = mappings.find((m) => m.templateName === templateName);
  const byId = new Map(reports.map((r) => [r.id.toLowerCase(), r]));
  let report = mapping && byId.get(mapping.tenantReportId.toLowerCase());
  let duplicates: string[] = [];
  if (intents.has(key) && name) {
    // A run died while cloning this one: its clone (and any retry's) has our name and no mapping.
    const claimed = new Set(mappings.map((m) => m.tenantReportId.toLowerCase()));
    const orphans = reports.filter((r) => r.name === name && !claimed.has(r.id.toLowerCase()));
    if (!report) report = orphans.shift();
    duplicates = orphans.map((r) => r.id).sort();
  }
  if (!report) return undefined;
  const recorded = mapping?.tenantReportId.toLowerCase() === report.id.toLowerCase();
  return {
    id: report.id,
    name: report.name,
    template: recorded ? `${mapping!.templateName} v${mapping!.templateVersion}` : 'unknown',
    version: recorded ? mapping!.templateVersion : 'unknown',
    model: model && report.datasetId?.toLowerCase() === model.id.toLowerCase() ? 'tenant' : `other:${report.datasetId ?? 'none'}`,
    active: recorded ? mapping!.status === 'active' : false,
    recorded,
    duplicates,
  };
}

async function deployReport(ctx: ResourceContext, view: TenantView, o: ReportResourceOptions, actual: ReportActual | undefined): Promise<ReportActual> {
  const desired = o.desired!;
  const ws = await view.workspace();
  const model = await view.model();
  const client = await view.client(o.key);
  if (!ws || !model || !client) throw new InternalError(`tenant ${ctx.tenant}: reports need the workspace, the model and the profile first`);
  let report: Report | undefined;
  let template: { id: string; workspaceId: string } | undefined;
  if (!actual) {
    template = await resolveTemplate(view, desired.template);
    report = await createOrRediscover(
      () => client.cloneReport(template!.workspaceId, template!.id, { name: desired.name, targetWorkspaceId: ws.id, targetModelId: model.id }, o.key),
      async () => {
        // Look before trying again: a lost answer may hide a clone that exists.
        const claimed = new Set((await view.mappings()).map((m) => m.tenantReportId.toLowerCase()));
        return (await client.listReports(ws.id)).find((r) => r.name === desired.name && !claimed.has(r.id.toLowerCase()));
      },
    );
    // Recorded before anything else can fail: a clone the registry knows is never cloned twice.
    await recordMapping(view, o, desired, template.id, report.id, ws.id, model.id);
    o.batch.present.add(o.key);
    ctx.log.info(`${ctx.tenant}: cloning reports ${o.batch.present.size}/${o.batch.total}`);
  } else {
    report = { id: actual.id, name: actual.name };
    for (const id of actual.duplicates) await removeReport(ctx, view, o.key, id);
    // An adopted clone whose template is not on record is brought to the desired version too.
    const stale = !actual.recorded || actual.template !== desired.template;
    let bound = actual.model === 'tenant';
    if (stale) {
      template = await resolveTemplate(view, desired.template);
      const updated = await client.updateReportContent(ws.id, actual.id, { reportId: template.id, workspaceId: template.workspaceId }, o.key);
      // UpdateReportContent is documented to keep the report id, not its binding: the answer says
      // which model the report is bound to now, so a service that dropped the binding costs one
      // Rebind and no extra read.
      bound = updated?.datasetId?.toLowerCase() === model.id.toLowerCase() || (updated?.datasetId === undefined && bound);
      ctx.log.info(`${ctx.tenant}: ${desired.name} updated in place to "${desired.template}"`);
    }
    if (!bound) await client.rebindReport(ws.id, actual.id, model.id, o.key);
    if (stale || actual.active !== desired.active) {
      const templateId = template?.id ?? (await view.mappings()).find((m) => m.templateName === o.templateName)!.templateReportId;
      await recordMapping(view, o, desired, templateId, actual.id, ws.id, model.id);
    }
  }
  return { ...desired, id: report.id, model: 'tenant', recorded: true, duplicates: [] };
}

async function recordMapping(view: TenantView, o: ReportResourceOptions, d: ReportDesired, templateReportId: string, reportId: string, workspaceId: string, modelId: string): Promise<ReportMappingRecord> {
  return upsertReportMapping(await view.host.registry(), {
    tenant: view.tenant,
    templateName: o.templateName,
    templateVersion: d.version,
    templateReportId,
    tenantReportId: reportId,
    workspaceId,
    modelId,
    status: d.active ? 'active' : 'inactive',
  });
}

async function resolveTemplate(view: TenantView, name: string): Promise<{ id: string; workspaceId: string }> {
  const tpl = await view.pbi.templateWorkspace();
  const { ids, problems } = resolveTemplateIds([{ name }], tpl.reports);
  if (problems.length) throw new EnvironmentError(`tenant ${view.tenant}: ${problems.map((p) => p.message).join('; ')}`);
  return { id: ids.get(name)!, workspaceId: tpl.id };
}

async function removeReport(ctx: ResourceContext, view: TenantView, key: string, id: string): Promise<void> {
  const ws = await view.workspace();
  const client = await view.client(key);
  if (!ws || !client) return;
  await ignoreNotFound(() => client.deleteReport(ws.id, id, key));
  ctx.log.info(`${ctx.tenant}: report ${id} removed`);
}
