// `.tenantops/sandbox.json`: how a person or another tool reaches a sandbox left running with
// `npm start -- --keep`. Its shape is a public interface (README), version 1. It is a local
// rehearsal's file, so the sandbox's own throwaway credentials appear in it; nothing real does.
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sandbox } from './sandbox.ts';

export interface SandboxInfo {
  version: 1;
  caFile: string;
  entra: { authorityHost: string; tenantId: string };
  identities: { name: string; clientId: string; clientSecret: string }[];
  powerbi?: { url: string };
  fabric?: { url: string };
  godaddy?: { url: string; key: string; secret: string };
  postgres: { registry: string; clusters: Record<string, string> };
}

export function describeSandbox(sandbox: Sandbox, extra: Pick<SandboxInfo, 'powerbi' | 'fabric' | 'godaddy'> = {}): SandboxInfo {
  return {
    version: 1,
    caFile: sandbox.caFile,
    entra: { authorityHost: sandbox.entra.authorityHost, tenantId: sandbox.entra.tenantId },
    identities: sandbox.identities,
    powerbi: { url: sandbox.powerbi.url },
    fabric: { url: sandbox.fabric.url },
    ...(sandbox.godaddy ? { godaddy: { url: sandbox.godaddy.url, key: sandbox.godaddy.key, secret: sandbox.godaddy.secret } } : {}),
    ...extra,
    postgres: { registry: sandbox.postgres.registry, clusters: sandbox.postgres.clusters },
  };
}

/** Written to a temporary file and renamed, so a reader never sees half a document. */
export async function writeSandboxInfo(file: string, info: SandboxInfo): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, file);
}
