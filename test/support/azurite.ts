// Microsoft's azurite (Blob Storage) for a test file: started on a loopback port with a temporary
// location before its tests, stopped and removed after them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startAzuriteBlob, type AzuriteBlob } from '@tenantops/emulators';

export function useAzurite(): { readonly blob: AzuriteBlob } {
  let blob: AzuriteBlob | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tenantops-azurite-'));
    blob = await startAzuriteBlob({ location: dir });
  }, 60_000);
  afterAll(async () => {
    await blob?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    get blob() {
      return blob!;
    },
  };
}
