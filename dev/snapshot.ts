// The sandbox world kept between `npm start`s: `.tenantops/sandbox/world.json`, beside the
// PostgreSQL clusters it belongs with. What PostgreSQL does not hold itself: the emulators' state
// (Entra's app registrations, the Power BI / Fabric world, the GoDaddy zones), the throwaway
// secrets the registry's envelopes and the customers' servers were made with, and the ports the
// tenants' models name. Saved whole at a time, so a crash loses the changes since the last save.
import { readFile, rm } from 'node:fs/promises';
import type { EntraSnapshot, GodaddySnapshot, WorldSnapshot } from '@tenantops/emulators';
import { EnvironmentError } from '../src/errors/index.ts';
import type { PostgresMemory } from './sandbox-postgres.ts';
import { writePrivateJson } from './private-json.ts';

export interface SandboxSnapshot {
  version: 1;
  /** ISO time of the save. */
  savedAt: string;
  entra: EntraSnapshot;
  world: WorldSnapshot;
  godaddy?: GodaddySnapshot;
  secrets: { encryptionKey: string; godaddy?: { key: string; secret: string } };
  postgres: PostgresMemory;
}

/** The saved world, or undefined when there is none; one that cannot be read stops the start. */
export async function readSnapshot(file: string): Promise<SandboxSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let snapshot: SandboxSnapshot | undefined;
  try {
    snapshot = JSON.parse(text);
  } catch {
    // Left undefined: reported below with the way out.
  }
  if (snapshot?.version !== 1) throw new EnvironmentError(`${file} is not a sandbox world this version can restore; \`npm start -- --fresh\` starts a fresh one`);
  return snapshot;
}

export function writeSnapshot(file: string, snapshot: Omit<SandboxSnapshot, 'version' | 'savedAt'>): Promise<void> {
  return writePrivateJson(file, { version: 1, savedAt: new Date().toISOString(), ...snapshot });
}

export async function removeSnapshot(file: string): Promise<void> {
  await rm(file, { force: true });
}
