// Which template reports a tenant gets: those whose provider code is exactly the tenant's
// combination, at their latest version, in a module the tenant has enabled.

import { buildProviderCode, compareVersions, formatVersion } from './name.ts';
import { reportKey } from './pins.ts';
import type { MatchedReport, TemplateReport, TenantSelection } from './types.ts';

/** Of several versions of one report (same provider code and persona), keeps only the newest. */
export function selectLatest(reports: readonly TemplateReport[]): TemplateReport[] {
  const latest = new Map<string, TemplateReport>();
  for (const r of reports) {
    const key = reportKey(r);
    const current = latest.get(key);
    if (!current || compareVersions(r.version, current.version) > 0) latest.set(key, r);
  }
  return [...latest.values()];
}

/**
 * The reports that apply to a tenant, sorted by persona then name. The latest version is chosen
 * before the module filter: when a report moves to another module, a tenant without that module
 * loses it rather than silently keeping an outdated version. `pinned` (templates/pins.yaml, by
 * report key) holds the tenant at an earlier version of a report instead of the latest.
 */
export function matchReports(tenant: TenantSelection, reports: readonly TemplateReport[], pinned?: ReadonlyMap<string, TemplateReport>): MatchedReport[] {
  const code = buildProviderCode(tenant.providers);
  const enabled = tenant.modules ? new Set(tenant.modules) : undefined;
  return selectLatest(reports.filter((r) => r.providerCode === code))
    .map((r) => pinned?.get(reportKey(r)) ?? r)
    .filter((r) => !enabled || enabled.has(r.module))
    .map((r) => ({ name: r.name, providerCode: r.providerCode, persona: r.persona, version: formatVersion(r.version), module: r.module }))
    .sort((a, b) => compareText(a.persona, b.persona) || compareText(a.name, b.name));
}

// Code-point order, not locale order: the same list on every machine.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
