// Verification, a step of its own after apply (`tenantops verify --tenant <code>`): the tenant's
// analytics can only ever see its own data. Every report in its workspace is bound to its own
// model; the model's parameters point at its own database; the data the model loaded, read back
// through executeQueries, holds the tenant's marker and no one else's; its profile sees no other
// tenant's workspace; and an embed token can be generated for its reports. executeQueries and
// GenerateToken are POSTs that change nothing: they are counted as verify calls, apart from the
// deploy's reads and writes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TenantConfig } from '../config/index.ts';
import { RemoteApiError } from '../errors/index.ts';
import { deriveNames } from '../naming/index.ts';
import { getDataStore, listReportMappings, listResources } from '../registry/index.ts';
import type { PowerBiClient } from './client.ts';
import { TEMPLATE_MODEL_FOLDER } from './model.ts';
import { KEYS, readModelParameters, type PowerBiHost } from './view.ts';

export interface VerifyCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface TenantVerification {
  tenant: string;
  ok: boolean;
  checks: VerifyCheck[];
  /** Calls this verification made (GenerateToken and executeQueries are POSTs that change nothing). */
  calls: { reads: number; writes: number };
}

/** Tables of the template model that carry the tenant marker column. */
export function markerTables(root: string, column = 'tenant_marker'): string[] {
  const dir = join(root, TEMPLATE_MODEL_FOLDER, 'definition/tables');
  const out: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tmdl')).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const table = /^table\s+('(?:[^']|'')+'|\S+)/m.exec(text)?.[1]?.replace(/^'|'$/g, '').replaceAll("''", "'");
    if (table && new RegExp(`^\\s+column\\s+'?${column}'?\\s*$`, 'm').test(text)) out.push(table);
  }
  return out;
}

export async function verifyPowerBiTenant(host: PowerBiHost, tenant: TenantConfig): Promise<TenantVerification> {
  const pbi = host.powerbi();
  const before = { ...pbi.counts.verify };
  const checks: VerifyCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const done = (): TenantVerification => ({
    tenant: tenant.code,
    ok: checks.every((c) => c.ok),
    checks,
    calls: { reads: pbi.counts.verify.reads - before.reads, writes: pbi.counts.verify.writes - before.writes },
  });
  const code = tenant.code;
  const names = deriveNames(code);
  const registry = await host.registry();
  const records = new Map((await listResources(registry, code)).map((r) => [r.key, r]));
  const id = (key: string) => records.get(key)?.externalId ?? undefined;
  const profileId = id(KEYS.profile);
  const workspaceId = id(KEYS.workspace);
  const modelId = id(KEYS.model);
  const profiles = host.platform.powerbi.tenantProfiles;
  if ((profiles && !profileId) || !workspaceId || !modelId) {
    check('registry', false, `the registry records no ${[profiles && !profileId && 'profile', !workspaceId && 'workspace', !modelId && 'model'].filter(Boolean).join(', ')} for ${code}: apply first`);
    return done();
  }
  const client: PowerBiClient = profileId ? pbi.asProfile(profileId, 'verify', { tenant: code, step: 'verify' }) : pbi.principal({ tenant: code, step: 'verify' });
  const attempt = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      check(name, false, err instanceof RemoteApiError ? err.message : String((err as Error).message ?? err));
    }
  };

  await attempt('isolation', async () => {
    const template = host.platform.powerbi.templateWorkspace.toLowerCase();
    const visible = await client.listGroups();
    const foreign = visible.filter((g) => g.id.toLowerCase() !== workspaceId.toLowerCase() && g.name.toLowerCase() !== template);
    const own = visible.some((g) => g.id.toLowerCase() === workspaceId.toLowerCase());
    check('isolation', own && foreign.length === 0, own ? (foreign.length ? `the tenant's identity also sees ${foreign.map((g) => g.name).join(', ')}` : `sees only ${names.workspace} and the template workspace`) : `workspace ${workspaceId} is not visible to the tenant's identity`);
  });

  await attempt('model', async () => {
    const model = (await client.listDatasets(workspaceId)).find((d) => d.id.toLowerCase() === modelId.toLowerCase());
    const owned = !profiles || model?.configuredBy?.toLowerCase() === names.profile.toLowerCase();
    check('model', !!model && owned, !model ? `model ${modelId} is not in the workspace` : owned ? `${model.name} is owned by the tenant's profile` : `${model.name} is owned by ${model.configuredBy}, not by the tenant's profile`);
  });

  await attempt('reports bound', async () => {
    const reports = await client.listReports(workspaceId);
    const mappings = await listReportMappings(registry, code);
    const stray = reports.filter((r) => r.datasetId?.toLowerCase() !== modelId.toLowerCase());
    const ids = new Set(reports.map((r) => r.id.toLowerCase()));
    const missing = mappings.filter((m) => !ids.has(m.tenantReportId.toLowerCase()));
    const wrongModel = mappings.filter((m) => m.modelId.toLowerCase() !== modelId.toLowerCase());
    check('reports bound', stray.length === 0 && missing.length === 0 && wrongModel.length === 0 && reports.length > 0,
      stray.length ? `${stray.length} report(s) bound to another model: ${stray.map((r) => `${r.name} → ${r.datasetId ?? 'none'}`).slice(0, 5).join(', ')}`
        : missing.length ? `${missing.length} mapped report(s) missing: ${missing.map((m) => m.templateName).slice(0, 5).join(', ')}`
          : wrongModel.length ? `${wrongModel.length} mapping(s) name another model`
            : `${reports.length} report(s), all bound to the tenant's model`);
  });

  await attempt('parameters', async () => {
    const store = await getDataStore(registry, code);
    const params = await readModelParameters(client, workspaceId, modelId);
    if (!store) {
      check('parameters', false, 'the registry records no data store for the tenant');
      return;
    }
    const want: Record<string, string> = { Host: store.host, Port: String(store.port), Database: store.database, Schema: store.schema };
    const wrong = Object.entries(want).filter(([k, v]) => params[k] !== v);
    check('parameters', wrong.length === 0, wrong.length ? wrong.map(([k, v]) => `${k} is ${JSON.stringify(params[k])}, the tenant's is ${JSON.stringify(v)}`).join('; ') : `Host, Port, Database and Schema point at ${store.database}.${store.schema}`);
  });

  await attempt('data', async () => {
    const foreign = new Set<string>();
    let own = 0;
    for (const table of markerTables(host.root)) {
      const rows = await client.executeQuery(workspaceId, modelId, `EVALUATE VALUES('${table.replaceAll("'", "''")}'[tenant_marker])`);
      for (const row of rows) {
        const value = Object.values(row)[0];
        if (value === code) own++;
        else if (value !== null && value !== undefined) foreign.add(String(value));
      }
    }
    // Isolation fails on any foreign row; a tenant whose tables are still empty passes, and says so.
    check('data', foreign.size === 0, foreign.size ? `the model holds rows of ${[...foreign].join(', ')}` : own ? `only ${code}'s marker rows` : 'no rows loaded yet (the tables are empty), none of another tenant');
  });

  await attempt('embed token', async () => {
    const reports = await client.listReports(workspaceId);
    if (!reports.length) {
      check('embed token', false, 'no reports to embed');
      return;
    }
    const token = await client.generateEmbedToken({ reportIds: reports.map((r) => r.id), datasetIds: [modelId], workspaceIds: [workspaceId] });
    // A bearer credential for the tenant's reports: masked before anything can print it.
    if (token.token) pbi.log.mask(token.token);
    check('embed token', !!token.token, `a token for ${reports.length} report(s), expiring ${token.expiration}`);
  });
  return done();
}
