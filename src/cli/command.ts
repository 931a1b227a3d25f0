// The shape of a CLI command and the argument parsing every command shares (node's parseArgs),
// so `--help`, unknown flags and exit codes behave the same everywhere.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EnvironmentError } from '../errors/index.ts';
import type { CliIO } from './io.ts';
import { SANDBOX_COMMANDS, SANDBOX_HELP } from './sandbox-flag.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  /** `validate`, `plan`, `catalog match` */
  name: string;
  summary: string;
  /** Usage line(s) after `tenantops `. */
  usage: string;
  options: Options;
  /** Help text per option, by option name. */
  help: Record<string, string>;
  /** The values a string option accepts, by option name; any other value is a usage error. */
  choices?: Record<string, readonly string[]>;
  /** Groups of flags of which at most one may be given (`--json` and `--markdown`). */
  exclusive?: readonly (readonly string[])[];
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  root: string;
}

/** Flags every command accepts. */
export const commonOptions: Options = {
  root: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** `--sandbox` for the commands that talk to live services. */
function sandboxOption(cmd: Command): Options {
  return SANDBOX_COMMANDS.includes(cmd.name) ? { sandbox: { type: 'boolean' } } : {};
}

export function parseCommandArgs(cmd: Command, argv: string[], cwd: string): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...commonOptions, ...sandboxOption(cmd), ...cmd.options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new EnvironmentError(`${(err as Error).message}\nusage: tenantops ${cmd.usage}`);
  }
  const values = parsed.values as ParsedArgs['values'];
  checkChoices(cmd, values);
  checkExclusive(cmd, values);
  const root = typeof parsed.values.root === 'string' ? parsed.values.root : cwd;
  return { values, positionals: parsed.positionals, root };
}

// parseArgs knows types, not allowed values or exclusions: without these checks `--format xml`
// silently meant text and `--json --markdown` silently meant json.
function checkChoices(cmd: Command, values: ParsedArgs['values']): void {
  for (const [name, allowed] of Object.entries(cmd.choices ?? {})) {
    const given = values[name];
    for (const v of Array.isArray(given) ? given : typeof given === 'string' ? [given] : []) {
      if (!allowed.includes(v)) throw new EnvironmentError(`--${name} ${JSON.stringify(v)} is not allowed; allowed: ${allowed.join(', ')}\nusage: tenantops ${cmd.usage}`);
    }
  }
}

function checkExclusive(cmd: Command, values: ParsedArgs['values']): void {
  for (const group of cmd.exclusive ?? []) {
    const given = group.filter((name) => values[name] !== undefined && values[name] !== false);
    if (given.length > 1) throw new EnvironmentError(`${given.map((n) => `--${n}`).join(' and ')} cannot be used together; allowed: at most one of ${group.map((n) => `--${n}`).join(', ')}\nusage: tenantops ${cmd.usage}`);
  }
}

/** The exit codes every command shares (README's CLI section says the same). */
export const EXIT_CODES = 'exit codes: 0 ok, 1 findings or failures, 2 usage or environment error, 3 internal error (a bug: please report it with the message)';

export function renderHelp(cmd: Command): string {
  const lines = [`usage: tenantops ${cmd.usage}${SANDBOX_COMMANDS.includes(cmd.name) ? ' [--sandbox]' : ''}`, '', cmd.summary, '', 'options:'];
  const all: Record<string, string> = {
    ...cmd.help,
    ...(SANDBOX_COMMANDS.includes(cmd.name) ? { sandbox: SANDBOX_HELP } : {}),
    root: 'repository root (default: the current directory)',
    help: 'show this help',
  };
  const width = Math.max(...Object.keys(all).map((k) => k.length)) + 4;
  for (const [name, text] of Object.entries(all)) lines.push(`  --${name.padEnd(width)}${text}`);
  lines.push('', EXIT_CODES);
  return lines.join('\n');
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}
