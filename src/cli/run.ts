// How a command opens a run: the repository at --root, the services logging to stderr (stdout
// carries the command's own output, often JSON), secrets from the command's environment, or
// everything from the running sandbox with --sandbox (loaded only then: it is not every run's).
import { createConsoleLogger } from '../log/index.ts';
import { withRun, type Run } from '../run/index.ts';
import { flag, type ParsedArgs } from './command.ts';
import type { CliIO } from './io.ts';

export async function withCommandRun<T>(args: ParsedArgs, io: CliIO, body: (run: Run) => Promise<T>): Promise<T> {
  const base = { log: createConsoleLogger({ stream: io.stderr }), env: io.env };
  if (!flag(args, 'sandbox')) return withRun(args.root, base, body);
  const { withSandboxRun } = await import('./sandbox.ts');
  return withSandboxRun(args.root, base, body);
}
