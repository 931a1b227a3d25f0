// Which tenants a git change touches: their files under tenants/, or "the whole fleet" when a
// fleet-wide input (platform.yaml, templates/) changed, which the fleet rollout handles instead of
// one run per tenant.
import { execFileSync } from 'node:child_process';
import { EnvironmentError } from '../errors/index.ts';
import type { Inputs } from '../run/index.ts';

/** Changes under these paths concern every tenant, not one file. */
export const FLEET_INPUTS = ['platform.yaml', 'templates/'];

export interface ChangedTenants {
  /** Codes of tenants whose file changed (and still exists). */
  codes: string[];
  /** A fleet-wide input changed. */
  fleetWide: boolean;
  /** Changed tenant files that no longer exist (a removed file is not a decommission). */
  removed: string[];
}

export function changedTenants(inputs: Inputs, files: readonly string[]): ChangedTenants {
  const changed = new Set(files);
  const codes = inputs.tenants.filter((t) => changed.has(t.file)).map((t) => t.config.code);
  const known = new Set(inputs.tenants.map((t) => t.file));
  const removed = files.filter((f) => f.startsWith('tenants/') && /\.ya?ml$/.test(f) && !known.has(f));
  return { codes, fleetWide: files.some((f) => FLEET_INPUTS.some((p) => f === p || f.startsWith(p))), removed };
}

/** Files changed between `since` and the working tree, under tenants/ and the fleet-wide inputs. */
export function gitChangedFiles(root: string, since: string): string[] {
  if (!/^[\w./~^@{}-]+$/.test(since)) throw new EnvironmentError(`"${since}" is not a git ref`);
  try {
    return execFileSync('git', ['diff', '--name-only', since, '--', 'tenants', ...FLEET_INPUTS], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch (err) {
    throw new EnvironmentError(`git diff against ${since} failed: ${(err as Error).message.split('\n')[0]}`);
  }
}
