// Fixtures of the DNS tests: a platform and tenants in their validated shape, and a small harness
// that plans and applies a set of tenants' DNS resources through the real plan engine with a
// DnsService over the provider under test. Synthetic values only.
import type { PlatformConfig, TenantConfig, TenantContext } from '../../src/config/index.ts';
import { createDnsService, dnsCapability, type DnsProvider, type DnsService } from '../../src/dns/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { deriveNames, tenantHostname } from '../../src/naming/index.ts';
import { applyPlan, buildPlan, type ApplyResult, type ContextFactory, type Plan } from '../../src/plan/index.ts';

export const ZONE = 'tenants.example.com';

export function platformConfig(dns: Partial<PlatformConfig['dns']> = {}): PlatformConfig {
  return {
    name: 'tenantops-test',
    clusters: { main: { host: 'pg.example.com', port: 5432, adminSecret: 'TEST_ADMIN_URL', maxConnections: 100, sslmode: 'require' } },
    capacities: { a1: { sku: 'A1' } },
    dns: { zone: ZONE, provider: 'godaddy', recordType: 'CNAME', target: 'app.example.com', ttl: 600, changeThreshold: { maxShare: 0.3, minRecords: 10 }, ...dns },
    powerbi: { templateWorkspace: 'Templates', credentialProfile: 'deployer', tenantProfiles: true },
    credentialProfiles: { deployer: { tenantId: '00000000-0000-4000-8000-000000000001', clientId: '00000000-0000-4000-8000-000000000002', type: 'client-secret', clientSecretSecret: 'TEST_SECRET' } },
    registry: { urlSecret: 'TENANTOPS_REGISTRY_URL' },
  };
}

export function tenantConfig(code: string, extra: Partial<TenantConfig> = {}): TenantConfig {
  return {
    code,
    name: code,
    subdomain: code,
    providers: { lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT' },
    database: { isolation: 'schema', cluster: 'main' },
    powerbi: { capacity: 'a1' },
    dns: { takeover: false },
    modules: ['operations'],
    superUsers: [{ email: 'ops@example.com', firstName: 'Op', lastName: 'S' }],
    lifecycle: 'active',
    deletionPolicy: 'retain',
    ...extra,
  };
}

/** A tenant as a run hands it to dns: its names derived once (no reports: dns reads none). */
export function dnsContext(config: TenantConfig, platform: PlatformConfig = platformConfig()): TenantContext {
  return { config, platform, root: '.', names: deriveNames(config.code), hostname: tenantHostname(config.subdomain, platform.dns.zone), reports: [] };
}

export interface DnsHarness {
  service: DnsService;
  log: ReturnType<typeof createMemoryLogger>;
  plan(tenants: TenantConfig[], platform?: PlatformConfig): Promise<Plan>;
  apply(tenants: TenantConfig[], options?: { platform?: PlatformConfig; force?: boolean }): Promise<ApplyResult>;
}

export function dnsHarness(provider: DnsProvider, options: { sleep?: (ms: number) => Promise<void>; platform?: PlatformConfig } = {}): DnsHarness {
  const base = options.platform ?? platformConfig();
  const service = createDnsService(provider, { ownerId: base.name, sleep: options.sleep });
  const log = createMemoryLogger();
  const createContext: ContextFactory = (tenant, { force }) => ({ tenant, allowDestroy: force, log, services: { tenantops: { dns: () => service } } });
  const graphs = (tenants: TenantConfig[], platform: PlatformConfig) => tenants.map((t) => ({ tenant: t.code, resources: dnsCapability.desiredResources(dnsContext(t, platform)) }));
  return {
    service,
    log,
    plan: (tenants, platform = base) => buildPlan({ tenants: graphs(tenants, platform), createContext }),
    apply: (tenants, o = {}) => applyPlan(undefined, { tenants: graphs(tenants, o.platform ?? base), createContext, log, force: o.force }),
  };
}

/** `[key, action]` of each planned change of one tenant. */
export function changesOf(plan: Plan, tenant: string): [string, string][] {
  return (plan.tenants.find((t) => t.tenant === tenant)?.changes ?? []).map((c) => [c.key, c.action]);
}
