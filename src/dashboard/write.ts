// Writing the site: index.html and one page per tenant under `out`. Renders everything first, so
// a failure leaves the previous site untouched rather than half-replaced.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DashboardModel } from './model.ts';
import { renderFleetPage, tenantPath } from './render/fleet-page.ts';
import { renderTenantPage } from './render/tenant-page.ts';

export interface DashboardSite {
  /** Path relative to the site's root → HTML. */
  files: Map<string, string>;
}

export function renderDashboard(model: DashboardModel): DashboardSite {
  const files = new Map<string, string>([['index.html', renderFleetPage(model)]]);
  for (const page of model.tenants) files.set(tenantPath(page.row.code), renderTenantPage(page, model.generatedAt));
  return { files };
}

/** Writes the site; returns the path of its index.html. */
export async function writeDashboard(model: DashboardModel, out: string): Promise<string> {
  const site = renderDashboard(model);
  await mkdir(path.join(out, 'tenants'), { recursive: true });
  for (const [file, html] of site.files) await writeFile(path.join(out, decodeURIComponent(file)), html);
  return path.join(out, 'index.html');
}
