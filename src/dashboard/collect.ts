// The adapter: fills the dashboard's view model from the registry (through its index, the same
// functions `status --json` reads) and the repository's inputs (tenant files, catalog, latest
// migration). It is the one file to touch when the registry records more — fields that do not
// exist yet are read tolerantly (`optionalText`) and stay undefined, which the pages show as "—".
// Only names, ids, times and links leave here: never a connection string, a role password or an
// audit row's before/after payload.
import { matchReports, pinsOf, templateBaseName, type TemplatePin, type TemplateReport } from '../catalog/index.ts';
import type { LoadedTenant, PlatformConfig, TenantConfig } from '../config/index.ts';
import { readTenantMigrations } from '../db/index.ts';
import type { Logger } from '../log/index.ts';
import { POWERBI_KEYS } from '../powerbi/index.ts';
import {
  getDriftCheck,
  listAudit,
  listDeployments,
  listInvitations,
  listModules,
  listRefreshRuns,
  listReportMappings,
  listResources,
  listTenants,
  listUsers,
  type AuditRecord,
  type DeploymentRecord,
  type DriftCheckRecord,
  type InvitationRecord,
  type Queryable,
  type RefreshRunRecord,
  type ReportMappingRecord,
  type ResourceRecord,
  type TenantRecord,
} from '../registry/index.ts';
import type { AuditView, CheckView, DashboardModel, DeploymentView, DriftView, FleetRow, ModuleView, RefreshView, RolloutView, TenantPage } from './model.ts';

/** What the repository says each tenant should have (Inputs of src/run satisfies it). */
export interface DashboardInputs {
  root: string;
  platform: Pick<PlatformConfig, 'dns'>;
  tenants: readonly LoadedTenant[];
  catalog: readonly TemplateReport[];
  pins?: readonly TemplatePin[];
}

export interface CollectOptions {
  /** `live`, `sandbox`: shown in the header. */
  source: string;
  /** The repository's view; without it expected reports, capacity and the latest migration are "—". */
  inputs?: DashboardInputs;
  /** The QA checklist per tenant code (`verify`), when it was run for this site. */
  checks?: ReadonlyMap<string, readonly CheckView[]>;
  rollout?: RolloutView;
  now?: () => Date;
}

const POWERBI_APP = 'https://app.powerbi.com';

export async function collectDashboard(registry: Queryable, options: CollectOptions): Promise<DashboardModel> {
  const latest = options.inputs ? latestMigration(options.inputs.root) : undefined;
  const pages: TenantPage[] = [];
  for (const tenant of await listTenants(registry)) {
    pages.push(await collectTenant(registry, tenant, options, latest));
  }
  return {
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    source: options.source,
    fleet: pages.map((p) => p.row),
    tenants: pages,
    ...(options.rollout ? { rollout: options.rollout } : {}),
  };
}

