// `uses: ./path` steps, run as the runner runs a JavaScript action: action.yml read with GitHub's
// action parser, `runs.using` must be node24, `node <action>/<main>` with the inputs as
// `INPUT_<NAME>` and the workspace as working directory. The action's folder is copied away from
// the checkout first and the copy is checked to have no `node_modules` above it, so a bundle that
// still needs a dependency fails here as it would on GitHub.
// https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#runs-for-javascript-actions
// https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#inputs
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NoOperationTraceWriter } from '@actions/workflow-parser';
import { convertActionTemplate, parseAction, type ActionTemplate } from '@actions/workflow-parser/actions/index';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import type { StepCall, StepResult } from './step-context.ts';
import { runStepProcess } from './step-process.ts';

export const SUPPORTED_NODE_RUNTIME = 'node24';

/** Evaluates an input's `default:` (it may hold `${{ github.token }}` and the like). */
export type DefaultEvaluator = (token: TemplateToken) => string;

export async function runLocalAction(call: StepCall, uses: string, evaluateDefault: DefaultEvaluator): Promise<StepResult> {
  const actionDir = path.resolve(call.machine.workspace, uses);
  const manifest = ['action.yml', 'action.yaml'].map((f) => path.join(actionDir, f)).find((f) => existsSync(f));
  if (!manifest) {
    call.annotate({ level: 'error', message: `Can't find 'action.yml', 'action.yaml' or 'Dockerfile' under '${actionDir}'. Did you forget to run actions/checkout before running your local action?` });
    return { outcome: 'failure' };
  }
  const action = readAction(manifest);
  if (typeof action === 'string') {
    call.annotate({ level: 'error', message: `${uses}: ${action}` });
    return { outcome: 'failure' };
  }
  if (action.runs.using !== SUPPORTED_NODE_RUNTIME || !('main' in action.runs)) {
    call.annotate({ level: 'error', message: `${uses}: runs.using is '${action.runs.using}'; this runner runs '${SUPPORTED_NODE_RUNTIME}' JavaScript actions only` });
    return { outcome: 'failure' };
  }
  const copy = path.join(call.machine.actionsDir, randomUUID(), path.basename(actionDir));
  cpSync(actionDir, copy, { recursive: true });
  const reachable = findNodeModulesAbove(path.dirname(copy));
  if (reachable) {
    call.annotate({ level: 'error', message: `${uses}: ${reachable} is reachable from the action's folder; the runner only runs actions that cannot resolve the checkout's dependencies` });
    return { outcome: 'failure' };
  }

  const declared = action.inputs ?? [];
  const unexpected = Object.keys(call.inputs).filter((k) => !declared.some((d) => d.id.toLowerCase() === k.toLowerCase()));
  if (unexpected.length) {
    call.annotate({ level: 'warning', message: `Unexpected input(s) ${unexpected.map((u) => `'${u}'`).join(', ')}, valid inputs are [${declared.map((d) => `'${d.id}'`).join(', ')}]` });
  }
  const inputEnv: Record<string, string> = {};
  for (const input of declared) {
    const given = Object.entries(call.inputs).find(([k]) => k.toLowerCase() === input.id.toLowerCase())?.[1];
    inputEnv[inputVariable(input.id)] = given ?? (input.default ? evaluateDefault(input.default) : '');
  }
  for (const [key, value] of Object.entries(call.inputs)) inputEnv[inputVariable(key)] ??= value;

  const main = path.join(copy, action.runs.main);
  call.onLine(`##[group]Run ${uses}`);
  for (const [key, value] of Object.entries(inputEnv)) call.onLine(`  ${key.slice('INPUT_'.length).toLowerCase()}: ${value}`);
  call.onLine('##[endgroup]');
  return runStepProcess(call, {
    command: call.machine.nodeBinary,
    args: [main],
    cwd: call.machine.workspace,
    env: { ...call.env, ...inputEnv, GITHUB_ACTION_PATH: copy },
    annotateExitCode: false,
  });
}

/** `INPUT_` + the input's name upper-cased with spaces as underscores (hyphens stay), as @actions/core reads it. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

function readAction(file: string): ActionTemplate | string {
  const parsed = parseAction({ name: file, content: readFileSync(file, 'utf8') }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !parsed.value) return errors.join('; ') || 'empty action.yml';
  const template = convertActionTemplate(parsed.context, parsed.value);
  const more = parsed.context.errors.getErrors().map((e) => e.message);
  return more.length ? more.join('; ') : template;
}

/** A `node_modules` in `dir` or any folder above it (the action's own, committed one is fine). */
function findNodeModulesAbove(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}
