// `${{ }}` evaluated by GitHub's own evaluator (@actions/expressions), with the functions only a
// runner can supply: the status functions and hashFiles. Template tokens from the workflow
// parser (a string with `${{ }}` inside arrives as one `format(...)` expression) evaluate to plain
// values. https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
import { createHash } from 'node:crypto';
import { globSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { isBasicExpression, isBoolean, isMapping, isNumber, isSequence, isString } from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index';

/** Plain values by context name: `github`, `env`, `vars`, `secrets`, `inputs`, `needs`, `matrix`, … */
export type Contexts = Record<string, unknown>;

/**
 * What the status functions answer. For a job: success() when every job it needs succeeded (a
 * skipped one does not count) and failure() when one failed; for a step: whether an earlier step
 * failed. cancelled() is the run's (or the job's) cancellation, and success() is false once it is.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#status-check-functions
 */
export interface StatusState {
  success: boolean;
  failure: boolean;
  cancelled: boolean;
}

export interface Scope {
  contexts: Contexts;
  status?: StatusState;
  /** hashFiles reads below this directory. */
  workspace?: string;
}

const CONTEXT_NAMES = ['github', 'env', 'vars', 'secrets', 'inputs', 'needs', 'matrix', 'strategy', 'steps', 'job', 'jobs', 'runner'];

export class ExpressionFailure extends Error {
  readonly expression: string;

  constructor(expression: string, cause: unknown) {
    super(`The expression '${expression}' failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ExpressionFailure';
    this.expression = expression;
  }
}

export function evaluateExpression(expression: string, scope: Scope): unknown {
  try {
    const functions = runnerFunctions(scope);
    const tokens = new Lexer(expression).lex().tokens;
    const tree = new Parser(tokens, CONTEXT_NAMES, [...functions.values()]).parse();
    const result = new Evaluator(tree, toData(scope.contexts) as data.Dictionary, functions).evaluate();
    return fromData(result);
  } catch (err) {
    throw new ExpressionFailure(expression, err);
  }
}

/** An `if:` — the parser has already added the implicit `success() &&` where no status function appears. */
export function evaluateCondition(expression: string, scope: Scope): boolean {
  return isTruthy(evaluateExpression(expression, scope));
}

/** A template token (mapping, sequence, scalar or expression) as a plain value. */
export function evaluateToken(token: TemplateToken | undefined, scope: Scope): unknown {
  if (token === undefined) return undefined;
  if (isBasicExpression(token)) return evaluateExpression(token.expression, scope);
  if (isString(token) || isNumber(token) || isBoolean(token)) return token.value;
  if (isSequence(token)) return [...token].map((item) => evaluateToken(item, scope));
  if (isMapping(token)) {
    const out: Record<string, unknown> = {};
    for (const { key, value } of token) out[toText(evaluateToken(key, scope))] = evaluateToken(value, scope);
    return out;
  }
  if (token.isExpression) throw new Error(`${token.toString()}: \${{ insert }} is not supported by this local runner`);
  return null;
}

/** A token evaluated to a string, as env values and action inputs are. */
export function evaluateText(token: TemplateToken | undefined, scope: Scope): string {
  return toText(evaluateToken(token, scope));
}

/** A mapping of strings (env, with, outputs), each value evaluated on its own. */
export function evaluateStringMap(token: TemplateToken | undefined, scope: Scope): Record<string, string> {
  if (!token) return {};
  if (!isMapping(token)) {
    const value = evaluateToken(token, scope);
    return Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, toText(v)]));
  }
  const out: Record<string, string> = {};
  for (const { key, value } of token) out[toText(evaluateToken(key, scope))] = evaluateText(value, scope);
  return out;
}

/** GitHub's string coercion: null is empty, booleans and numbers print, objects become JSON. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}

/** GitHub's truthiness: false, 0, -0, '', null and NaN are falsy. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return true;
}

function toData(value: unknown): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

function fromData(value: data.ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, data.replacer)) as unknown;
}

function statusFunction(name: string, compute: () => boolean): FunctionDefinition {
  return { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(compute()) };
}

function runnerFunctions(scope: Scope): Map<string, FunctionDefinition> {
  const status = scope.status ?? { success: true, failure: false, cancelled: false };
  const functions = new Map<string, FunctionDefinition>([
    ['success', statusFunction('success', () => status.success && !status.cancelled)],
    ['failure', statusFunction('failure', () => status.failure)],
    ['cancelled', statusFunction('cancelled', () => status.cancelled)],
    ['always', statusFunction('always', () => true)],
    ['hashfiles', {
      name: 'hashFiles',
      minArgs: 1,
      maxArgs: 255,
      call: (...patterns) => new data.StringData(hashFiles(scope.workspace, patterns.map((p) => p.coerceString()))),
    }],
  ]);
  return functions;
}

/**
 * SHA-256 over the SHA-256 of each matching file, in path order; empty when nothing matches.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#hashfiles
 */
function hashFiles(workspace: string | undefined, patterns: string[]): string {
  if (!workspace) throw new Error('hashFiles needs a job workspace');
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = new Set(patterns.filter((p) => p.startsWith('!')).flatMap((p) => globSync(p.slice(1), { cwd: workspace })));
  const files = [...new Set(include.flatMap((p) => globSync(p, { cwd: workspace })))]
    .filter((f) => !exclude.has(f) && statSync(path.join(workspace, f)).isFile())
    .sort();
  if (!files.length) return '';
  const outer = createHash('sha256');
  for (const f of files) outer.update(createHash('sha256').update(readFileSync(path.join(workspace, f))).digest());
  return outer.digest('hex');
}
