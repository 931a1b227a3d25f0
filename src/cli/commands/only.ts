// `--only`, the capabilities a command is limited to: one parser for every command that takes it,
// in a file of its own so a command that needs only this loads no other command's code.
import { EnvironmentError } from '../../errors/index.ts';
import { CAPABILITY_NAMES, type CapabilityName } from '../../run/index.ts';

/** `--only` values, comma-separated or repeated, each a known capability. */
export function parseOnly(value: unknown): CapabilityName[] | undefined {
  if (value === undefined) return undefined;
  const list = (value as string[]).flatMap((v) => v.split(','));
  for (const v of list) {
    if (!(CAPABILITY_NAMES as readonly string[]).includes(v)) throw new EnvironmentError(`--only "${v}" is not a capability; allowed: ${CAPABILITY_NAMES.join(', ')}`);
  }
  return list as CapabilityName[];
}
