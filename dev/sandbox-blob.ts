// The sandbox's Azure Blob Storage: Microsoft's azurite, its blobs under the sandbox's work
// directory (so exports outlive a restart, like the rest of the world), and a throwaway export
// key kept beside them (mode 0600) so those exports still open after a restart.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startAzuriteBlob } from '@tenantops/emulators';
import type { Logger } from '../src/log/index.ts';
import type { SandboxInfo } from '../src/run/index.ts';

export async function startSandboxBlob(options: { workDir: string; log: Logger; stops: (() => Promise<void>)[] }): Promise<NonNullable<SandboxInfo['blob']>> {
  const dir = path.join(options.workDir, 'blob');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const blob = await startAzuriteBlob({ location: dir });
  options.stops.push(() => blob.stop());
  const keyFile = path.join(dir, 'export.key');
  const exportKey = await readFile(keyFile, 'utf8').then(
    (text) => text.trim(),
    async () => {
      const key = `sandbox-export:${randomBytes(32).toString('base64')}`;
      await writeFile(keyFile, key + '\n', { mode: 0o600 });
      return key;
    },
  );
  options.log.info(`sandbox: Azure Blob Storage (azurite) at ${blob.url}`);
  return { url: blob.url, account: blob.account, key: blob.key, connectionString: blob.connectionString, exportKey };
}
