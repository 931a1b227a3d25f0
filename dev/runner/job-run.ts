// One job on one (local) machine: its folders (an empty workspace, RUNNER_TEMP, the event file),
// its masker seeded with every secret it can see, the job's timeout, the steps, then its
// `outputs`, where a value that would reveal a secret is dropped as the runner drops it.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idoutputs
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idtimeout-minutes
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Job } from '@actions/workflow-parser/model/workflow-template';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index';
import { buildGithubContext, buildRunnerContext, RUNNER_NAME, type JobPlace, type RunIdentity } from './contexts.ts';
import { evaluateText, type Contexts } from './expressions.ts';
import type { GitHubHost } from './host.ts';
import type { JobControl } from './job-control.ts';
import { runSteps } from './job-steps.ts';
import type { JobRecord } from './record.ts';
import type { ActionStandIn } from './step-context.ts';
import { AnnotationList, SecretMasker } from './workflow-commands.ts';

/** GitHub's default job timeout. */
export const DEFAULT_JOB_TIMEOUT_MINUTES = 360;

export interface MachineOptions {
  host: GitHubHost;
  repoDir: string;
  nodeBinary: string;
  baseEnv: Record<string, string>;
  /** The machine's npm, wrapped by the job's shim; undefined when there is none. */
  npmPath?: string;
  standIns: Map<string, ActionStandIn>;
}

export interface JobRunInput {
  run: RunIdentity;
  job: Job;
  rawSteps: MappingToken[];
  record: JobRecord;
  /** vars, secrets (with GITHUB_TOKEN), inputs, needs, matrix, strategy. */
  contexts: Contexts;
  env: Record<string, string>;
  defaults: { shell?: string; workingDirectory?: string };
  timeoutMinutes: number;
  /** A folder of its own for this job (matrix combinations get one each). */
  dir: string;
  control: JobControl;
  machine: MachineOptions;
}

export interface JobRunOutcome {
  failed: boolean;
  outputs: Record<string, string>;
}

