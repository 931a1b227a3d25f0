// `tenantops catalog sync`: reads the template workspace, parses its report names with the
// catalog's rules and shows (or writes into templates/reports.yaml) what changed, so a template
// published in Power BI becomes a reviewed commit. A new report takes the module of its earlier
// versions (same provider code and persona), else of the same persona elsewhere; one with no such
// relative is listed for a person to place, never guessed.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diffCatalog, REPORTS_FILE, type CatalogDiff, type ProviderCatalog, type TemplateReport } from '../catalog/index.ts';
import type { PowerBiHost } from './view.ts';

export interface CatalogSync {
  diff: CatalogDiff;
  /** Added names with the module they take; `module` undefined when a person must choose it. */
  additions: { name: string; module?: string }[];
}

export async function syncCatalog(host: PowerBiHost, catalog: readonly TemplateReport[], providers: ProviderCatalog): Promise<CatalogSync> {
  const workspace = await host.powerbi().templateWorkspace();
  const diff = diffCatalog(catalog, workspace.reports.map((r) => r.name), providers);
  const additions = diff.added.map((a) => {
    const sibling = catalog.find((r) => r.providerCode === a.providerCode && r.persona === a.persona) ?? catalog.find((r) => r.persona === a.persona);
    return { name: a.name, module: sibling?.module };
  });
  return { diff, additions };
}

/**
 * Writes the placeable additions and the removals into the catalog file, keeping its comments and
 * order: removed entries are cut, added ones appended. Returns what could not be written.
 */
export async function writeCatalogSync(root: string, sync: CatalogSync): Promise<{ written: number; unplaced: string[] }> {
  const file = join(root, REPORTS_FILE);
  let text = await readFile(file, 'utf8');
  let written = 0;
  for (const name of sync.diff.removed) {
    const entry = new RegExp(`^\\s*- name: ${escapeRegExp(name)}\\s*\\n\\s+module: .*\\n`, 'm');
    if (entry.test(text)) {
      text = text.replace(entry, '');
      written++;
    }
  }
  const placeable = sync.additions.filter((a) => a.module);
  if (placeable.length) {
    if (!text.endsWith('\n')) text += '\n';
    text += `  # added by tenantops catalog sync\n${placeable.map((a) => `  - name: ${a.name}\n    module: ${a.module}\n`).join('')}`;
    written += placeable.length;
  }
  if (written) await writeFile(file, text);
  return { written, unplaced: sync.additions.filter((a) => !a.module).map((a) => a.name) };
}

export function renderCatalogSync(sync: CatalogSync): string {
  const { diff } = sync;
  if (!diff.added.length && !diff.removed.length && !diff.unparseable.length) return 'the catalog matches the template workspace';
  const lines: string[] = [];
  for (const a of sync.additions) lines.push(`+ ${a.name}${a.module ? ` (module ${a.module})` : ' (no module: choose one in templates/reports.yaml)'}`);
  for (const r of diff.removed) lines.push(`- ${r}`);
  for (const u of diff.unparseable) lines.push(`! ${u.name}: ${u.reason}`);
  return lines.join('\n');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