async function collectTenant(registry: Queryable, tenant: TenantRecord, options: CollectOptions, latest: string | undefined): Promise<TenantPage> {
  const code = tenant.code;
  const config = options.inputs?.tenants.find((t) => t.config.code === code)?.config;
  const resources = new Map((await listResources(registry, code)).map((r) => [r.key, r]));
  const mappings = await listReportMappings(registry, code, 'active');
  const audit = await listAudit(registry, code);
  const timeline = (await listDeployments(registry, code)).map(toDeploymentView);
  const refreshes = (await listRefreshRuns(registry, code, RECENT_REFRESHES)).map(toRefreshView);
  const expected = config && options.inputs
    ? matchReports({ providers: config.providers, modules: config.modules }, options.inputs.catalog, pinsOf(options.inputs.pins ?? [], code))
    : undefined;

  const applied = (resources.get('db/migrations')?.state as { applied?: unknown } | undefined)?.applied;
  const workspaceId = resources.get(POWERBI_KEYS.workspace)?.externalId ?? undefined;
  const approval = [...audit].reverse().find((a) => a.action === 'approve');

  const row: FleetRow = {
    code,
    name: tenant.name,
    status: tenant.status,
    lifecycle: tenant.lifecycle,
    isolation: tenant.isolation,
    cluster: tenant.cluster,
    capacity: config?.powerbi.capacity,
    provisionedAt: optionalTime(tenant, 'provisionedAt'),
    liveAt: optionalTime(tenant, 'liveAt'),
    approvedBy: optionalText(tenant, 'approvedBy') ?? approval?.actor.replace(/^github:/, ''),
    reports: { deployed: mappings.length, expected: expected?.length },
    refresh: refreshes[0] ?? refreshOfResource(resources.get(POWERBI_KEYS.refresh)),
    migration: Array.isArray(applied) || latest ? { version: Array.isArray(applied) ? migrationVersion(applied.at(-1)) : undefined, latest } : undefined,
    lastDeployment: timeline.at(-1),
    drift: toDriftView(await getDriftCheck(registry, code)),
    // A provisioned tenant waits at the go-live gate of the run that provisioned it.
    gateUrl: optionalText(tenant, 'gateUrl') ?? (tenant.status === 'provisioned' ? timeline.at(-1)?.runUrl : undefined),
    rolloutWave: options.rollout?.waves.find((w) => w.tenants.includes(code))?.name,
  };
  const users = await listUsers(registry, code);
  const invitations = invitationsByEmail(await listInvitations(registry, code));
  return {
    row,
    links: {
      workspace: workspaceId ? `${POWERBI_APP}/groups/${encodeURIComponent(workspaceId)}` : undefined,
      login: options.inputs ? `https://${tenant.subdomain}.${options.inputs.platform.dns.zone}/` : undefined,
    },
    checks: options.checks?.get(code)?.map((c) => ({ ...c })),
    refreshes,
    timeline,
    audit: audit.map(toAuditView),
    superUsers: users.map((u) => ({
      email: u.email,
      name: `${u.firstName} ${u.lastName}`,
      invitedAt: invitations.get(u.email)?.createdAt.toISOString(),
      redeemedAt: invitations.get(u.email)?.redeemedAt?.toISOString(),
    })),
    modules: modulesWithReports(await listModules(registry, code), mappings, expected),
  };
}

/** Per email, the invitation that counts: a redeemed one, else the newest not revoked. */
function invitationsByEmail(invitations: readonly InvitationRecord[]): Map<string, InvitationRecord> {
  const out = new Map<string, InvitationRecord>();
  for (const i of invitations) {
    const current = out.get(i.email);
    if (current?.redeemedAt) continue;
    if (i.redeemedAt || !i.revokedAt) out.set(i.email, i);
  }
  return out;
}

/** Each enabled module with the reports deployed for it (a report's module comes from the catalog). */
function modulesWithReports(
  modules: readonly string[],
  mappings: readonly ReportMappingRecord[],
  expected: readonly { providerCode: string; persona: string; module: string }[] | undefined,
): ModuleView[] {
  const moduleOf = new Map((expected ?? []).map((r) => [templateBaseName(r), r.module]));
  const out = new Map<string, ModuleView>(modules.map((m) => [m, { name: m, reports: [] }]));
  for (const m of mappings) {
    const module = moduleOf.get(m.templateName) ?? 'unassigned';
    if (!out.has(module)) out.set(module, { name: module, reports: [] });
    out.get(module)!.reports.push({
      name: `${m.templateName} v${m.templateVersion}`,
      url: `${POWERBI_APP}/groups/${encodeURIComponent(m.workspaceId)}/reports/${encodeURIComponent(m.tenantReportId)}`,
    });
  }
  return [...out.values()];
}

function toDeploymentView(d: DeploymentRecord): DeploymentView {
  return {
    at: new Date(d.startedAt).toISOString(),
    finishedAt: d.finishedAt ? new Date(d.finishedAt).toISOString() : undefined,
    actor: d.actor,
    status: d.status,
    planHash: d.planHash,
    runUrl: httpUrl(d.githubRunUrl),
  };
}

/** Refreshes on a tenant's page and in its chart. */
const RECENT_REFRESHES = 10;

function toRefreshView(r: RefreshRunRecord): RefreshView {
  return {
    state: r.state,
    at: (r.endedAt ?? r.startedAt).toISOString(),
    startedAt: r.startedAt.toISOString(),
    durationSeconds: r.durationMs === null ? undefined : r.durationMs / 1000,
  };
}

// A tenant refreshed before refresh_runs existed: its refresh resource knows the state, not the times.
function refreshOfResource(record: ResourceRecord | undefined): RefreshView | undefined {
  if (!record) return undefined;
  const status = (record.state as { status?: unknown } | null)?.status;
  return { state: typeof status === 'string' ? status : 'Unknown', at: new Date(record.updatedAt).toISOString() };
}

