// `tenantops <command>`: finds the command (one or two words), parses its flags, runs it and
// maps any error to an exit code in one place: 0 ok, 1 findings/failures, 2 usage/environment,
// 3 internal error.
import { EnvironmentError, TenantopsError, exitCodeFor } from '../errors/index.ts';
import { EXIT_CODES, parseCommandArgs, renderHelp, type Command } from './command.ts';
import { processIO, writeLine, type CliIO } from './io.ts';
import { COMMAND_LIST, loadCommands } from './command-list.ts';

export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  try {
    const found = await findCommand(argv);
    const group = found ? [] : await loadCommands(commandGroup(argv[0]));
    if (group.length) {
      // `tenantops catalog` is a question about catalog: answer with its verbs, not every command.
      const help = argv.slice(1).some(isHelp);
      writeLine(help ? io.stdout : io.stderr, renderGroupUsage(argv[0], group));
      return help ? 0 : 2;
    }
    if (!found) {
      writeLine(argv.length && !isHelp(argv[0]) ? io.stderr : io.stdout, renderOverview(await loadCommands()));
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

/** The command named by the first one or two words, its module loaded (and only its). */
async function findCommand(argv: string[]): Promise<{ cmd: Command; rest: string[] } | undefined> {
  const two = COMMAND_LIST.find((c) => c.name === `${argv[0]} ${argv[1]}`);
  if (two) return { cmd: await two.load(), rest: argv.slice(2) };
  const one = COMMAND_LIST.find((c) => c.name === argv[0]);
  return one ? { cmd: await one.load(), rest: argv.slice(1) } : undefined;
}

/** The two-word commands whose first word is `word` (`catalog` → catalog match, catalog sync). */
function commandGroup(word: string | undefined): typeof COMMAND_LIST {
  return word ? COMMAND_LIST.filter((c) => c.name.startsWith(`${word} `)) : [];
}

function renderGroupUsage(word: string, group: Command[]): string {
  const width = Math.max(...group.map((c) => c.name.length)) + 2;
  return [
    ...group.map((c, i) => `${i ? '       ' : 'usage: '}tenantops ${c.usage}`),
    '',
    `${word} commands:`,
    ...group.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `(tenantops ${word} <verb> --help for its options)`,
  ].join('\n');
}

function renderOverview(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'usage: tenantops <command> [options]   (tenantops <command> --help for its options)',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    EXIT_CODES,
  ].join('\n');
}