export async function runJobOnMachine(input: JobRunInput): Promise<JobRunOutcome> {
  const { run, record, control } = input;
  const place: JobPlace = {
    jobId: input.job.id.value,
    workspace: path.join(input.dir, 'workspace'),
    temp: path.join(input.dir, 'temp'),
    toolCache: path.join(input.dir, 'tool-cache'),
    eventPath: path.join(input.dir, 'temp', '_github_workflow', 'event.json'),
  };
  for (const d of [place.workspace, place.temp, place.toolCache, path.dirname(place.eventPath)]) mkdirSync(d, { recursive: true });
  writeFileSync(place.eventPath, JSON.stringify(run.event.payload, null, 2));
  const masker = new SecretMasker();
  for (const value of Object.values((input.contexts.secrets ?? {}) as Record<string, string>)) if (value) masker.add(value);
  masker.add(run.token);

  const timer = setTimeout(() => {
    control.timedOut = true;
    control.cancel(`The job running on runner ${RUNNER_NAME} has exceeded the maximum execution time of ${input.timeoutMinutes} minutes.`);
  }, input.timeoutMinutes * 60_000);
  timer.unref();
  try {
    const outcome = await runSteps({
      run,
      machine: {
        runId: run.id,
        jobId: place.jobId,
        repoDir: input.machine.repoDir,
        workspace: place.workspace,
        temp: place.temp,
        actionsDir: path.join(input.dir, 'actions'),
        nodeBinary: input.machine.nodeBinary,
        event: run.event,
        host: input.machine.host,
        masker,
        pathPrepend: [],
        ownBinsFile: path.join(input.dir, 'bin', OWN_BINS_FILE),
      },
      place,
      steps: input.job.steps,
      rawSteps: input.rawSteps,
      contexts: input.contexts,
      env: input.env,
      defaults: input.defaults,
      baseEnv: input.machine.baseEnv,
      toolDirs: writeNpmShim(path.join(input.dir, 'bin'), input.machine.npmPath),
      standIns: input.machine.standIns,
      control,
      records: record.steps,
    });
    const annotations = new AnnotationList();
    const outputs: Record<string, string> = {};
    const scope = {
      contexts: { ...input.contexts, github: buildGithubContext(run, place), runner: buildRunnerContext(place), env: outcome.env, steps: outcome.steps, job: { status: outcome.failed ? 'failure' : 'success' } },
      workspace: place.workspace,
    };
    for (const { key, value } of input.job.outputs ?? []) {
      const name = evaluateText(key, scope);
      try {
        const text = evaluateText(value, scope);
        if (masker.reveals(text)) annotations.add({ level: 'warning', message: `Skip output '${name}' since it may contain secret.` });
        else outputs[name] = text;
      } catch (err) {
        annotations.add({ level: 'error', message: err instanceof Error ? err.message : String(err) });
      }
    }
    record.annotations.push(...annotations.items);
    return { failed: outcome.failed, outputs };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `npm ci` / `npm install` without packages do nothing: the checkout stand-in links node_modules
 * from the runner's own checkout, and an install would rewrite that folder. Every other npm
 * command goes to the machine's npm.
 */
function writeNpmShim(dir: string, npmPath: string | undefined): string[] {
  if (!npmPath) return [];
  mkdirSync(dir, { recursive: true });
  const shim = path.join(dir, 'npm');
  writeFileSync(shim, [
    '#!/usr/bin/env bash',
    'skip=0',
    'case "$1" in',
    '  ci) skip=1 ;;',
    '  install|i) skip=1; for a in "${@:2}"; do case "$a" in -*) ;; *) skip=0 ;; esac; done ;;',
    'esac',
    'if [ "$skip" = 1 ]; then',
    '  echo "npm $1: skipped by the local runner (node_modules is linked from its checkout)"',
    '  exit 0',
    'fi',
    `exec ${JSON.stringify(npmPath)} "$@"`,
    '',
  ].join('\n'));
  chmodSync(shim, 0o755);
  // `npx <the checkout's own package>` makes npm exec install the workspace folder into its
  // cache before every call (about 2-3 s each on a busy machine, a dozen calls per tenant run);
  // run that package's bin straight from the checkout instead, as npm exec ends up doing.
  // The checkout stand-in lists the bins of what it checked out beside the shim (folder, name,
  // path): read by bash itself, since a `node -e` reading package.json is one more Node start per
  // call (about a second on a busy machine); package.json is read only for another folder.
  // Anything else goes to the machine's npx.
  const npx = path.join(dir, 'npx');
  writeFileSync(npx, [
    '#!/usr/bin/env bash',
    'if [ -f package.json ] && [ -n "$1" ] && [ "${1#-}" = "$1" ]; then',
    `  own="\${0%/*}/${OWN_BINS_FILE}"; here=$(pwd -P)`,
    '  if [ -f "$own" ]; then',
    "    while IFS=$'\\t' read -r d n b; do",
    '      if [ "$d" = "$here" ] && [ "$n" = "$1" ]; then shift; exec "$b" "$@"; fi',
    '    done < "$own"',
    '  fi',
    `  bin=$(node -e ${JSON.stringify(OWN_BIN_SCRIPT)} "$1" 2>/dev/null)`,
    '  if [ -n "$bin" ]; then shift; exec "$bin" "$@"; fi',
    'fi',
    `exec ${JSON.stringify(path.join(path.dirname(npmPath), 'npx'))} "$@"`,
    '',
  ].join('\n'));
  chmodSync(npx, 0o755);
  return [dir];
}

/** The file, beside the job's npx shim, where the checkout stand-in lists the bins it checked out. */
const OWN_BINS_FILE = 'own-bins';

/** Prints the path of package.json's bin named argv[1] when package.json is that package. */
const OWN_BIN_SCRIPT = [
  "const p = require(require('path').resolve('package.json')); const name = process.argv[1];",
  "const bin = typeof p.bin === 'string' ? { [p.name]: p.bin } : p.bin ?? {};",
  "if (p.name === name && bin[name]) console.log(require('path').resolve(bin[name]));",
].join(' ');
