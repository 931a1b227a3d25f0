// A registry holding a small fleet in several statuses, with what the pages show hung off it
// (resources, reports, deployments, audit, users, modules) and one sealed secret whose plaintext
// must never reach a page.
import { createHash, randomBytes } from 'node:crypto';
import { matchReports, templateBaseName } from '../../src/catalog/index.ts';
import type { CheckView, RolloutView } from '../../src/dashboard/index.ts';
import { POWERBI_KEYS } from '../../src/powerbi/index.ts';
import {
  appendAudit,
  createInvitation,
  createRollout,
  finishDeployment,
  finishRolloutTenant,
  parseKeyring,
  recordDriftChecks,
  recordRefreshRun,
  replaceModules,
  replaceUsers,
  setRolloutStatus,
  startDeployment,
  storeSecret,
  upsertDataStore,
  upsertReportMapping,
  upsertResource,
  upsertTenant,
  type Pool,
  type TenantStatus,
} from '../../src/registry/index.ts';
import { loadValidInputs, type Inputs } from '../../src/run/index.ts';
import { repoRoot } from '../support/repo.ts';

export const SECRET_PLAINTEXT = 'S3cr3t-never-on-a-page-7f3a';
export const DATA_STORE_URL_PART = 'postgres://';
export const DRIFTED_REPORT = 'powerbi/report/APTEM-BKSB-HUBSPOT - Tutor';
export const HOSTILE_NAME = 'Evil <script>alert("x")</script> & Co';

export const FLEET: { code: string; name: string; status: TenantStatus; lifecycle?: 'active' | 'suspended'; isolation: 'schema' | 'database' | 'byod'; cluster: string }[] = [
  { code: 'acme-training', name: 'Acme Training Ltd', status: 'live', isolation: 'schema', cluster: 'shared-eu' },
  { code: 'beta-corp', name: 'Beta Corp', status: 'provisioned', isolation: 'database', cluster: 'dedicated-beta' },
  { code: 'gamma-skills', name: 'Gamma Skills', status: 'failed', isolation: 'byod', cluster: 'byod' },
  { code: 'delta-learning', name: 'Delta Learning', status: 'pending', isolation: 'schema', cluster: 'shared-eu' },
  { code: 'evil-corp', name: HOSTILE_NAME, status: 'pending', lifecycle: 'suspended', isolation: 'schema', cluster: 'shared-eu' },
];

export const ACME_CHECKS: CheckView[] = [
  { id: 'dns', ok: true, evidence: 'acme.tenants.example.com TXT _tenantops owner acme-training' },
  { id: 'reports', ok: true, evidence: '2 reports bound to model tenant-acme-training-model' },
  { id: 'isolation', ok: true, evidence: 'executeQueries returned only marker acme-training' },
  { id: 'embed', ok: false, evidence: 'GenerateToken answered 403 (request id 1234)' },
];

export const ROLLOUT: RolloutView = {
  name: 'schema 0003',
  status: 'running',
  waves: [
    { name: 'canary', tenants: ['acme-training'], succeeded: 1, failed: 0, pending: 0, status: 'succeeded' },
    { name: 'batch-1', tenants: ['beta-corp', 'gamma-skills'], succeeded: 1, failed: 1, pending: 0, status: 'halted', gateUrl: 'https://github.com/org/repo/actions/runs/77' },
  ],
};

