// The QA checklist a reviewer sees before the go-live gate, and that go-live holds the tenant to:
// eight fixed checks, each passed or failed with its evidence. It composes what the capabilities
// can tell (the DNS provider's record, Power BI's verification, the registry's record, the
// clusters' catalogs), so it lives in the run layer. A check that cannot be made fails, saying why.
import type { TenantConfig } from '../config/index.ts';
import { claimedTenant, describeSet, normalizeValue, queryServer, readTenantRecords } from '../dns/index.ts';
import { POWERBI_KEYS, verifyPowerBiTenant, type VerifyCheck } from '../powerbi/index.ts';
import { listReportMappings, listResources, listUsers, readModules, type UserRecord } from '../registry/index.ts';
import { checkRoleIsolation } from './checklist-isolation.ts';
import type { Inputs } from './inputs.ts';
import { tenantContext } from './resources.ts';
import type { Services } from './services.ts';

/** The checks, in the order reviewers read them. Their ids are a public interface (`verify --json`). */
export const CHECKLIST_IDS = ['dns', 'workspace', 'model', 'reports', 'modules', 'super-users', 'embed', 'isolation'] as const;
export type ChecklistId = (typeof CHECKLIST_IDS)[number];

export interface ChecklistItem {
  id: ChecklistId;
  ok: boolean;
  evidence: string;
}

export interface TenantChecklist {
  tenant: string;
  ok: boolean;
  checks: ChecklistItem[];
}

export interface ChecklistHooks {
  /**
   * More to say about the super users (their invitations): called with the users the registry
   * records; what it returns replaces the check's verdict and is appended to its evidence.
   */
  superUsers?: (input: { tenant: string; users: readonly UserRecord[] }) => Promise<{ ok: boolean; evidence: string }>;
}

