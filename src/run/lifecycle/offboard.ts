// Offboarding a tenant whose file says `lifecycle: decommissioned`. With deletionPolicy retain it
// is an ordinary apply (logins off, refresh off, DNS removed, everything kept). With delete: the
// teardown plan is made and shown, the tenant's data exported (sealed, uploaded, its manifest
// recorded), and only then is everything deleted, dns → powerbi → db → the registry's rows,
// ending with a deletion certificate in the audit log and the job summary. An export that fails
// deletes nothing.
import { EnvironmentError } from '../../errors/index.ts';
import { shortHash } from '../../plan/index.ts';
import { appendAudit, deleteTenantRows, transitionTenant } from '../../registry/index.ts';
import { applyTenants } from '../apply.ts';
import type { Inputs } from '../inputs.ts';
import type { CapabilityName } from '../resources.ts';
import type { Services } from '../services.ts';
import type { ExportResult } from './export.ts';
import { appliedKeys, applyTeardown, planTeardown, renderTeardownMarkdown, tenantFile, type RunActor, type TeardownPlan } from './teardown.ts';

export interface OffboardOptions extends RunActor {
  tenant: string;
  /** Only these capabilities; all when absent or empty. */
  only?: readonly CapabilityName[];
  /** Called with the teardown plan's markdown before anything is exported or deleted. */
  showPlan?: (markdown: string) => Promise<void>;
}

export interface DeletionCertificate {
  tenant: string;
  deletedAt: string;
  deletedBy: string;
  approvedBy?: string;
  githubRun?: string;
  runUrl?: string;
  export: { location: string; manifestBlob: string; manifestSha256: string; tables: { table: string; rows: number; sha256: string }[] };
  /** Resource keys deleted per capability, and registry rows per table. */
  deleted: { dns: string[]; powerbi: string[]; db: string[]; registry: Record<string, number> };
  planHashes: Record<string, string>;
}

export interface OffboardResult {
  tenant: string;
  policy: 'retain' | 'delete';
  /** The teardown plan's markdown (delete only). */
  planMarkdown?: string;
  export?: ExportResult;
  certificate?: DeletionCertificate;
  /** What retain applied. */
  applied?: string[];
  markdown: string;
}

export async function offboardTenant(inputs: Inputs, services: Services, options: OffboardOptions): Promise<OffboardResult> {
  const { config } = tenantFile(inputs, options.tenant);
  if (config.lifecycle !== 'decommissioned') {
    throw new EnvironmentError(`tenant ${config.code} is ${config.lifecycle} in tenants/${config.code}.yaml; offboarding follows the file: set lifecycle: decommissioned (and deletionPolicy) there first`);
  }
  const run: RunActor = { actor: options.actor, githubRun: options.githubRun, githubRunUrl: options.githubRunUrl, approvedBy: options.approvedBy };
  if (config.deletionPolicy === 'retain') {
    const result = await applyTenants(inputs, services, { tenant: config.code, only: options.only, ...run });
    const applied = result.tenants.flatMap((t) => t.applied);
    // The apply moved a live tenant to `suspended` (src/run/apply.ts): retain keeps it that way.
    return { tenant: config.code, policy: 'retain', applied, markdown: `### Offboarding ${config.code}\n\ndeletionPolicy retain: suspended and kept (${applied.length} change(s) applied).` };
  }
  // The export (and with it the Azure Blob Storage SDK) is loaded only by the one path that uses
  // it: every other command imports the run layer too, and should not pay for it.
  const { exportTenant, offboardingSettings } = await import('./export.ts');
  // Settings first: a platform without them deletes nothing and exports nothing.
  offboardingSettings(inputs);
  const teardown = await planTeardown(inputs, services, config.code, options.only);
  const planMarkdown = renderTeardownMarkdown(teardown);
  await options.showPlan?.(planMarkdown);
  const exported = await exportTenant(inputs, services, config, run);
  const certificate = await deleteAndCertify(teardown, services, run, exported);
  return { tenant: config.code, policy: 'delete', planMarkdown, export: exported, certificate, markdown: renderCertificateMarkdown(certificate) };
}

async function deleteAndCertify(teardown: TeardownPlan, services: Services, run: RunActor, exported: ExportResult): Promise<DeletionCertificate> {
  const applied = appliedKeys(await applyTeardown(teardown, services, run));
  const registry = await services.registry();
  const rows = await deleteTenantRows(registry, teardown.tenant);
  await transitionTenant(registry, teardown.tenant, 'decommissioned', { actor: run.actor, run: run.githubRun, planHash: teardown.plans.map((p) => p.plan.hash).join(','), reason: 'offboarded (delete), export verified' });
  const certificate: DeletionCertificate = {
    tenant: teardown.tenant,
    deletedAt: new Date().toISOString(),
    deletedBy: run.actor,
    ...(run.approvedBy ? { approvedBy: run.approvedBy } : {}),
    ...(run.githubRun ? { githubRun: run.githubRun } : {}),
    ...(run.githubRunUrl ? { runUrl: run.githubRunUrl } : {}),
    export: {
      location: exported.location,
      manifestBlob: exported.manifestBlob,
      manifestSha256: exported.manifestSha256,
      tables: exported.manifest.tables.map(({ table, rows: n, sha256 }) => ({ table, rows: n, sha256 })),
    },
    deleted: { dns: applied.dns ?? [], powerbi: applied.powerbi ?? [], db: applied.db ?? [], registry: rows },
    planHashes: Object.fromEntries(teardown.plans.map(({ capability, plan }) => [capability, plan.hash])),
  };
  await appendAudit(registry, { actor: run.actor, githubRun: run.githubRun, tenant: teardown.tenant, action: 'tenant.offboard', target: 'deletion certificate', after: certificate });
  return certificate;
}

export function renderCertificateMarkdown(c: DeletionCertificate): string {
  const lines = [
    `### Deletion certificate: ${c.tenant}`,
    '',
    `Deleted ${c.deletedAt} by ${c.deletedBy}${c.approvedBy ? `, approved by ${c.approvedBy}` : ''}${c.runUrl ? ` ([run](${c.runUrl}))` : ''}.`,
    '',
    `Export: \`${c.export.location}\` (manifest \`${c.export.manifestBlob}\`, SHA-256 \`${c.export.manifestSha256}\`)`,
    '',
    '| Table | Rows | SHA-256 of the CSV |',
    '|---|---:|---|',
    ...c.export.tables.map((t) => `| ${t.table} | ${t.rows} | \`${t.sha256}\` |`),
    '',
    '| Deleted | |',
    '|---|---|',
    ...(['dns', 'powerbi', 'db'] as const).map((cap) => `| ${cap} (plan \`${shortHash(c.planHashes[cap] ?? '')}\`) | ${c.deleted[cap].join(', ') || 'nothing'} |`),
    `| registry | ${Object.entries(c.deleted.registry).map(([t, n]) => `${t}: ${n}`).join(', ') || 'nothing'} |`,
  ];
  return lines.join('\n');
}
