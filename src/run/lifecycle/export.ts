// The export offboarding makes before it deletes anything: every table of the tenant's store as
// CSV, sealed (AES-256-GCM) under the key platform.yaml names, uploaded blob by blob, then a
// manifest (tables, row counts, SHA-256 of each plaintext CSV, blob names) beside them and in the
// registry. Any failure throws before the manifest is recorded: the caller deletes nothing then.
import { createHash, randomBytes } from 'node:crypto';
import { openBlobContainer, sealStream } from '../../blob/index.ts';
import { resolveSecret, type OffboardingConfig, type TenantConfig } from '../../config/index.ts';
import { exportTenantData } from '../../db/index.ts';
import { EnvironmentError } from '../../errors/index.ts';
import { canonicalJson } from '../../plan/index.ts';
import { parseEncryptionKey, recordExport } from '../../registry/index.ts';
import type { Inputs } from '../inputs.ts';
import type { Services } from '../services.ts';
import type { RunActor } from './teardown.ts';

export const EXPORT_MANIFEST_VERSION = 1;

export interface ExportManifest {
  version: number;
  tenant: string;
  createdAt: string;
  /** The container's URL (no credential) and the prefix every blob of this export has. */
  container: string;
  prefix: string;
  encryption: { algorithm: 'AES-256-GCM'; keyId: string; keySecret: string; format: string; aad: 'blob name' };
  tables: { table: string; rows: number; bytes: number; sha256: string; blob: string }[];
}

export interface ExportResult {
  manifest: ExportManifest;
  manifestBlob: string;
  /** SHA-256 of the manifest's canonical JSON, as uploaded. */
  manifestSha256: string;
  location: string;
}

export function offboardingSettings(inputs: Inputs): OffboardingConfig {
  const settings = inputs.platform.offboarding;
  if (!settings) {
    throw new EnvironmentError(
      'platform.yaml has no offboarding section: a tenant with deletionPolicy delete is exported before anything is deleted; set offboarding.exportKeySecret and offboarding.blob.connectionSecret',
    );
  }
  return settings;
}

export async function exportTenant(inputs: Inputs, services: Services, tenant: TenantConfig, run: RunActor): Promise<ExportResult> {
  const settings = offboardingSettings(inputs);
  const keyText = resolveSecret(settings.exportKeySecret, services.env, 'offboarding.exportKeySecret of platform.yaml');
  services.log.mask(keyText);
  const key = parseEncryptionKey(keyText, settings.exportKeySecret);
  services.log.mask(key.key.toString('base64'));
  const connection = resolveSecret(settings.blob.connectionSecret, services.env, 'offboarding.blob.connectionSecret of platform.yaml');
  services.log.mask(connection);
  for (const part of connection.split(';')) if (/^(AccountKey|SharedAccessSignature)=/i.test(part)) services.log.mask(part.slice(part.indexOf('=') + 1));
  const container = openBlobContainer(connection, settings.blob.container, { tenant: tenant.code, step: 'offboard export' });
  await container.ensure();
  const createdAt = new Date();
  // A new prefix per attempt: a retried export never mixes with a half-uploaded one. Lowercase
  // throughout, like tenant codes: names that read as names, not tokens, in the audit log.
  const stamp = createdAt.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const prefix = `${tenant.code}/${stamp}-${randomBytes(3).toString('hex')}`;
  const blobOf = (table: string) => `${prefix}/${table}.csv.sealed`;
  const tables = await exportTenantData(services, tenant, inputs.platform, async (table, csv) => {
    await container.upload(blobOf(table), sealStream(key, blobOf(table), csv));
  });
  const manifest: ExportManifest = {
    version: EXPORT_MANIFEST_VERSION,
    tenant: tenant.code,
    createdAt: createdAt.toISOString(),
    container: container.url,
    prefix,
    encryption: { algorithm: 'AES-256-GCM', keyId: key.id, keySecret: settings.exportKeySecret, format: 'TOX1', aad: 'blob name' },
    tables: tables.map((t) => ({ ...t, blob: blobOf(t.table) })),
  };
  const text = canonicalJson(manifest);
  const manifestSha256 = createHash('sha256').update(text).digest('hex');
  const manifestBlob = `${prefix}/manifest.json`;
  await container.upload(manifestBlob, (async function* () {
    yield Buffer.from(text);
  })(), 'application/json');
  const location = `${container.url}/${prefix}`;
  await recordExport(await services.registry(), { tenant: tenant.code, location, manifest, manifestSha256, createdBy: run.actor, githubRun: run.githubRun });
  return { manifest, manifestBlob, manifestSha256, location };
}
