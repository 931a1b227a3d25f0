// Who a command acts as and which GitHub run (if any) it belongs to, for deployments and audit
// rows. Apart from workflow-files.ts because it reads the run through src/github, which loads the
// Actions toolkit: commands that only write a summary or outputs need none of it.
import { readGitHubRun } from '../github/index.ts';
import type { CliIO } from './io.ts';

export function commandRun(io: CliIO): { actor: string; githubRun?: string; githubRunUrl?: string } {
  const run = readGitHubRun(io.env);
  if (run) return { actor: run.actor, githubRun: run.runId, githubRunUrl: run.runUrl };
  return { actor: `cli:${io.env.USER ?? io.env.USERNAME ?? 'unknown'}` };
}

/** The actor alone: the GitHub actor under Actions, else the local user. */
export function cliActor(io: CliIO): string {
  return commandRun(io).actor;
}
