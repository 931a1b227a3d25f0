// `tenantops discover`: what the platform's principal and each of its service principal profiles
// can see in Power BI (workspaces, models, reports, dataflows), compared with what the registry
// records: unknown objects (there, not recorded), missing ones (recorded, not there) and
// mismatched ones (a report bound to another model, a model not owned by its tenant's profile).
// List calls only: one per profile and one per kind of object per workspace.
import { listReportMappings, listResources, listTenants } from '../registry/index.ts';
import type { Dataflow, Dataset, Report } from './client.ts';
import { KEYS, type PowerBiHost } from './view.ts';

export interface DiscoveredWorkspace {
  id: string;
  name: string;
  /** The tenant whose registry records name it, if any. */
  tenant?: string;
  models: Pick<Dataset, 'id' | 'name' | 'configuredBy'>[];
  reports: Pick<Report, 'id' | 'name' | 'datasetId'>[];
  dataflows: Pick<Dataflow, 'objectId' | 'name'>[];
}

export interface DiscoveredIdentity {
  /** `principal` or the profile's display name. */
  name: string;
  profileId?: string;
  tenant?: string;
  workspaces: DiscoveredWorkspace[];
}

export interface Discrepancy {
  kind: 'unknown' | 'missing' | 'mismatched';
  tenant?: string;
  what: string;
  id: string;
  detail: string;
}

export interface Discovery {
  /** Workspaces the principal itself is a member of, against Power BI's limit of 1,000. */
  principalWorkspaces: number;
  identities: DiscoveredIdentity[];
  discrepancies: Discrepancy[];
}

export async function discoverPowerBi(host: PowerBiHost): Promise<Discovery> {
  const pbi = host.powerbi();
  const principal = pbi.principal({ step: 'discover' });
  const registry = await host.registry();
  const tenants = await listTenants(registry);
  const records = new Map<string, Map<string, string>>();
  for (const t of tenants) records.set(t.code, new Map((await listResources(registry, t.code)).filter((r) => r.externalId).map((r) => [r.key, r.externalId!.toLowerCase()])));
  const byProfile = new Map([...records].filter(([, r]) => r.has(KEYS.profile)).map(([code, r]) => [r.get(KEYS.profile)!, code]));
  const byWorkspace = new Map([...records].filter(([, r]) => r.has(KEYS.workspace)).map(([code, r]) => [r.get(KEYS.workspace)!, code]));
  const template = host.platform.powerbi.templateWorkspace.toLowerCase();

  const discrepancies: Discrepancy[] = [];
  const identities: DiscoveredIdentity[] = [];
  const seenWorkspaces = new Set<string>();
  const seenProfiles = new Set<string>();

  const profiles = host.platform.powerbi.tenantProfiles ? await principal.listProfiles() : [];
  const callers = [{ name: 'principal', client: principal, profileId: undefined as string | undefined }, ...profiles.map((p) => ({ name: p.displayName, client: pbi.asProfile(p.id, 'deploy', { step: 'discover' }), profileId: p.id.toLowerCase() }))];
  for (const caller of callers) {
    const tenant = caller.profileId ? byProfile.get(caller.profileId) : undefined;
    if (caller.profileId) {
      seenProfiles.add(caller.profileId);
      if (!tenant) discrepancies.push({ kind: 'unknown', what: 'profile', id: caller.profileId, detail: `profile ${caller.name} is recorded for no tenant` });
    }
    const workspaces: DiscoveredWorkspace[] = [];
    for (const g of await caller.client.listGroups()) {
      const id = g.id.toLowerCase();
      if (g.name.toLowerCase() === template || (caller.profileId === undefined && byWorkspace.has(id))) continue;
      const [models, reports, dataflows] = await Promise.all([caller.client.listDatasets(g.id), caller.client.listReports(g.id), caller.client.listDataflows(g.id)]);
      const owner = byWorkspace.get(id);
      workspaces.push({ id: g.id, name: g.name, tenant: owner, models, reports, dataflows });
      seenWorkspaces.add(id);
      if (!owner) {
        discrepancies.push({ kind: 'unknown', tenant, what: 'workspace', id: g.id, detail: `workspace ${g.name} is recorded for no tenant` });
        continue;
      }
      if (tenant && owner !== tenant) discrepancies.push({ kind: 'mismatched', tenant, what: 'workspace', id: g.id, detail: `the profile of ${tenant} sees ${owner}'s workspace ${g.name}` });
      await compareWorkspace(host, owner, records.get(owner)!, { models, reports }, caller.name, discrepancies);
    }
    identities.push({ name: caller.name, profileId: caller.profileId, tenant, workspaces });
  }
  for (const [code, r] of records) {
    const profile = r.get(KEYS.profile);
    if (profile && host.platform.powerbi.tenantProfiles && !seenProfiles.has(profile)) discrepancies.push({ kind: 'missing', tenant: code, what: 'profile', id: profile, detail: `${code}'s profile is gone` });
    const ws = r.get(KEYS.workspace);
    if (ws && !seenWorkspaces.has(ws)) discrepancies.push({ kind: 'missing', tenant: code, what: 'workspace', id: ws, detail: `${code}'s workspace is not visible to its profile` });
  }
  return { principalWorkspaces: await principal.countGroups(), identities, discrepancies };
}

