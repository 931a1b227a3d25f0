// `.tenantops/sandbox.json`: how a person or another tool reaches a sandbox left running with
// `npm start -- --keep`. Its shape, SandboxInfo version 2, is a public interface (README) that
// src/run owns, because `tenantops <command> --sandbox` turns it back into a run. It is there
// while the sandbox serves and gone once it stops.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { SandboxInfo } from '../src/run/index.ts';
import { writePrivateJson } from './private-json.ts';

export function sandboxInfoFile(root: string): string {
  return path.join(root, '.tenantops', 'sandbox.json');
}

export function writeSandboxInfo(root: string, info: SandboxInfo): Promise<void> {
  return writePrivateJson(sandboxInfoFile(root), info);
}

export async function removeSandboxInfo(root: string): Promise<void> {
  await rm(sandboxInfoFile(root), { force: true });
}
