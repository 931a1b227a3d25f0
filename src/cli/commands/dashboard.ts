// `tenantops dashboard --out <dir>`: the fleet as a static site (src/dashboard), read from the
// registry, with the QA checklist of each tenant that has a workspace (the same verification as
// `tenantops verify`) unless --skip-verify, and the newest rollout.
import path from 'node:path';
import { buildDashboard, writeDashboard } from '../../dashboard/index.ts';
import { EnvironmentError } from '../../errors/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';

export const dashboardCommand: Command = {
  name: 'dashboard',
  summary: 'Write the fleet dashboard, a static site (index.html, tenants/<code>.html) that needs no server and loads nothing from the network.',
  usage: 'dashboard --out <dir> [--skip-verify]',
  options: { out: { type: 'string' }, 'skip-verify': { type: 'boolean' } },
  help: {
    out: "folder to write the site into (created if needed); it lists customers and their users' emails: keep it private",
    'skip-verify': 'leave out the QA checklists (no Power BI calls; the registry only)',
  },
  async run(args, io) {
    const out = stringOption(args, 'out');
    if (!out) throw new EnvironmentError(`--out is required\nusage: tenantops ${this.usage}`);
    return withCommandRun(args, io, async (run) => {
      const model = await buildDashboard(run, { source: flag(args, 'sandbox') ? 'sandbox' : 'live', verify: !flag(args, 'skip-verify') });
      const index = await writeDashboard(model, path.resolve(io.cwd, out)).catch((err: NodeJS.ErrnoException) => {
        // A folder we cannot write is the caller's to fix (exit 2), not a bug of ours.
        throw new EnvironmentError(`--out ${out}: cannot write the site there (${err.code ?? err.message}); allowed: a folder that is, or can be created, writable`);
      });
      writeLine(io.stdout, `dashboard of ${model.fleet.length} tenant(s) written: ${index}`);
      return 0;
    });
  },
};
