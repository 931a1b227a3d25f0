// The catalog against the template workspace: resolving matched names to report ids (names are
// not unique in Power BI, so a name found twice is an error, never a guess) and the diff that
// `tenantops catalog sync` proposes.

import { parseTemplateName } from './name.ts';
import type { MatchedReport, ParsedTemplateName, ProviderRegistry, TemplateReport } from './types.ts';

export interface WorkspaceReport {
  id: string;
  name: string;
}

export interface ResolutionProblem {
  name: string;
  reason: 'missing' | 'duplicate';
  /** The ids found under this name (empty when missing). */
  ids: string[];
  message: string;
}

export interface TemplateResolution {
  /** Report name → template report id, for every name that resolved to exactly one report. */
  ids: Map<string, string>;
  problems: ResolutionProblem[];
}

/** Resolves each matched report to the one template-workspace report of that exact name. */
export function resolveTemplateIds(matched: readonly Pick<MatchedReport, 'name'>[], workspaceReports: readonly WorkspaceReport[]): TemplateResolution {
  const byName = new Map<string, string[]>();
  for (const r of workspaceReports) byName.set(r.name, [...(byName.get(r.name) ?? []), r.id]);

  const ids = new Map<string, string>();
  const problems: ResolutionProblem[] = [];
  for (const { name } of matched) {
    const found = byName.get(name) ?? [];
    if (found.length === 1) {
      ids.set(name, found[0]);
    } else if (found.length === 0) {
      problems.push({
        name, reason: 'missing', ids: [],
        message: `template report ${JSON.stringify(name)} is in the catalog but not in the template workspace; allowed: publish it to the template workspace, or remove it from templates/reports.yaml`,
      });
    } else {
      problems.push({
        name, reason: 'duplicate', ids: [...found].sort(),
        message: `template report ${JSON.stringify(name)} appears ${found.length} times in the template workspace (ids ${[...found].sort().join(', ')}); allowed: exactly one report per name - delete or rename the extra copies`,
      });
    }
  }
  return { ids, problems };
}

export interface CatalogDiff {
  /** In the workspace, not in the catalog: entries to add (their module is for a person to choose). */
  added: (ParsedTemplateName & { name: string })[];
  /** In the catalog, not in the workspace. */
  removed: string[];
  /** In the workspace, breaking the naming convention: cannot be catalogued as they are. */
  unparseable: { name: string; reason: string }[];
}

/** Compares the catalog with the names in the template workspace; each list sorted by name. */
export function diffCatalog(current: readonly TemplateReport[], workspaceNames: readonly string[], registry?: ProviderRegistry): CatalogDiff {
  const catalogued = new Set(current.map((r) => r.name));
  const inWorkspace = new Set(workspaceNames);
  const diff: CatalogDiff = { added: [], removed: [], unparseable: [] };
  for (const name of [...inWorkspace].sort(compareText)) {
    if (catalogued.has(name)) continue;
    const parsed = parseTemplateName(name, registry);
    if (typeof parsed === 'string') diff.unparseable.push({ name, reason: parsed });
    else diff.added.push({ name, ...parsed });
  }
  diff.removed = [...catalogued].filter((n) => !inWorkspace.has(n)).sort(compareText);
  return diff;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
