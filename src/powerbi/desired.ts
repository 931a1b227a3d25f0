// What a tenant's analytics should look like in Power BI / Fabric: its own service principal
// profile and workspace on its capacity, the semantic model bound to its own database, the
// optional Fabric items, and one report per matched template.
import type { MatchedReport } from '../catalog/index.ts';
import type { PlatformConfig, TenantConfig } from '../config/index.ts';
import { dataStoreOf } from '../db/desired.ts';
import { deriveNames } from '../naming/index.ts';
import { declareResource, type Resource } from '../plan/index.ts';

/** The template model in templates/semantic-model/ that every tenant's model is built from. */
export const TEMPLATE_MODEL = 'Tenant Analytics';

export function reportKey(report: Pick<MatchedReport, 'persona'>): string {
  return `powerbi/report/${report.persona.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

export function desiredPowerBiResources(tenant: TenantConfig, platform: PlatformConfig, reports: readonly MatchedReport[]): Resource[] {
  const names = deriveNames(tenant.code);
  const gone = tenant.lifecycle === 'decommissioned';
  const remove = gone && tenant.deletionPolicy === 'delete';
  const keep = <T>(state: T) => (remove ? undefined : state);
  const store = dataStoreOf(tenant, platform);
  const cluster = store.isolation === 'byod' ? undefined : platform.clusters[store.cluster];

  const resources: Resource[] = [];
  const profileKey = 'powerbi/profile';
  if (platform.powerbi.tenantProfiles) {
    resources.push(declareResource({ key: profileKey, kind: 'powerbi.profile', desired: keep({ name: names.profile }) }));
  }
  const after = (...keys: string[]) => keys.filter((k) => k !== profileKey || platform.powerbi.tenantProfiles);
  resources.push(
    declareResource({
      key: 'powerbi/workspace',
      kind: 'powerbi.workspace',
      dependsOn: after(profileKey),
      desired: keep({ name: names.workspace, capacity: tenant.powerbi.capacity }),
    }),
  );
  for (const [item, spec] of Object.entries(tenant.powerbi.fabric ?? {})) {
    if (!spec) continue;
    resources.push(
      declareResource({
        key: `fabric/${item}`,
        kind: `fabric.${item}`,
        dependsOn: ['powerbi/workspace'],
        desired: keep({ name: spec.name ?? `${names.workspace}-${item}` }),
      }),
    );
  }
  resources.push(
    declareResource({
      key: 'powerbi/model',
      kind: 'powerbi.model',
      dependsOn: ['powerbi/workspace', 'db/store'],
      desired: keep({
        name: names.semanticModel,
        template: TEMPLATE_MODEL,
        // Written into the model's M parameters before upload: the one source of truth.
        parameters: {
          Host: cluster?.host ?? `secret:${tenant.database.connectionSecret}`,
          Port: String(cluster?.port ?? 5432),
          Database: store.database,
          Schema: store.schema,
        },
        refresh: tenant.lifecycle === 'active',
      }),
    }),
  );
  for (const report of reports) {
    resources.push(
      declareResource({
        key: reportKey(report),
        kind: 'powerbi.report',
        dependsOn: ['powerbi/model'],
        desired: keep({ template: report.name, version: report.version, module: report.module, active: !gone && tenant.lifecycle === 'active' }),
        diff: { summary: { create: `clone "${report.name}"`, update: `update to "${report.name}"` } },
      }),
    );
  }
  return resources;
}
