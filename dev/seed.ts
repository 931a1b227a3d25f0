// What the sandbox's Microsoft world holds before the pipeline runs, as a platform team's real
// tenant would: the deployer principals, the capacities platform.yaml names, and the template
// workspace the analytics team maintains — the template semantic model and every report of the
// catalog, bound to it. Seeding a kept world adds only what it lacks (a report new in the catalog).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DefinitionPart, World } from '@tenantops/emulators';
import type { TemplateReport } from '../src/catalog/index.ts';
import type { PlatformConfig } from '../src/config/index.ts';

export interface SeedPrincipal {
  objectId: string;
  clientId: string;
  displayName: string;
}

export interface SeedResult {
  templateWorkspaceId: string;
  templateModelId: string;
  reports: number;
}

const TEMPLATE_MODEL = 'Tenant Analytics';

/** Every file of a PBIP item folder as a definition part (path relative to the folder, base64). */
export async function readDefinitionFolder(dir: string): Promise<DefinitionPart[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name !== '.platform').map((e) => path.join(e.parentPath, e.name)).sort();
  return Promise.all(
    files.map(async (file) => ({
      path: path.relative(dir, file).split(path.sep).join('/'),
      payload: (await readFile(file)).toString('base64'),
      payloadType: 'InlineBase64',
    })),
  );
}

export async function seedWorld(world: World, input: { root: string; platform: PlatformConfig; deployer: SeedPrincipal; catalog: readonly TemplateReport[] }): Promise<SeedResult> {
  const principal = world.ensurePrincipal({ id: input.deployer.objectId, appId: input.deployer.clientId, displayName: input.deployer.displayName });
  const actor = world.resolveActor(principal.id);
  const capacities = world.listCapacities();
  for (const [name, capacity] of Object.entries(input.platform.capacities)) {
    const known = capacities.some((c) => (capacity.id ? c.id === capacity.id.toLowerCase() : c.displayName === name));
    if (capacity.sku !== 'shared' && !known) world.addCapacity({ id: capacity.id, displayName: name, sku: capacity.sku, region: capacity.region });
  }
  const workspace =
    world.listWorkspaces(actor).find((w) => w.displayName === input.platform.powerbi.templateWorkspace) ??
    world.createWorkspace(actor, { displayName: input.platform.powerbi.templateWorkspace, description: 'Report templates maintained by the analytics team' });
  const modelDir = path.join(input.root, 'templates', 'semantic-model', `${TEMPLATE_MODEL}.SemanticModel`);
  const model =
    world.listItems(actor, workspace.id, 'SemanticModel').find((i) => i.displayName === TEMPLATE_MODEL) ??
    world.createItem(actor, workspace.id, { type: 'SemanticModel', displayName: TEMPLATE_MODEL, definition: { parts: await readDefinitionFolder(modelDir) } });
  const present = new Set(world.listItems(actor, workspace.id, 'Report').map((i) => i.displayName));
  for (const report of input.catalog) {
    if (!present.has(report.name)) world.createItem(actor, workspace.id, { type: 'Report', displayName: report.name, datasetId: model.id });
  }
  return { templateWorkspaceId: workspace.id, templateModelId: model.id, reports: input.catalog.length };
}