async function compareWorkspace(
  host: PowerBiHost,
  code: string,
  records: Map<string, string>,
  seen: { models: Dataset[]; reports: Report[] },
  callerName: string,
  out: Discrepancy[],
): Promise<void> {
  const modelId = records.get(KEYS.model);
  const model = seen.models.find((m) => m.id.toLowerCase() === modelId);
  if (modelId && !model) out.push({ kind: 'missing', tenant: code, what: 'model', id: modelId, detail: `${code}'s semantic model is gone` });
  for (const m of seen.models) {
    if (m.id.toLowerCase() !== modelId) out.push({ kind: 'unknown', tenant: code, what: 'model', id: m.id, detail: `model ${m.name} is not the one the registry records` });
  }
  if (model && host.platform.powerbi.tenantProfiles && callerName !== 'principal' && model.configuredBy?.toLowerCase() !== callerName.toLowerCase()) {
    out.push({ kind: 'mismatched', tenant: code, what: 'model', id: model.id, detail: `owned by ${model.configuredBy}, not by the tenant's profile` });
  }
  const mappings = await listReportMappings(await host.registry(), code);
  const mapped = new Map(mappings.map((m) => [m.tenantReportId.toLowerCase(), m]));
  const present = new Set(seen.reports.map((r) => r.id.toLowerCase()));
  for (const r of seen.reports) {
    if (!mapped.has(r.id.toLowerCase())) out.push({ kind: 'unknown', tenant: code, what: 'report', id: r.id, detail: `report ${r.name} maps to no template` });
    else if (modelId && r.datasetId?.toLowerCase() !== modelId) out.push({ kind: 'mismatched', tenant: code, what: 'report', id: r.id, detail: `report ${r.name} is bound to ${r.datasetId ?? 'nothing'}, not to the tenant's model` });
  }
  for (const m of mappings) {
    if (!present.has(m.tenantReportId.toLowerCase())) out.push({ kind: 'missing', tenant: code, what: 'report', id: m.tenantReportId, detail: `the report of "${m.templateName}" is gone` });
  }
}

export function renderDiscovery(d: Discovery): string {
  const lines = [`principal: member of ${d.principalWorkspaces} of 1,000 workspaces`];
  for (const id of d.identities) {
    if (id.name === 'principal' && !id.workspaces.length) continue;
    lines.push(`${id.name}${id.tenant ? ` (${id.tenant})` : ''}: ${id.workspaces.map((w) => `${w.name} [${w.models.length} model(s), ${w.reports.length} report(s), ${w.dataflows.length} dataflow(s)]`).join('; ') || 'no workspaces'}`);
  }
  lines.push(d.discrepancies.length ? `${d.discrepancies.length} discrepancy(ies):` : 'no discrepancies: Power BI and the registry agree');
  for (const x of d.discrepancies) lines.push(`  ${x.kind.padEnd(10)} ${x.what.padEnd(9)} ${x.id}${x.tenant ? ` (${x.tenant})` : ''}: ${x.detail}`);
  return lines.join('\n');
}
