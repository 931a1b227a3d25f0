// Rules a JSON Schema cannot express for one tenant file: its name, reserved names, codes known to
// the catalog, names defined in platform.yaml, dedicated clusters, super users. They run on the
// parsed data even when the schema failed, reading fields defensively, so one run reports
// everything; uniqueness across tenants lives in validate.ts where all files meet.

import type { ProviderRegistry } from '../catalog/index.ts';
import { isValidTenantCode } from '../naming/index.ts';
import type { Issue } from './issues.ts';
import type { Isolation } from './types.ts';
import * as msg from './messages.ts';

/** Names no tenant may take as code or subdomain: they collide with platform hosts or records. */
export const RESERVED_NAMES: readonly string[] = [
  '_tenantops', 'admin', 'api', 'app', 'assets', 'auth', 'autodiscover', 'billing', 'blog', 'cdn', 'dashboard',
  'dev', 'docs', 'ftp', 'help', 'imap', 'internal', 'login', 'mail', 'mx', 'ns', 'ns1', 'ns2', 'platform',
  'pop', 'portal', 'registry', 'smtp', 'sso', 'staging', 'static', 'status', 'support', 'tenantops', 'test',
  'webmail', 'www',
];

const PROVIDER_CATEGORIES = ['lms', 'englishMaths', 'crm', 'hr'] as const;

// The one fact about isolation modes a tenant rule needs: which keep the tenant's schema in its
// cluster's shared database (clusters.<name>.database). config sits below db and cannot ask db's
// isolation strategies; test/db/isolation-strategy.test.ts holds this table to agree with them.
const IN_SHARED_DATABASE: Readonly<Record<Isolation, boolean>> = { schema: true, database: false, byod: false };

// The common shape of an address; deliverability is not our concern, typos are.
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** What tenant rules need from platform.yaml, read leniently from its data (it may be invalid). */
export interface PlatformView {
  file: string;
  clusters: Record<string, { dedicatedTo?: unknown; database?: unknown }>;
  capacities: Record<string, { sku?: unknown }>;
}

export interface TenantRuleContext {
  providers: ProviderRegistry;
  /** Absent when platform.yaml is missing or unreadable: platform-dependent rules are skipped. */
  platform?: PlatformView;
}

