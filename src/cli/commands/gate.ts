import { EnvironmentError } from '../../errors/index.ts';
import { checkProvisionGate, parseAcceptedHashes } from '../../run/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';
import { appendStepSummary, setStepOutputs } from '../workflow-files.ts';

export const gateCommand: Command = {
  name: 'gate',
  summary: "Before provisioning writes anything: hold each capability's plan to its reviewed hash, and split what applies now from what needs force (applied after the go-live approval).",
  usage: 'gate --tenant <code> --hashes db=…,powerbi=…,dns=… [--json]',
  options: { tenant: { type: 'string' }, hashes: { type: 'string' }, json: { type: 'boolean' } },
  help: {
    tenant: 'the tenant code',
    hashes: 'the reviewed (or accepted) hash of each capability, as `tenantops review` gives them',
    json: 'print {"tenant", "checks", "mismatched", "apply", "deferred", "destructive": {"hash"}}',
  },
  async run(args, io) {
    const tenant = stringOption(args, 'tenant');
    const hashes = stringOption(args, 'hashes');
    if (!tenant || hashes === undefined) throw new EnvironmentError(`usage: tenantops ${this.usage}`);
    return withCommandRun(args, io, async ({ inputs, services }) => {
      const r = await checkProvisionGate(inputs, services, { tenant, expected: parseAcceptedHashes(hashes) });
      await appendStepSummary(io.env, r.markdown);
      await setStepOutputs(io.env, {
        apply: r.apply.join(','),
        deferred: r.deferred.join(','),
        'destructive-hash': r.destructive?.hash ?? '',
        lifecycle: r.lifecycle,
      });
      const { markdown: _, ...rest } = r;
      writeLine(io.stdout, flag(args, 'json') ? JSON.stringify({ ...rest, destructive: r.destructive ? { hash: r.destructive.hash } : null }, null, 2) : r.markdown);
      return r.mismatched.length ? 1 : 0;
    });
  },
};