function toDriftView(check: DriftCheckRecord | undefined): DriftView | undefined {
  if (!check) return undefined;
  return { checkedAt: check.checkedAt.toISOString(), resources: [...check.resources], runUrl: httpUrl(check.runUrl) };
}

// before/after payloads stay out: they are for auditors with registry access, not a page.
function toAuditView(a: AuditRecord): AuditView {
  return {
    at: new Date(a.at).toISOString(),
    actor: a.actor,
    action: a.action,
    target: a.target ?? undefined,
    runUrl: httpUrl(a.githubRun),
  };
}

function latestMigration(root: string): string | undefined {
  return readTenantMigrations(root).at(-1)?.version;
}

/** `0003_x.sql#abcd…` → `0003`. */
function migrationVersion(id: unknown): string | undefined {
  return typeof id === 'string' ? /^(\d+)/.exec(id)?.[1] : undefined;
}

/** Only http(s) links become hrefs: a `javascript:` URL in a record must never be clickable. */
function httpUrl(value: string | null | undefined): string | undefined {
  return value && /^https?:\/\//i.test(value) ? value : undefined;
}

// Fields other branches add to the registry's records (provisionedAt, liveAt, approvedBy, …):
// read when present, without requiring them of today's types.
function optionalText(record: object, field: string): string | undefined {
  const value = (record as Record<string, unknown>)[field];
  return typeof value === 'string' && value ? value : undefined;
}

function optionalTime(record: object, field: string): string | undefined {
  const value = (record as Record<string, unknown>)[field];
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * The QA checklist from verify's results: today's `{name, ok, detail}` and the coming
 * `{id, ok, evidence}` alike.
 */
export function toCheckViews(checks: readonly { id?: string; name?: string; ok: boolean; evidence?: string; detail?: string }[]): CheckView[] {
  return checks.map((c) => ({ id: c.id ?? c.name ?? 'check', ok: c.ok, evidence: c.evidence ?? c.detail ?? '' }));
}

/** What `rollout status --json` reports (src/run's RolloutReport), as much as the page shows. */
export interface RolloutReportLike {
  id: string;
  status: string;
  reason?: string;
  haltedAt?: string;
  waves: readonly { name: string; tenants: readonly { tenant: string; state: string }[] }[];
}

export function toRolloutView(r: RolloutReportLike): RolloutView {
  const count = (w: RolloutReportLike['waves'][number], ...states: string[]) => w.tenants.filter((t) => states.includes(t.state)).length;
  return {
    name: `${r.reason ?? 'rollout'} ${r.id.slice(0, 8)}`,
    status: r.status,
    waves: r.waves.map((w) => {
      const succeeded = count(w, 'applied', 'skipped');
      const failed = count(w, 'failed');
      const pending = count(w, 'pending');
      return {
        name: w.name,
        tenants: w.tenants.map((t) => t.tenant),
        succeeded,
        failed,
        pending,
        status: r.haltedAt === w.name ? 'halted' : pending === w.tenants.length ? 'waiting' : pending ? 'running' : failed ? 'done, with failures' : 'done',
      };
    }),
  };
}

type VerifyResult = Parameters<typeof toCheckViews>[0];

/** How to verify one tenant: `verifyPowerBiTenant` over the run's services, for the CLI and npm start. */
export type VerifyTenant = (tenant: TenantConfig) => Promise<{ checks: VerifyResult }>;

/**
 * The QA checklist of every tenant that has something to verify: active, with a tenant file, and a
 * workspace in the registry (whatever its status says: a failed tenant's checks say why). One
 * tenant's failure is that tenant's failed check, not a missing dashboard.
 */
export async function collectChecks(registry: Queryable, tenants: readonly LoadedTenant[], verify: VerifyTenant, log: Logger): Promise<Map<string, CheckView[]>> {
  const checks = new Map<string, CheckView[]>();
  for (const record of await listTenants(registry)) {
    const loaded = tenants.find((t) => t.config.code === record.code);
    if (!loaded || record.lifecycle !== 'active') continue;
    if (!(await listResources(registry, record.code)).some((r) => r.key === POWERBI_KEYS.workspace)) continue;
    try {
      checks.set(record.code, toCheckViews((await verify(loaded.config)).checks));
    } catch (err) {
      log.warn(`${record.code}: verification failed: ${(err as Error).message}`);
      checks.set(record.code, [{ id: 'verify', ok: false, evidence: (err as Error).message }]);
    }
  }
  return checks;
}
