import { rotateSecrets } from '../../registry/index.ts';
import { cliActor } from '../actor.ts';
import { flag, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';

export const keysRotateCommand: Command = {
  name: 'keys rotate',
  summary: 'Re-seal every registry secret under TENANTOPS_ENCRYPTION_KEY (old keys in TENANTOPS_ENCRYPTION_KEYS_OLD) and prove the old keys are no longer needed.',
  usage: 'keys rotate [--json]',
  options: { json: { type: 'boolean' } },
  help: { json: 'print {"rotated", "total", "previousKeyIds", "remainingKeyIds", "verifiedWithCurrentKeyOnly"}' },
  async run(args, io) {
    return withCommandRun(args, io, async ({ services }) => {
      const result = await rotateSecrets(await services.registry(), services.keyring(), { actor: cliActor(io) });
      if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify(result, null, 2));
      else {
        writeLine(io.stdout, `re-sealed ${result.rotated} of ${result.total} secret(s) under key ${services.keyring().current.id}`);
        writeLine(io.stdout, `key ids before: ${result.previousKeyIds.join(', ') || 'none'}; after: ${result.remainingKeyIds.join(', ') || 'none'}`);
        writeLine(io.stdout, `${result.verifiedWithCurrentKeyOnly} secret(s) opened with the current key alone: the old keys are no longer needed`);
      }
      return 0;
    });
  },
};
