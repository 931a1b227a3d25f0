import { execFileSync } from 'node:child_process';
import { EnvironmentError } from '../../errors/index.ts';
import { loadValidInputs } from '../../run/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';

/** Changes under these paths concern every tenant, not one file. */
const SHARED_INPUTS = ['platform.yaml', 'templates/'];

export const tenantsCommand: Command = {
  name: 'tenants',
  summary: 'List tenant codes: all of them, or those a git change touches (for a workflow matrix).',
  usage: 'tenants [--changed-since <git ref>] [--json]',
  options: { 'changed-since': { type: 'string' }, json: { type: 'boolean' } },
  help: {
    'changed-since': 'only tenants whose file changed since this ref; a change to platform.yaml or templates/ selects all',
    json: 'print a JSON array of codes (a GitHub matrix takes it as is)',
  },
  async run(args, io) {
    const inputs = await loadValidInputs(args.root);
    let codes = inputs.tenants.map((t) => t.config.code);
    const since = stringOption(args, 'changed-since');
    if (since) {
      const changed = changedFiles(args.root, since);
      if (!changed.some((f) => SHARED_INPUTS.some((p) => f === p || f.startsWith(p)))) {
        const files = new Set(changed);
        codes = inputs.tenants.filter((t) => files.has(t.file)).map((t) => t.config.code);
      }
    }
    writeLine(io.stdout, flag(args, 'json') ? JSON.stringify(codes) : codes.join('\n'));
    return 0;
  },
};

function changedFiles(root: string, since: string): string[] {
  if (!/^[\w./~^@{}-]+$/.test(since)) throw new EnvironmentError(`--changed-since "${since}" is not a git ref`);
  try {
    return execFileSync('git', ['diff', '--name-only', since, '--', 'tenants', ...SHARED_INPUTS], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch (err) {
    throw new EnvironmentError(`git diff against ${since} failed: ${(err as Error).message.split('\n')[0]}`);
  }
}
