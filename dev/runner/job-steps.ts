// The steps of one job, in order: each `if` (success() means no earlier step failed), its `env`,
// `continue-on-error`, `timeout-minutes`, `working-directory` and `shell`; the step itself (a
// script, a local node24 action, or a stand-in); then its environment files, which change the
// environment, PATH and outputs of the steps after it.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idsteps
import path from 'node:path';
import { isString } from '@actions/workflow-parser';
import type { Step } from '@actions/workflow-parser/model/workflow-template';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index';
import { buildGithubContext, buildRunnerContext, defaultVariables, type JobPlace, type RunIdentity } from './contexts.ts';
import { evaluateCondition, evaluateStringMap, evaluateText, evaluateToken, isTruthy, type Contexts, type Scope } from './expressions.ts';
import { createStepFiles, readKeyValueFile, readPathFile, readSummaryFile } from './file-commands.ts';
import type { JobControl } from './job-control.ts';
import type { StepRecord } from './record.ts';
import { describeUnknownAction, standInKey } from './stand-ins.ts';
import type { ActionStandIn, JobMachine, StepCall, StepResult } from './step-context.ts';
import { runLocalAction } from './step-local-action.ts';
import { runScriptStep } from './step-script.ts';
import { AnnotationList, WorkflowCommandReader } from './workflow-commands.ts';

export interface StepsInput {
  run: RunIdentity;
  machine: JobMachine;
  place: JobPlace;
  steps: Step[];
  rawSteps: MappingToken[];
  /** vars, secrets, inputs, needs, matrix, strategy. */
  contexts: Contexts;
  /** Workflow env then job env, evaluated. */
  env: Record<string, string>;
  /** `defaults.run` of the job, else of the workflow. */
  defaults: { shell?: string; workingDirectory?: string };
  /** The machine's own environment (PATH, HOME, …) steps start from. */
  baseEnv: Record<string, string>;
  /** Put before the machine's PATH (the npm shim). */
  toolDirs: string[];
  standIns: Map<string, ActionStandIn>;
  control: JobControl;
  records: StepRecord[];
}

export interface StepsOutcome {
  failed: boolean;
  /** The `steps` context at the end, for the job's outputs. */
  steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }>;
  env: Record<string, string>;
}

export async function runSteps(input: StepsInput): Promise<StepsOutcome> {
  const { machine, control } = input;
  let failed = false;
  const stepsContext: StepsOutcome['steps'] = {};
  const jobEnv = { ...input.env };
  const runner = buildRunnerContext(input.place);

  for (const [i, step] of input.steps.entries()) {
    if (!('run' in step) && !('uses' in step)) throw new Error(`step ${step.id}: only run and uses steps are supported`);
    const raw = input.rawSteps[i];
    const record: StepRecord = { id: step.id, name: defaultName(step), status: 'queued', outputs: {}, log: [], annotations: [] };
    input.records.push(record);
    const annotations = new AnnotationList();
    const annotate = (a: Parameters<AnnotationList['add']>[0]) => annotations.add({ ...a, message: machine.masker.mask(a.message) });
    const finish = (outcome: StepRecord['outcome'], continueOnError = false) => {
      record.status = 'completed';
      if (record.startedAt !== undefined) record.completedAt = Date.now();
      record.outcome = outcome;
      record.conclusion = outcome === 'failure' && continueOnError ? 'success' : outcome;
      record.annotations = annotations.items;
      if (record.conclusion === 'failure') failed = true;
      stepsContext[step.id] = { outputs: record.outputs, outcome: outcome!, conclusion: record.conclusion! };
    };
    const files = createStepFiles(path.join(input.place.temp, '_runner_file_commands'));
    const scopeFor = (env: Record<string, string>): Scope => ({
      contexts: {
        ...input.contexts,
        github: buildGithubContext(input.run, input.place, { id: step.id, files }),
        runner,
        env,
        steps: stepsContext,
        job: { status: control.cancelled ? 'cancelled' : failed ? 'failure' : 'success', services: {} },
      },
      status: { success: !failed, failure: failed, cancelled: control.cancelled },
      workspace: machine.workspace,
    });

    let run: boolean;
    let stepEnv: Record<string, string>;
    let continueOnError = false;
    let timeoutMs: number | undefined;
    let workingDirectory: string;
    try {
      const scope = scopeFor(jobEnv);
      if (step.name) record.name = evaluateText(step.name, scope);
      run = evaluateCondition(step.if.expression, scope);
      if (!run) {
        finish('skipped');
        continue;
      }
      stepEnv = { ...jobEnv, ...evaluateStringMap(step.env, scope) };
      const stepScope = scopeFor(stepEnv);
      // An unnamed script step is named after its first line, expressions evaluated.
      if (!step.name && 'run' in step && step.run.isExpression) record.name = `Run ${evaluateText(step.run, stepScope).split('\n')[0]}`;
      continueOnError = isTruthy(evaluateToken(raw.find('continue-on-error'), stepScope));
      const minutes = evaluateToken(raw.find('timeout-minutes'), stepScope);
      timeoutMs = minutes === undefined || minutes === null ? undefined : Number(minutes) * 60_000;
      workingDirectory = resolveWorkingDirectory(machine.workspace, raw, input.defaults.workingDirectory, stepScope);
    } catch (err) {
      annotate({ level: 'error', message: err instanceof Error ? err.message : String(err) });
      finish('failure');
      continue;
    }

    record.status = 'in_progress';
    record.startedAt = Date.now();
    const stepScope = scopeFor(stepEnv);
    const github = stepScope.contexts.github as Record<string, unknown>;
    const processEnv: Record<string, string> = {
      ...input.baseEnv,
      PATH: [...machine.pathPrepend, ...input.toolDirs, input.baseEnv.PATH ?? ''].filter(Boolean).join(':'),
      ...stepEnv,
      ...defaultVariables(github, runner),
    };
    const reader = new WorkflowCommandReader(machine.masker, {
      log: (line) => record.log.push(line),
      annotate,
      setOutput: (name, value) => {
        record.outputs[name] = value;
      },
    });
    const signal = control.beginStep(() => evaluateCondition(step.if.expression, { ...scopeFor(jobEnv), status: { success: !failed, failure: failed, cancelled: true } }));
    const call: StepCall = {
      machine,
      stepId: step.id,
      stepName: record.name,
      env: processEnv,
      inputs: {},
      files,
      workingDirectory,
      timeoutMs,
      signal,
      onLine: (line) => reader.line(line),
      annotate,
    };
    let result: StepResult;
    try {
      result = await executeStep(input, step, raw, call, stepScope);
    } catch (err) {
      annotate({ level: 'error', message: err instanceof Error ? err.message : String(err) });
      result = { outcome: 'failure' };
    } finally {
      control.endStep();
    }
    Object.assign(record.outputs, result.outputs);
    const fileFailure = applyStepFiles(files, record, jobEnv, machine, annotate);
    finish(fileFailure && result.outcome === 'success' ? 'failure' : result.outcome, continueOnError);
  }
  return { failed, steps: stepsContext, env: jobEnv };
}

