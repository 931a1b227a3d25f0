import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { offboardTenant } from '../../run/index.ts';
import { EnvironmentError } from '../../errors/index.ts';
import { commandRun } from '../actor.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';
import { parseOnly } from './only.ts';
import { appendStepSummary } from '../workflow-files.ts';

export const offboardCommand: Command = {
  name: 'offboard',
  summary:
    'Offboard a tenant whose file says lifecycle: decommissioned. retain: suspended and kept. delete: the plan shown, every table exported (CSV, AES-256-GCM, to blob storage), then everything deleted dns → powerbi → db → registry, with a deletion certificate.',
  usage: 'offboard --tenant <code> [--manifest-out FILE] [--only db|powerbi|dns] [--json]',
  options: { tenant: { type: 'string' }, 'manifest-out': { type: 'string' }, only: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  help: {
    tenant: 'the tenant code',
    'manifest-out': "write the export's manifest (tables, row counts, SHA-256, blob names; no data, no key) and the certificate here, for the workflow's artifact",
    only: 'only these capabilities (default all)',
    json: 'print {"tenant", "policy", "manifest", "certificate"}',
  },
  async run(args, io) {
    const tenant = stringOption(args, 'tenant');
    if (!tenant) throw new EnvironmentError(`usage: tenantops ${this.usage}`);
    const only = parseOnly(args.values.only);
    const out = stringOption(args, 'manifest-out');
    return withCommandRun(args, io, async ({ inputs, services }) => {
      const result = await offboardTenant(inputs, services, {
        tenant,
        only,
        ...commandRun(io),
        showPlan: (markdown) => appendStepSummary(io.env, `### Offboarding plan: ${tenant}\n\n${markdown}`),
      });
      await appendStepSummary(io.env, result.markdown);
      const document = { tenant: result.tenant, policy: result.policy, manifest: result.export?.manifest ?? null, certificate: result.certificate ?? null };
      if (out) await writeFile(path.resolve(io.cwd, out), JSON.stringify(document, null, 2) + '\n');
      if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify(document, null, 2));
      else writeLine(io.stdout, result.markdown.replace(/^### /, ''));
      return 0;
    });
  },
};