export function checkTenantRules(data: Record<string, unknown>, file: string, ctx: TenantRuleContext): Issue[] {
  return [
    ...checkFileName(data, file),
    ...checkReserved(data),
    ...checkProviders(data, ctx.providers),
    ...checkModules(data, ctx.providers),
    ...(ctx.platform ? checkPlatformNames(data, ctx.platform) : []),
    ...checkSuperUsers(data),
  ];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function checkFileName(data: Record<string, unknown>, file: string): Issue[] {
  const code = str(data.code);
  const base = file.slice(file.lastIndexOf('/') + 1);
  // An invalid code has its own finding, and quoting it in a file name could break the line.
  if (code === undefined || !isValidTenantCode(code) || base === `${code}.yaml`) return [];
  return [{ path: ['code'], target: 'value', message: msg.fileNameMismatch(code, base) }];
}

function checkReserved(data: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  for (const field of ['code', 'subdomain'] as const) {
    const value = str(data[field]);
    if (value !== undefined && RESERVED_NAMES.includes(value.toLowerCase())) {
      issues.push({ path: [field], target: 'value', message: msg.reservedName(field, value, RESERVED_NAMES) });
    }
  }
  return issues;
}

function checkProviders(data: Record<string, unknown>, registry: ProviderRegistry): Issue[] {
  const providers = obj(data.providers);
  if (!providers) return [];
  const issues: Issue[] = [];
  for (const category of PROVIDER_CATEGORIES) {
    const value = str(providers[category]);
    if (value === undefined || value === '') continue;
    const known = [...registry[category]].sort();
    if (!known.includes(value)) {
      issues.push({ path: ['providers', category], target: 'value', message: msg.unknownProvider(category, value, known) });
    }
  }
  return issues;
}

function checkModules(data: Record<string, unknown>, registry: ProviderRegistry): Issue[] {
  if (!Array.isArray(data.modules)) return [];
  const known = [...registry.modules].sort();
  const issues: Issue[] = [];
  data.modules.forEach((m, i) => {
    if (typeof m === 'string' && m !== '' && !known.includes(m)) {
      issues.push({ path: ['modules', i], target: 'value', message: msg.unknownModule(`modules[${i}]`, m, known) });
    }
  });
  return issues;
}

function checkPlatformNames(data: Record<string, unknown>, platform: PlatformView): Issue[] {
  const issues: Issue[] = [];
  const code = str(data.code) ?? '';
  const database = obj(data.database);
  const clusterName = str(database?.cluster);
  if (clusterName) {
    const cluster = Object.hasOwn(platform.clusters, clusterName) ? platform.clusters[clusterName] : undefined;
    const usable = Object.entries(platform.clusters)
      .filter(([, c]) => c.dedicatedTo === undefined || c.dedicatedTo === code)
      .map(([n]) => n)
      .sort();
    if (!cluster) {
      issues.push({
        path: ['database', 'cluster'],
        target: 'value',
        message: msg.notDefinedInPlatform('database.cluster', clusterName, 'cluster', platform.file, Object.keys(platform.clusters).sort()),
      });
    } else if (typeof cluster.dedicatedTo === 'string' && cluster.dedicatedTo !== code) {
      issues.push({ path: ['database', 'cluster'], target: 'value', message: msg.clusterDedicated(clusterName, cluster.dedicatedTo, code, usable) });
    } else if (inSharedDatabase(database?.isolation) && typeof cluster.database !== 'string') {
      const withDatabase = usable.filter((n) => typeof platform.clusters[n].database === 'string');
      issues.push({ path: ['database', 'cluster'], target: 'value', message: msg.noSharedDatabase(clusterName, platform.file, withDatabase) });
    }
  }

  const powerbi = obj(data.powerbi);
  const capacityName = str(powerbi?.capacity);
  if (capacityName) {
    const capacity = Object.hasOwn(platform.capacities, capacityName) ? platform.capacities[capacityName] : undefined;
    if (!capacity) {
      issues.push({
        path: ['powerbi', 'capacity'],
        target: 'value',
        message: msg.notDefinedInPlatform('powerbi.capacity', capacityName, 'capacity', platform.file, Object.keys(platform.capacities).sort()),
      });
    } else if (obj(powerbi?.fabric) && typeof capacity.sku === 'string' && !holdsFabricItems(capacity.sku)) {
      const usable = Object.entries(platform.capacities)
        .filter(([, c]) => typeof c.sku === 'string' && holdsFabricItems(c.sku))
        .map(([n]) => n)
        .sort();
      issues.push({ path: ['powerbi', 'fabric'], target: 'key', message: msg.fabricNeedsCapacity(capacityName, capacity.sku, usable) });
    }
  }
  return issues;
}

/** Fabric items (lakehouse, warehouse) need a Fabric F SKU or a Premium P SKU. */
function holdsFabricItems(sku: string): boolean {
  return /^[FP]\d+$/.test(sku);
}

function inSharedDatabase(isolation: unknown): boolean {
  return typeof isolation === 'string' && Object.hasOwn(IN_SHARED_DATABASE, isolation) && IN_SHARED_DATABASE[isolation as Isolation];
}

function checkSuperUsers(data: Record<string, unknown>): Issue[] {
  if (!Array.isArray(data.superUsers)) return [];
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  data.superUsers.forEach((user, i) => {
    const email = str(obj(user)?.email);
    if (email === undefined || email.length < 3) return; // the schema reports those
    const path = ['superUsers', i, 'email'];
    if (!EMAIL.test(email)) {
      issues.push({ path, target: 'value', message: msg.invalidEmail(`superUsers[${i}].email`, email) });
      return;
    }
    const first = seen.get(email.toLowerCase());
    if (first !== undefined) {
      issues.push({ path, target: 'value', message: msg.duplicateEmail(`superUsers[${i}].email`, email, `superUsers[${first}].email`) });
    } else {
      seen.set(email.toLowerCase(), i);
    }
  });
  return issues;
}
