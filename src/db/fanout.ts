// Fan-out migration, for a schema-change rollout: every tenant is attempted even when some fail,
// with bounded parallelism sized to each cluster's connection budget (the same tenth of it the
// admin pools use, so a rollout never crowds out the tenants' own connections), and a result per
// tenant as JSON and as a markdown table.
import type { PlatformConfig, TenantConfig } from '../config/index.ts';
import { appendAudit } from '../registry/index.ts';
import { migrateTenant } from './migrate.ts';
import { readTenantMigrations } from './migration-files.ts';
import { actorOf, type DbServices } from './services.ts';
import { dbSpecOf } from './spec.ts';
import { countWrite } from './sql.ts';
import { targetFor } from './target.ts';

export interface MigrateTenantsOptions {
  tenants: readonly TenantConfig[];
  services: DbServices;
  /** Tenants migrated at once in the whole run, whatever the clusters allow; default 16. */
  maxInFlight?: number;
  /** Milliseconds, for durations; default performance.now. */
  clock?: () => number;
}

export type TenantMigrationStatus = 'migrated' | 'up-to-date' | 'failed' | 'skipped';

export interface TenantMigrationResult {
  tenant: string;
  cluster: string;
  status: TenantMigrationStatus;
  /** Migration files applied by this run, in order. */
  applied: string[];
  durationMs: number;
  error?: string;
}

export interface MigrateTenantsResult {
  /** Every migration file, in order. */
  migrations: string[];
  tenants: TenantMigrationResult[];
  failed: number;
  durationMs: number;
}

/** Tenants of one cluster migrated at once: a tenth of its connection budget; one per byod server. */
export function clusterParallelism(platform: PlatformConfig, cluster: string): number {
  const config = platform.clusters[cluster];
  return config ? Math.max(1, Math.floor(config.maxConnections / 10)) : 1;
}

export async function migrateTenants(options: MigrateTenantsOptions): Promise<MigrateTenantsResult> {
  const { services } = options;
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const files = readTenantMigrations(services.root);
  const registry = await services.registry();
  const gates = new Map<string, Gate>();
  const gateFor = (cluster: string) => {
    let gate = gates.get(cluster);
    if (!gate) gates.set(cluster, (gate = createGate(clusterParallelism(services.platform, cluster))));
    return gate;
  };
  const global = createGate(options.maxInFlight ?? 16);
  const tenants = [...options.tenants].sort((a, b) => (a.code < b.code ? -1 : 1));
  const results = await Promise.all(
    tenants.map(async (tenant): Promise<TenantMigrationResult> => {
      const spec = dbSpecOf(tenant, services.platform);
      if (tenant.lifecycle === 'decommissioned') {
        return { tenant: tenant.code, cluster: spec.cluster, status: 'skipped', applied: [], durationMs: 0, error: 'decommissioned' };
      }
      // The cluster's gate first: waiting for it must not hold one of the run's own places.
      return gateFor(spec.cluster)(() =>
        global(async () => {
          const t0 = clock();
          try {
            const applied = await migrateTenant(await targetFor(services, spec), files, services.log);
            if (applied.length) {
              await appendAudit(registry, { ...actorOf(services), tenant: tenant.code, action: 'db.migrations.rollout', target: 'db/migrations', after: { applied } });
              countWrite();
            }
            return { tenant: tenant.code, cluster: spec.cluster, status: applied.length ? 'migrated' : 'up-to-date', applied, durationMs: clock() - t0 };
          } catch (err) {
            const error = (err as Error).message ?? String(err);
            services.log.error(`tenant ${tenant.code}: ${error}`);
            return { tenant: tenant.code, cluster: spec.cluster, status: 'failed', applied: [], durationMs: clock() - t0, error };
          }
        }),
      );
    }),
  );
  return {
    migrations: files.map((f) => f.name),
    tenants: results,
    failed: results.filter((r) => r.status === 'failed').length,
    durationMs: clock() - started,
  };
}

export type Gate = <T>(fn: () => Promise<T>) => Promise<T>;

/** At most `limit` calls of fn in flight; the rest wait in arrival order. */
export function createGate(limit: number): Gate {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    // A finished call hands its place straight to the next in line, so nobody overtakes the queue.
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

export function renderMigrationMarkdown(result: MigrateTenantsResult): string {
  const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const counts = (status: TenantMigrationStatus) => result.tenants.filter((t) => t.status === status).length;
  const lines = [
    `### Tenant migrations: ${counts('migrated')} migrated, ${counts('up-to-date')} up to date, ${counts('failed')} failed, ${counts('skipped')} skipped`,
    '',
    '| tenant | cluster | result | applied | duration |',
    '|---|---|---|---|---|',
    ...result.tenants.map(
      (t) =>
        `| ${t.tenant} | ${cell(t.cluster)} | ${t.status === 'failed' ? `**failed**: ${cell(t.error ?? '')}` : t.status}${t.status === 'skipped' && t.error ? ` (${t.error})` : ''} | ${t.applied.join(', ') || '—'} | ${Math.round(t.durationMs)} ms |`,
    ),
  ];
  return lines.join('\n');
}
