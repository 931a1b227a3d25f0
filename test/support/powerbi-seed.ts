// What the Power BI side finds before it runs, made directly for the Power BI tests and benches:
// the template workspace the analytics team publishes (the template model and every report of the
// catalog bound to it), and what provision-db leaves for a tenant (its schema with the data model
// and a few rows, a BI login role that may read them, and the registry's records of both).
// Runs outside vitest too (bench/).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor, Item, World, Workspace } from '@tenantops/emulators';
import type { TemplateReport } from '../../src/catalog/index.ts';
import type { TenantConfig } from '../../src/config/index.ts';
import { loadItemFolder } from '../../src/fabric/index.ts';
import { deriveNames } from '../../src/naming/index.ts';
import { storeSecret, upsertDataStore, upsertTenant, type Keyring, type Queryable } from '../../src/registry/index.ts';
import { withClient } from './pg.ts';

/** The template workspace, its model (the repository's TMDL under `root`) and one report per catalog entry. */
export function seedTemplateWorkspace(world: World, principal: Actor, input: { root: string; name: string; catalog: readonly TemplateReport[] }): { workspace: Workspace; model: Item } {
  const workspace = world.createWorkspace(principal, { displayName: input.name });
  const parts = [...loadItemFolder(join(input.root, 'templates/semantic-model/Tenant Analytics.SemanticModel')).files].map(([path, text]) => ({
    path, payload: Buffer.from(text).toString('base64'), payloadType: 'InlineBase64',
  }));
  const model = world.createItem(principal, workspace.id, { type: 'SemanticModel', displayName: 'Tenant Analytics', definition: { parts } }, { uniqueNames: true });
  for (const report of input.catalog) world.createItem(principal, workspace.id, { type: 'Report', displayName: report.name, datasetId: model.id });
  return { workspace, model };
}

export interface TenantDataInput {
  config: TenantConfig;
  /** Superuser URL of the database that gets the tenant's schema. */
  url: string;
  /** The registry that records the data store and the BI role's password, sealed with `keyring`. */
  registry: Queryable;
  keyring: Keyring;
  /** Whose templates/tenant-migrations make the data model. */
  root: string;
  /** Learners and CRM contacts inserted; default 3. */
  rows?: number;
}

export async function provisionTenantData(input: TenantDataInput): Promise<void> {
  const { config } = input;
  const code = config.code;
  const names = deriveNames(code);
  const password = `bi-${randomBytes(9).toString('hex')}`;
  const migrations = join(input.root, 'templates/tenant-migrations');
  await withClient(input.url, async (c) => {
    const role = c.escapeIdentifier(names.roles.bi);
    const schema = c.escapeIdentifier(names.schema);
    const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [names.roles.bi]);
    await c.query(`${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${role} LOGIN PASSWORD ${c.escapeLiteral(password)}`);
    await c.query('BEGIN');
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.query(`SET LOCAL search_path = ${schema}`);
    await c.query(`SELECT set_config('tenantops.tenant', $1, true)`, [code]);
    for (const file of readdirSync(migrations).filter((f) => f.endsWith('.sql')).sort()) await c.query(readFileSync(join(migrations, file), 'utf8'));
    for (let i = 1; i <= (input.rows ?? 3); i++) {
      await c.query(`INSERT INTO learners (first_name, last_name) VALUES ($1, $2)`, [`First${i}`, `Last${i}`]);
      await c.query(`INSERT INTO crm_contacts (employer_name) VALUES ($1)`, [`Employer ${i}`]);
    }
    await c.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await c.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    await c.query('COMMIT');
  });
  const where = new URL(input.url);
  const { isolation } = config.database;
  const cluster = config.database.cluster ?? 'byod';
  await upsertTenant(input.registry, { code, name: config.name, subdomain: config.subdomain, isolation, cluster });
  await upsertDataStore(input.registry, {
    tenant: code, isolation, cluster, host: where.hostname, port: Number(where.port), database: decodeURIComponent(where.pathname.slice(1)),
    schema: names.schema, ownerRole: null, appRole: null, biRole: names.roles.bi, status: 'ready',
  });
  await storeSecret(input.registry, input.keyring, code, 'db.bi.password', password);
}
