// `tenantops <command>`: finds the command (one or two words), parses its flags, runs it and
// maps any error to an exit code in one place: 0 ok, 1 findings/failures, 2 usage/environment.
import { EnvironmentError, TenantopsError, exitCodeFor } from '../errors/index.ts';
import { parseCommandArgs, renderHelp, type Command } from './command.ts';
import { processIO, writeLine, type CliIO } from './io.ts';
import { commands } from './commands/index.ts';

export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  try {
    const found = findCommand(argv);
    if (!found) {
      writeLine(argv.length && !isHelp(argv[0]) ? io.stderr : io.stdout, renderOverview());
      return argv.length && !isHelp(argv[0]) ? 2 : 0;
    }
    const { cmd, rest } = found;
    if (rest.some(isHelp)) {
      writeLine(io.stdout, renderHelp(cmd));
      return 0;
    }
    return await cmd.run(parseCommandArgs(cmd, rest, io.cwd), io);
  } catch (err) {
    const code = exitCodeFor(err);
    const message = err instanceof TenantopsError ? err.message : (err as Error)?.stack ?? String(err);
    writeLine(io.stderr, `tenantops: ${err instanceof EnvironmentError ? '' : code === 3 ? 'internal error: ' : ''}${message}`);
    return code;
  }
}

function isHelp(arg: string): boolean {
  return arg === '--help' || arg === '-h' || arg === 'help';
}

function findCommand(argv: string[]): { cmd: Command; rest: string[] } | undefined {
  const two = commands.find((c) => c.name === `${argv[0]} ${argv[1]}`);
  if (two) return { cmd: two, rest: argv.slice(2) };
  const one = commands.find((c) => c.name === argv[0]);
  return one ? { cmd: one, rest: argv.slice(1) } : undefined;
}

function renderOverview(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'usage: tenantops <command> [options]   (tenantops <command> --help for its options)',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
  ].join('\n');
}
