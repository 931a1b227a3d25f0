// How a command opens a run: the repository at --root, the services logging to stderr (stdout
// carries the command's own output, often JSON), secrets from the command's environment, or
// everything from the running sandbox with --sandbox.
import { createConsoleLogger } from '../log/index.ts';
import { withRun, type Run } from '../run/index.ts';
import { flag, type ParsedArgs } from './command.ts';
import type { CliIO } from './io.ts';
import { commandRun } from './workflow-files.ts';
import { withSandboxRun } from './sandbox.ts';

export function withCommandRun<T>(args: ParsedArgs, io: CliIO, body: (run: Run) => Promise<T>): Promise<T> {
  const base = { log: createConsoleLogger({ stream: io.stderr }), env: io.env };
  return flag(args, 'sandbox') ? withSandboxRun(args.root, base, body) : withRun(args.root, base, body);
}

/** Who a command acts as, for audit rows: the GitHub actor under Actions, else the local user. */
export function cliActor(io: CliIO): string {
  return commandRun(io).actor;
}