/** Seeds `pool` (a migrated registry); returns the repository inputs the fleet belongs to. */
export async function seedFleet(pool: Pool): Promise<Inputs> {
  const inputs = await loadValidInputs(repoRoot);
  for (const t of FLEET) await upsertTenant(pool, { ...t, subdomain: t.code.split('-')[0] });

  const acme = inputs.tenants.find((t) => t.config.code === 'acme-training')!.config;
  await upsertResource(pool, { tenant: 'acme-training', key: POWERBI_KEYS.workspace, kind: 'powerbi.workspace', externalId: 'ws-acme-0001' });
  await upsertResource(pool, { tenant: 'beta-corp', key: POWERBI_KEYS.workspace, kind: 'powerbi.workspace', externalId: 'ws-beta-0001' });
  await upsertResource(pool, { tenant: 'acme-training', key: POWERBI_KEYS.refresh, kind: 'powerbi.refresh', state: { model: 'm', status: 'Completed' } });
  await upsertResource(pool, { tenant: 'acme-training', key: 'db/migrations', kind: 'db.migrations', state: { applied: ['0001_learners.sql#aaaa'] } });
  await upsertResource(pool, { tenant: 'gamma-skills', key: POWERBI_KEYS.refresh, kind: 'powerbi.refresh', state: { model: 'm', status: 'Failed' } });
  // Refreshes as Power BI's history reported them; drift as the drift workflow recorded it.
  await recordRefreshRun(pool, { tenant: 'acme-training', requestId: 'A1B2C3D4-0000-4000-8000-000000000001', state: 'Completed', startTime: '2026-12-04T05:00:00Z', endTime: '2026-12-04T05:01:30Z' });
  await recordRefreshRun(pool, { tenant: 'acme-training', requestId: 'a1b2c3d4-0000-4000-8000-000000000002', state: 'Completed', startTime: '2026-12-05T05:00:00Z', endTime: '2026-12-05T05:00:42Z' });
  await recordRefreshRun(pool, { tenant: 'gamma-skills', requestId: 'a1b2c3d4-0000-4000-8000-000000000003', state: 'Failed', startTime: '2026-12-05T05:00:00Z', endTime: '2026-12-05T05:01:58Z' });
  await recordDriftChecks(pool, [{ tenant: 'acme-training', resources: [] }, { tenant: 'gamma-skills', resources: [DRIFTED_REPORT, 'dns/record'] }], { githubRun: '501', runUrl: 'https://github.com/org/repo/actions/runs/501' });
  for (const [i, r] of matchReports({ providers: acme.providers, modules: acme.modules }, inputs.catalog).slice(0, 3).entries()) {
    await upsertReportMapping(pool, {
      tenant: 'acme-training', templateName: templateBaseName(r), templateVersion: r.version, templateReportId: `tpl-${i}`,
      tenantReportId: `rep-${i}`, workspaceId: 'ws-acme-0001', modelId: 'model-acme', status: 'active',
    });
  }
  const first = await startDeployment(pool, { tenant: 'acme-training', planHash: 'a'.repeat(64), actor: 'alice', githubRunUrl: 'https://github.com/org/repo/actions/runs/41' });
  await finishDeployment(pool, first, 'succeeded');
  const second = await startDeployment(pool, { tenant: 'acme-training', planHash: 'b'.repeat(64), actor: 'bob', githubRunUrl: 'javascript:alert(1)' });
  await finishDeployment(pool, second, 'succeeded');
  const failed = await startDeployment(pool, { tenant: 'gamma-skills', planHash: 'c'.repeat(64), actor: 'carol' });
  await finishDeployment(pool, failed, 'failed');
  await appendAudit(pool, { actor: 'alice', tenant: 'acme-training', action: 'apply', target: `deployment ${first}`, githubRun: 'https://github.com/org/repo/actions/runs/41' });
  await appendAudit(pool, { actor: 'github:qa-lead', tenant: 'acme-training', action: 'approve', target: 'go-live' });
  await replaceUsers(pool, 'acme-training', [{ email: 'jo.bloggs@acme.example', firstName: 'Jo', lastName: 'Bloggs' }]);
  await replaceModules(pool, 'acme-training', acme.modules);
  await replaceUsers(pool, 'beta-corp', [{ email: 'pat.lee@beta.example', firstName: 'Pat', lastName: 'Lee' }]);
  // Jo's invitation was redeemed (the application redeems through its own role: set here directly).
  const jo = await createInvitation(pool, { tenant: 'acme-training', email: 'jo.bloggs@acme.example', tokenHash: createHash('sha256').update('t-1').digest(), ttlMs: 86_400_000 });
  await pool.query(`UPDATE invitations SET redeemed_at = created_at + interval '1 hour' WHERE id = $1`, [jo.id]);
  await createInvitation(pool, { tenant: 'beta-corp', email: 'pat.lee@beta.example', tokenHash: createHash('sha256').update('t-2').digest(), ttlMs: 86_400_000 });

  // A rollout halted in its second wave, as the fleet rollout records it.
  const rollout = await createRollout(pool, {
    revision: 'f'.repeat(40), startedBy: 'alice',
    payload: { policy: { canary: ['acme-training'], batch: { count: 2 }, haltAfter: { count: 0 } }, waveNames: ['canary', 'wave 1'], reason: 'schema_changed' },
    tenants: [{ tenant: 'acme-training', wave: 0 }, { tenant: 'beta-corp', wave: 1 }, { tenant: 'gamma-skills', wave: 1 }],
  });
  await finishRolloutTenant(pool, rollout, 'acme-training', { state: 'applied', revision: 'f'.repeat(40) });
  await finishRolloutTenant(pool, rollout, 'gamma-skills', { state: 'failed', error: 'Power BI answered 500' });
  await setRolloutStatus(pool, rollout, 'halted', 'wave 1');

  await upsertDataStore(pool, {
    tenant: 'acme-training', isolation: 'schema', cluster: 'shared-eu', host: 'db.internal.example', port: 5432, database: 'platform',
    schema: 'tenant_acme_training', ownerRole: 'tenant_acme_training_owner', appRole: 'tenant_acme_training_app', biRole: 'tenant_acme_training_bi', status: 'ready',
  });
  const keyring = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}` });
  await storeSecret(pool, keyring, 'acme-training', 'db/app-password', SECRET_PLAINTEXT);
  return inputs;
}