async function executeStep(input: StepsInput, step: Step, raw: MappingToken, call: StepCall, scope: Scope): Promise<StepResult> {
  if ('run' in step) {
    const shell = evaluateToken(raw.find('shell'), scope) as string | undefined;
    return runScriptStep(call, evaluateText(step.run, scope), shell ?? input.defaults.shell);
  }
  if (!('uses' in step)) throw new Error(`step ${step.id}: only run and uses steps are supported`);
  const uses = step.uses.value;
  call.inputs = evaluateStringMap(raw.find('with'), scope);
  if (uses.startsWith('./')) return runLocalAction(call, uses, (token) => evaluateText(token, scope));
  const key = standInKey(uses);
  const standIn = key ? input.standIns.get(key) : undefined;
  if (!standIn) {
    call.annotate({ level: 'error', message: describeUnknownAction(uses, input.standIns.keys()) });
    return { outcome: 'failure' };
  }
  return standIn(call);
}

/** GITHUB_ENV, GITHUB_PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY after the step; true when one is malformed. */
function applyStepFiles(
  files: ReturnType<typeof createStepFiles>,
  record: StepRecord,
  jobEnv: Record<string, string>,
  machine: JobMachine,
  annotate: (a: { level: 'error' | 'warning' | 'notice'; message: string }) => void,
): boolean {
  let broken = false;
  const read = (name: string, apply: () => void) => {
    try {
      apply();
    } catch (err) {
      annotate({ level: 'error', message: `Unable to process file command '${name}' successfully. ${err instanceof Error ? err.message : String(err)}` });
      broken = true;
    }
  };
  read('env', () => Object.assign(jobEnv, readKeyValueFile(files.env)));
  read('path', () => {
    for (const dir of readPathFile(files.path)) machine.pathPrepend.unshift(dir);
  });
  read('output', () => Object.assign(record.outputs, readKeyValueFile(files.output)));
  const summary = readSummaryFile(files.summary);
  if (summary.error) annotate({ level: 'error', message: summary.error });
  // The runner masks the summary as it masks the log.
  else if (summary.text !== undefined) record.summary = machine.masker.mask(summary.text);
  return broken;
}

function resolveWorkingDirectory(workspace: string, raw: MappingToken, fallback: string | undefined, scope: Scope): string {
  const token = raw.find('working-directory');
  const dir = token ? evaluateText(token, scope) : fallback;
  return dir ? path.resolve(workspace, dir) : workspace;
}

/** GitHub's names for unnamed steps: `Run <first line of the script>`, `Run <action>`. */
function defaultName(step: Step): string {
  if ('run' in step) return `Run ${isString(step.run) ? step.run.value.split('\n')[0] : step.run.toString()}`;
  if ('uses' in step) return `Run ${step.uses.value}`;
  return step.id;
}