export async function runChecklist(inputs: Inputs, services: Services, config: TenantConfig, hooks: ChecklistHooks = {}): Promise<TenantChecklist> {
  const items = new Map<ChecklistId, ChecklistItem>();
  const set = (id: ChecklistId, ok: boolean, evidence: string): void => {
    items.set(id, { id, ok, evidence });
  };
  const attempt = async (id: ChecklistId, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      set(id, false, (err as Error).message ?? String(err));
    }
  };
  const ctx = tenantContext(inputs, config);
  const code = config.code;
  const registry = await services.registry();

  await attempt('dns', async () => {
    const [record, ownership] = await readTenantRecords(services.dns(), ctx);
    const { target, recordType } = inputs.platform.dns;
    const want = normalizeValue(recordType, target);
    const has = record.set?.values.map((v) => normalizeValue(recordType, v)) ?? [];
    const owned = claimedTenant(ownership.set, services.dns().ownerId) === code;
    if (!record.set || has.length !== 1 || has[0] !== want) return set('dns', false, `${record.fqdn} ${record.type} is ${record.set ? describeSet(record.set) : 'absent'}; the platform's target is ${want}`);
    if (!owned) return set('dns', false, `${record.fqdn} points at ${want}, but ${ownership.fqdn} does not prove it is ${code}'s`);
    const server = services.dns().provider.nameserver;
    if (!server) return set('dns', true, `${record.fqdn} ${record.type} → ${want} (read back through the ${services.dns().provider.name} API)`);
    const answer = await queryServer(server, record.fqdn, recordType);
    if (!answer.reachable) return set('dns', true, `${record.fqdn} ${record.type} → ${want} (read back through the API; ${server} not reachable: ${answer.error})`);
    set('dns', answer.answer.join() === want, `${server} answers ${record.fqdn} ${record.type} → ${answer.answer.join(', ') || `nothing (${answer.error})`}${answer.answer.join() === want ? '' : `; the platform's target is ${want}`}`);
  });

  await attempt('workspace', async () => {
    const pbi = await verifyPowerBiTenant(services, config);
    const check = (name: string): VerifyCheck => pbi.checks.find((c) => c.name === name) ?? pbi.checks.find((c) => c.name === 'registry') ?? { name, ok: false, detail: `not verified` };
    const records = new Map((await listResources(registry, code)).map((r) => [r.key, r]));
    const workspaceId = records.get(POWERBI_KEYS.workspace)?.externalId;
    const link = workspaceId ? ` — https://app.powerbi.com/groups/${workspaceId}` : '';
    const ws = check('isolation');
    set('workspace', ws.ok, `${ws.detail}${link}`);

    const refresh = (records.get(POWERBI_KEYS.refresh)?.state ?? {}) as { status?: string };
    const model = [check('model'), check('parameters'), check('data')];
    const refreshed = refresh.status === 'Completed';
    set('model', model.every((c) => c.ok) && refreshed, [...new Set(model.map((c) => c.detail))].join('; ') + `; last refresh ${refresh.status ?? 'never'}`);

    const bound = check('reports bound');
    const deployed = (await listReportMappings(registry, code, 'active')).length;
    const expected = ctx.reports.length;
    set('reports', bound.ok && deployed === expected, `${deployed}/${expected} deployed; ${bound.detail}${link}`);

    const embed = check('embed token');
    set('embed', embed.ok, embed.detail);
  });
  for (const id of ['model', 'reports', 'embed'] as const) if (!items.has(id)) set(id, false, items.get('workspace')?.evidence ?? 'not verified');

  await attempt('modules', async () => {
    const state = await readModules(registry, code);
    const missing = config.modules.filter((m) => !Object.keys(state.modules[m] ?? {}).length);
    const mappings = await listReportMappings(registry, code, 'active');
    const unlinked = mappings.filter((m) => !state.reports[m.templateName]);
    const features = Object.values(state.modules).reduce((n, f) => n + Object.keys(f).length, 0);
    const ok = missing.length === 0 && unlinked.length === 0;
    set('modules', ok, [
      `${config.modules.length - missing.length}/${config.modules.length} module(s) initialised (${features} features)`,
      `${mappings.length - unlinked.length}/${mappings.length} report(s) linked to a feature`,
      ...(missing.length ? [`not initialised: ${missing.join(', ')}`] : []),
      ...(unlinked.length ? [`unlinked: ${unlinked.slice(0, 5).map((m) => m.templateName).join(', ')}${unlinked.length > 5 ? ', …' : ''}`] : []),
    ].join('; '));
  });

  await attempt('super-users', async () => {
    const users = await listUsers(registry, code);
    const wanted = new Set(config.superUsers.map((u) => u.email.toLowerCase()));
    const recorded = users.filter((u) => wanted.has(u.email));
    let ok = wanted.size > 0 && recorded.length === wanted.size && users.length === wanted.size;
    let evidence = `${users.length} super user(s) recorded${ok ? '' : `; the tenant file names ${wanted.size}`}`;
    if (hooks.superUsers) {
      const more = await hooks.superUsers({ tenant: code, users });
      ok &&= more.ok;
      evidence += `; ${more.evidence}`;
    }
    set('super-users', ok, evidence);
  });

  await attempt('isolation', async () => {
    const result = await checkRoleIsolation(services, registry, code);
    set('isolation', result.ok, result.evidence);
  });

  const checks = CHECKLIST_IDS.map((id) => items.get(id) ?? { id, ok: false, evidence: 'not checked' });
  return { tenant: code, ok: checks.every((c) => c.ok), checks };
}

/** The checklist as the job summary shows it: one table per tenant, ✅ / ❌ and the evidence. */
export function renderChecklistMarkdown(lists: readonly TenantChecklist[]): string {
  const out: string[] = [];
  for (const list of lists) {
    out.push(`### QA checklist: ${list.tenant} ${list.ok ? '✅' : '❌'}`, '', '| check | | evidence |', '|---|---|---|');
    for (const c of list.checks) out.push(`| ${c.id} | ${c.ok ? '✅' : '❌'} | ${c.evidence.replaceAll('|', '\\|').replaceAll('\n', ' ')} |`);
    out.push('');
  }
  return out.join('\n');
}

/** The checklist as terminal lines. */
export function renderChecklistText(list: TenantChecklist): string {
  return [`${list.tenant}: ${list.ok ? 'verified' : 'FAILED'}`, ...list.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.id}: ${c.evidence}`)].join('\n');
}
