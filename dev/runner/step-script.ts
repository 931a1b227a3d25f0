// `run:` steps: the script written to a file under RUNNER_TEMP and handed to the shell GitHub
// picks — `bash -e {0}` when no shell is named, `bash --noprofile --norc -eo pipefail {0}` for
// `shell: bash`, `sh -e {0}`, `python {0}`, or a custom command with `{0}`.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StepCall, StepResult } from './step-context.ts';
import { runStepProcess } from './step-process.ts';

interface ShellCommand {
  command: string;
  args: string[];
  extension: string;
}

export async function runScriptStep(call: StepCall, script: string, shell: string | undefined): Promise<StepResult> {
  const shellCommand = resolveShell(shell, call.env.PATH ?? '');
  const file = path.join(call.machine.temp, `${randomUUID()}${shellCommand.extension}`);
  writeFileSync(file, script);
  if (!existsSync(call.workingDirectory)) {
    call.annotate({ level: 'error', message: `An error occurred trying to start process '${shellCommand.command}' with working directory '${call.workingDirectory}'. No such file or directory` });
    return { outcome: 'failure' };
  }
  const args = shellCommand.args.map((a) => a.replace('{0}', file));
  call.onLine(`##[group]Run ${script.split('\n')[0]}`);
  call.onLine(`shell: ${[shellCommand.command, ...shellCommand.args].join(' ')}`);
  call.onLine('##[endgroup]');
  return runStepProcess(call, { command: shellCommand.command, args, cwd: call.workingDirectory, env: call.env, annotateExitCode: true });
}

function resolveShell(shell: string | undefined, pathEnv: string): ShellCommand {
  const bash = hasOnPath('bash', pathEnv);
  switch (shell) {
    case undefined:
    case '':
      // The default differs from `shell: bash`: no pipefail, profile files not suppressed.
      return bash ? { command: 'bash', args: ['-e', '{0}'], extension: '.sh' } : { command: 'sh', args: ['-e', '{0}'], extension: '.sh' };
    case 'bash':
      return { command: 'bash', args: ['--noprofile', '--norc', '-eo', 'pipefail', '{0}'], extension: '.sh' };
    case 'sh':
      return { command: 'sh', args: ['-e', '{0}'], extension: '.sh' };
    case 'python':
      return { command: 'python', args: ['{0}'], extension: '.py' };
    default: {
      const parts = shell.trim().split(/\s+/);
      if (!parts.some((p) => p.includes('{0}'))) parts.push('{0}');
      return { command: parts[0], args: parts.slice(1), extension: '' };
    }
  }
}

function hasOnPath(binary: string, pathEnv: string): boolean {
  return pathEnv.split(':').some((dir) => dir && existsSync(path.join(dir, binary)));
}
