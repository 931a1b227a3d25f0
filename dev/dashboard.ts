// The dashboard of the sandbox, for `npm start`: the same site `tenantops dashboard --sandbox`
// writes, built inside the main job's run (its registry, its services) into .tenantops/dashboard.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDashboard, writeDashboard } from '../src/dashboard/index.ts';
import type { Run } from '../src/run/index.ts';

export const SANDBOX_DASHBOARD_DIR = path.join('.tenantops', 'dashboard');

/** Writes the sandbox's dashboard under `root` and says where; returns the index's path. */
export async function writeSandboxDashboard(root: string, run: Run): Promise<string> {
  const model = await buildDashboard(run, { source: 'sandbox' });
  const index = await writeDashboard(model, path.join(root, SANDBOX_DASHBOARD_DIR));
  run.log.info(`dashboard of ${model.fleet.length} tenant(s): ${pathToFileURL(index).href}`);
  return index;
}
