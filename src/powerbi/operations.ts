// `tenantops refresh`: on-demand data refreshes across tenants (the Power BI operations plan).
// Semantic models get an enhanced refresh on a dedicated capacity (followed by its own request
// id) and a plain one on shared capacity, where the daily budget of 8 is checked first; only one
// refresh per model runs at a time. Gen1 dataflows are refreshed and followed through their
// transactions. Tenants fan out with a bound; every tenant gets a result row, failures included.
import type { TenantConfig } from '../config/index.ts';
import { RemoteApiError } from '../errors/index.ts';
import { listResources, type Queryable } from '../registry/index.ts';
import type { PowerBiClient } from './client.ts';
import { runRefresh } from './refresh.ts';
import { KEYS, type PowerBiHost } from './view.ts';

/** Refreshes per model per UTC day on shared capacity. */
export const SHARED_DAILY_REFRESHES = 8;

type Pacing = { sleep: (ms: number) => Promise<void>; now: () => number; operationTimeoutMs: number };

export type RefreshWhat = 'models' | 'dataflows' | 'both';

export interface RefreshTenantsOptions {
  tenants: readonly TenantConfig[];
  what?: RefreshWhat;
  /** Wait for each refresh to finish; default false (start it and report `Started`). */
  wait?: boolean;
  /** Tenants refreshed at once; default 4. */
  concurrency?: number;
}

export interface RefreshResult {
  tenant: string;
  target: string;
  status: 'Completed' | 'Started' | 'Failed' | 'Skipped';
  requestId?: string;
  detail?: string;
  durationMs: number;
}

export async function refreshTenants(host: PowerBiHost, options: RefreshTenantsOptions): Promise<RefreshResult[]> {
  const pbi = host.powerbi();
  const what = options.what ?? 'models';
  const perTenant = await boundedMap(options.tenants, options.concurrency ?? 4, async (tenant) => {
    const started = pbi.now();
    const row = (target: string, status: RefreshResult['status'], extra: Partial<RefreshResult> = {}): RefreshResult => ({ tenant: tenant.code, target, status, ...extra, durationMs: pbi.now() - started });
    if (tenant.lifecycle !== 'active') return [row('tenant', 'Skipped', { detail: `the tenant is ${tenant.lifecycle}` })];
    const records = new Map((await listResources(await host.registry(), tenant.code)).map((r) => [r.key, r.externalId ?? undefined]));
    const ws = records.get(KEYS.workspace);
    const profile = records.get(KEYS.profile);
    if (!ws || (host.platform.powerbi.tenantProfiles && !profile)) return [row('tenant', 'Skipped', { detail: 'not onboarded: the registry records no workspace' })];
    const client = profile ? pbi.asProfile(profile, 'deploy', { tenant: tenant.code, step: 'refresh' }) : pbi.principal({ tenant: tenant.code, step: 'refresh' });
    const rows: RefreshResult[] = [];
    if (what !== 'dataflows') {
      const model = records.get(KEYS.model);
      if (!model) rows.push(row('model', 'Skipped', { detail: 'the registry records no model' }));
      else rows.push(await refreshModel(tenant, client, ws, model, options.wait ?? false, row, pbi, await host.registry()));
    }
    if (what !== 'models') rows.push(...(await refreshDataflows(client, ws, options.wait ?? false, row, pbi)));
    return rows;
  });
  return perTenant.flat();
}

async function refreshModel(
  tenant: TenantConfig,
  client: PowerBiClient,
  ws: string,
  model: string,
  wait: boolean,
  row: (target: string, status: RefreshResult['status'], extra?: Partial<RefreshResult>) => RefreshResult,
  pacing: Pacing,
  registry: Queryable,
): Promise<RefreshResult> {
  const dedicated = tenant.powerbi.capacity !== 'shared';
  try {
    const history = await client.listRefreshes(ws, model, 50);
    const running = history.find((r) => r.status === 'Unknown');
    if (running && !wait) return row('model', 'Skipped', { requestId: running.requestId, detail: 'a refresh is already running (one at a time per model)' });
    const group = (await client.listGroups()).find((g) => g.id.toLowerCase() === ws.toLowerCase());
    const onDedicated = dedicated && !!group?.isOnDedicatedCapacity;
    if (!onDedicated) {
      const today = new Date(pacing.now()).toISOString().slice(0, 10);
      const used = history.filter((r) => r.startTime?.slice(0, 10) === today).length;
      if (used >= SHARED_DAILY_REFRESHES) return row('model', 'Skipped', { detail: `the daily budget of ${SHARED_DAILY_REFRESHES} refreshes on shared capacity is used` });
    }
    const result = await runRefresh(client, ws, model, { enhanced: onDedicated, tenant: tenant.code, pbi: pacing, noWait: !wait, registry });
    return row('model', wait ? 'Completed' : 'Started', { requestId: result.requestId, detail: onDedicated ? 'enhanced refresh' : 'refresh' });
  } catch (err) {
    return row('model', 'Failed', { detail: err instanceof Error ? err.message : String(err), requestId: err instanceof RemoteApiError ? err.details.requestId : undefined });
  }
}

async function refreshDataflows(
  client: PowerBiClient,
  ws: string,
  wait: boolean,
  row: (target: string, status: RefreshResult['status'], extra?: Partial<RefreshResult>) => RefreshResult,
  pacing: Pacing,
): Promise<RefreshResult[]> {
  const out: RefreshResult[] = [];
  for (const flow of await client.listDataflows(ws)) {
    const target = `dataflow ${flow.name}`;
    try {
      const before = new Set((await client.listDataflowTransactions(ws, flow.objectId)).map((t) => t.id));
      await client.refreshDataflow(ws, flow.objectId);
      if (!wait) {
        out.push(row(target, 'Started'));
        continue;
      }
      // Follow the transaction this refresh started (the one not there before), not an older one.
      const deadline = pacing.now() + pacing.operationTimeoutMs;
      let wait_ = 1_000;
      for (;;) {
        const mine = (await client.listDataflowTransactions(ws, flow.objectId)).find((t) => !before.has(t.id));
        if (mine && mine.status !== 'InProgress') {
          out.push(row(target, mine.status === 'Success' ? 'Completed' : 'Failed', { requestId: mine.id, detail: `transaction ${mine.status}` }));
          break;
        }
        if (pacing.now() >= deadline) {
          out.push(row(target, 'Failed', { requestId: mine?.id, detail: 'still in progress at the timeout' }));
          break;
        }
        await pacing.sleep(Math.min(wait_, deadline - pacing.now()));
        wait_ = Math.min(5_000, wait_ * 2);
      }
    } catch (err) {
      out.push(row(target, 'Failed', { detail: err instanceof Error ? err.message : String(err) }));
    }
  }
  return out;
}

async function boundedMap<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

/** A result table: one row per tenant and target. */
export function renderRefreshTable(results: readonly RefreshResult[]): string {
  const lines = ['| tenant | target | status | request id | detail |', '|---|---|---|---|---|'];
  for (const r of results) lines.push(`| ${r.tenant} | ${r.target} | ${r.status} | ${r.requestId ?? ''} | ${(r.detail ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ')} |`);
  return lines.join('\n');
}
